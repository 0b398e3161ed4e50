"""queue: asyncio.Queue(128); one producer puts n ints, one consumer gets n items and sums them."""

import asyncio
import time

CAPACITY = 128


async def run(n, seed_ms):
    queue = asyncio.Queue(CAPACITY)
    answer = {"count": 0, "sum": 0}

    async def producer():
        for i in range(n):
            await queue.put(i)

    async def consumer():
        for _ in range(n):
            answer["sum"] += await queue.get()
            answer["count"] += 1

    t0 = time.perf_counter()
    await asyncio.gather(producer(), consumer())
    return {"itemsPerSec": n / (time.perf_counter() - t0)}, answer
