"""sleep: n tasks each sleep 200 ms and return their index, gathered; RSS growth per sleeping task read halfway through."""

import asyncio
import os
import time

SLEEP_MS = 200
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


async def sleeper(i):
    await asyncio.sleep(SLEEP_MS / 1000)
    return i


async def run(n, seed_ms):
    during = []
    before = rss_bytes()
    t0 = time.perf_counter()
    asyncio.get_running_loop().call_later(SLEEP_MS / 2000, lambda: during.append(rss_bytes()))
    values = await asyncio.gather(*(sleeper(i) for i in range(n)))
    elapsed_ms = (time.perf_counter() - t0) * 1000
    if not during:
        raise RuntimeError(f"the memory reading due {SLEEP_MS / 2} ms into the sleep never ran")
    metrics = {"overheadMs": elapsed_ms - SLEEP_MS, "rssPerTaskB": (during[0] - before) / n}
    return metrics, {"count": len(values), "sum": sum(values), "elapsedMs": elapsed_ms}
