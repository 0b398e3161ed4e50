"""pipeline: n ints from an async generator -> map x*2 -> filter x % 3 == 0 -> sum, each stage an async generator."""

import time


async def numbers(n):
    for i in range(n):
        yield i


async def mapped(source):
    async for x in source:
        yield x * 2


async def filtered(source):
    async for x in source:
        if x % 3 == 0:
            yield x


async def run(n, seed_ms):
    count = 0
    total = 0
    t0 = time.perf_counter()
    async for x in filtered(mapped(numbers(n))):
        count += 1
        total += x
    return {"itemsPerSec": n / (time.perf_counter() - t0)}, {"count": count, "sum": total}
