"""The asyncio child: runs one workload 1 warm-up + `runs` counted runs and
prints one JSON line shaped like the Node child's report (see src/child.ts).

Usage: python3 python/child.py <workload> <runs> <n> [--seed-ms <ms>]
       python3 python/child.py --cold <workload> <n> [--seed-ms <ms>]
       python3 python/child.py --import <module>...

With --cold it makes one run in this fresh interpreter and prints a report
shaped like the Node cold child's (src/cold-child.ts): the clock starts
before `import asyncio` and the workload module (neither is loaded before:
asyncio is imported here, not at the top), `importMs` ends when both are
loaded, and the first run follows with no warm-up and no collection before
it. With --import it only times importing the named modules (asyncio's
import cost).

Each workload module under workloads/ has `async def run(n, seed_ms)`
returning `(metrics, answer)`; it measures its own timed stretch and runs
inside one `asyncio.run()` per run, so every run gets a fresh event loop.
A full collection runs before every run, as `--expose-gc` does for Node.
The runner in the parent verifies every answer with the workload's own
`verify` (src/workloads/*.ts), the same check every system gets.
"""

import gc
import importlib
import json
import resource
import sys
import time
import traceback


def positive_int(text, what):
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise ValueError(f"{what} must be a positive integer, got {text!r}")
    return value


def peak_rss_kb():
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def sizes(n_text, rest):
    n = positive_int(n_text, "n")
    seed_ms = 300
    if rest:
        if rest[0] != "--seed-ms" or len(rest) != 2:
            raise ValueError(f"unexpected arguments: {' '.join(rest)}")
        seed_ms = positive_int(rest[1], "--seed-ms")
    return n, seed_ms


def cold(argv):
    if len(argv) < 2:
        raise ValueError("usage: python3 python/child.py --cold <workload> <n> [--seed-ms <ms>]")
    workload_id, n_text, *rest = argv
    n, seed_ms = sizes(n_text, rest)
    t0 = time.perf_counter()
    import asyncio  # noqa: PLC0415 - on the import clock, on purpose

    module = importlib.import_module(f"workloads.{workload_id.replace('-', '_')}")
    t1 = time.perf_counter()
    metrics, answer = asyncio.run(module.run(n, seed_ms))
    t2 = time.perf_counter()
    return {
        "workload": workload_id,
        "implementation": "asyncio",
        "params": {"n": n, "seedMs": seed_ms},
        "importMs": (t1 - t0) * 1000,
        "runMs": (t2 - t1) * 1000,
        "totalMs": (t2 - t0) * 1000,
        "sample": {"metrics": metrics, "answer": answer, "maxRssKb": peak_rss_kb()},
    }


def import_only(names):
    if not names:
        raise ValueError("usage: python3 python/child.py --import <module>...")
    t0 = time.perf_counter()
    for name in names:
        importlib.import_module(name)
    return {"specifiers": names, "importMs": (time.perf_counter() - t0) * 1000}


def main(argv):
    if argv[:1] == ["--cold"]:
        return cold(argv[1:])
    if argv[:1] == ["--import"]:
        return import_only(argv[1:])
    import asyncio  # noqa: PLC0415 - not at the top, so that a cold run can time it

    if len(argv) < 3:
        raise ValueError("usage: python3 python/child.py <workload> <runs> <n> [--seed-ms <ms>]")
    workload_id, runs_text, n_text, *rest = argv
    module = importlib.import_module(f"workloads.{workload_id.replace('-', '_')}")
    runs = positive_int(runs_text, "runs")
    n, seed_ms = sizes(n_text, rest)
    samples = []
    for _ in range(runs + 1):
        gc.collect()
        metrics, answer = asyncio.run(module.run(n, seed_ms))
        samples.append({"metrics": metrics, "answer": answer, "maxRssKb": peak_rss_kb()})
    return {
        "workload": workload_id,
        "implementation": "asyncio",
        "params": {"n": n, "seedMs": seed_ms},
        "gc": True,
        "warmup": samples[0],
        "samples": samples[1:],
        "peakRssKb": peak_rss_kb(),
    }


if __name__ == "__main__":
    try:
        report = main(sys.argv[1:])
    except Exception:  # noqa: BLE001 - every failure becomes the one-line report the runner reads
        print(json.dumps({"error": traceback.format_exc()}))
        sys.exit(1)
    print(json.dumps(report))
