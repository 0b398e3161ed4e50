"""subprocess: n children `echo i`, at most 16 at a time (a Semaphore), each
with create_subprocess_exec + communicate(); stdout checked to read "i\\n"."""

import asyncio
import time

CONCURRENCY = 16


async def run(n, seed_ms):
    answer = {"count": 0, "sum": 0, "wrong": 0}
    limit = asyncio.Semaphore(CONCURRENCY)

    async def job(i):
        async with limit:
            proc = await asyncio.create_subprocess_exec("echo", str(i), stdout=asyncio.subprocess.PIPE)
            stdout, _ = await proc.communicate()
        if stdout.decode() == f"{i}\n":
            answer["count"] += 1
            answer["sum"] += i
        else:
            answer["wrong"] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(job(i) for i in range(n)))
    return {"processesPerSec": n / (time.perf_counter() - t0)}, answer
