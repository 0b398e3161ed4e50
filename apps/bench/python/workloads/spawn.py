"""spawn: n tasks each yield to the loop once (asyncio.sleep(0)) and return their index, gathered."""

import asyncio
import time


async def task(i):
    await asyncio.sleep(0)
    return i


async def run(n, seed_ms):
    t0 = time.perf_counter()
    values = await asyncio.gather(*(task(i) for i in range(n)))
    ns_per_task = (time.perf_counter() - t0) * 1e9 / n
    return {"nsPerTask": ns_per_task}, {"count": len(values), "sum": sum(values)}
