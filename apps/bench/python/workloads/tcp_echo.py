"""tcp-echo: n clients x 100 lines through a line echo server on 127.0.0.1 (see echo.py)."""

from .echo import echo_run


async def run(n, seed_ms):
    return await echo_run(n, 100)
