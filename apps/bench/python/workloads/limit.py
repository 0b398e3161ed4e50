"""limit: n jobs each yield once and return their index, at most 64 at a time (a Semaphore(64) around each gathered task)."""

import asyncio
import time

LIMIT = 64


async def run(n, seed_ms):
    semaphore = asyncio.Semaphore(LIMIT)
    gauge = {"running": 0, "max": 0}

    async def job(i):
        async with semaphore:
            gauge["running"] += 1
            gauge["max"] = max(gauge["max"], gauge["running"])
            await asyncio.sleep(0)
            gauge["running"] -= 1
            return i

    t0 = time.perf_counter()
    values = await asyncio.gather(*(job(i) for i in range(n)))
    jobs_per_sec = n / (time.perf_counter() - t0)
    return {"jobsPerSec": jobs_per_sec}, {"count": len(values), "sum": sum(values), "maxRunning": gauge["max"]}
