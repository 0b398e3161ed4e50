#!/usr/bin/env bash
# System packages the test suites need on a fresh machine, installed from
# Debian's archive when they are missing:
#   chromium  the docs site's end-to-end tests drive it with playwright-core
#   tmux      loop-console's real-terminal check runs it under tmux
# Safe to run again: it installs only what is not on PATH yet.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ci-system-deps: missing ${missing[*]} and not root; install them with apt-get" >&2
  exit 1
fi

echo "ci-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
