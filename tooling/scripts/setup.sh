#!/bin/sh
# Prepare a fresh machine that has only Node.js and npm: install the pinned
# pnpm when it is missing (corepack can fail on registry signature checks, so
# npm installs it), install the workspace from the committed lockfile, then
# the system programs the tests need (Chromium, tmux: from Debian's archive
# when run as root there, else one line saying what to install).
set -eu
cd "$(dirname "$0")/../.."
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing pnpm@$want with npm (found: ${have:-none})"
  npm install --global --no-fund --no-audit --loglevel=error "pnpm@$want" >/dev/null
fi
pnpm install --frozen-lockfile --prefer-offline --reporter=append-only
node tooling/scripts/system-deps.mjs install
