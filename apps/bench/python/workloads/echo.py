"""The echo workloads' asyncio side (tcp_echo, tcp_echo_long): a line echo
server on 127.0.0.1 and `clients` clients each sending `lines` lines one at
a time, every echo checked; see src/workloads/tcp-echo.ts."""

import asyncio
import time

LINE_BYTES = 48


def echo_line(client, index):
    return f"{client}:{index}:".ljust(LINE_BYTES - 1, ".")


async def echo_run(clients, lines):
    answer = {"roundTrips": 0, "mismatches": 0, "bytes": 0}

    async def handle(reader, writer):
        try:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
        finally:
            writer.close()

    async def client(port, cid):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for i in range(lines):
            line = echo_line(cid, i)
            writer.write(f"{line}\n".encode())
            await writer.drain()
            back = await reader.readline()
            if back.decode().rstrip("\n") == line:
                answer["roundTrips"] += 1
            else:
                answer["mismatches"] += 1
            answer["bytes"] += len(back)
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    await asyncio.gather(*(client(port, cid) for cid in range(clients)))
    seconds = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return {"roundTripsPerSec": answer["roundTrips"] / seconds, "bytesPerSec": answer["bytes"] / seconds}, answer
