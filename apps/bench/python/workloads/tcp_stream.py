"""tcp-stream: one connection on 127.0.0.1, n MB in 64 KB writes each followed
by drain(), read to the end; every chunk's first byte checked against its
stream position (see src/workloads/tcp-stream.ts)."""

import asyncio
import time

WRITE_BYTES = 65536
MB = 1 << 20


async def run(n, seed_ms):
    writes = [bytes([k % 251]) * WRITE_BYTES for k in range(n * MB // WRITE_BYTES)]
    answer = {"bytes": 0, "misplaced": 0}
    finished = asyncio.Event()

    async def handle(reader, writer):
        while chunk := await reader.read(65536):
            if chunk[0] != (answer["bytes"] // WRITE_BYTES) % 251:
                answer["misplaced"] += 1
            answer["bytes"] += len(chunk)
        writer.close()
        finished.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for chunk in writes:
        writer.write(chunk)
        await writer.drain()
    writer.close()
    await writer.wait_closed()
    await finished.wait()
    seconds = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return {"mbPerSec": answer["bytes"] / MB / seconds}, answer
