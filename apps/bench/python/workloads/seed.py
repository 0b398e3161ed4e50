"""seed: ten tasks each sleep seed_ms and return a random int 1..10, gathered; then the same ten awaited one after another."""

import asyncio
import random
import time

TASKS = 10


async def randn(seconds):
    await asyncio.sleep(seconds)
    return random.randint(1, 10)


async def run(n, seed_ms):
    seconds = seed_ms / 1000
    t0 = time.perf_counter()
    concurrent = await asyncio.gather(*(randn(seconds) for _ in range(TASKS)))
    t1 = time.perf_counter()
    sequential = [await randn(seconds) for _ in range(TASKS)]
    t2 = time.perf_counter()
    concurrent_ms = (t1 - t0) * 1000
    sequential_ms = (t2 - t1) * 1000
    metrics = {"overheadMs": concurrent_ms - seed_ms, "speedup": sequential_ms / concurrent_ms}
    answer = {"concurrent": list(concurrent), "sequential": sequential, "concurrentMs": concurrent_ms, "sequentialMs": sequential_ms}
    return metrics, answer
