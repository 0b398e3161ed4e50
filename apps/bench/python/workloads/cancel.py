"""cancel: n tasks in one TaskGroup each sleep 60 s inside try/finally; once all started, the task holding the group is cancelled."""

import asyncio
import time

SLEEP_S = 60


async def run(n, seed_ms):
    counts = {"started": 0, "finally": 0}

    async def sleeper():
        counts["started"] += 1
        try:
            await asyncio.sleep(SLEEP_S)
        finally:
            counts["finally"] += 1

    async def group():
        async with asyncio.TaskGroup() as tg:
            for _ in range(n):
                tg.create_task(sleeper())

    holder = asyncio.create_task(group())
    while counts["started"] < n:
        await asyncio.sleep(0)
    answer = {"started": counts["started"], "finallyBeforeCancel": counts["finally"], "finallyCount": 0}
    t0 = time.perf_counter()
    holder.cancel()
    try:
        await holder
    except asyncio.CancelledError:
        pass
    cancel_ms = (time.perf_counter() - t0) * 1000
    answer["finallyCount"] = counts["finally"]
    return {"cancelMs": cancel_ms}, answer
