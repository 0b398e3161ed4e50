"""file-lines: Python's plain file iteration (`for line in f`) over a file of
n lines, each `i` padded with dots to 99 characters and a newline; the file
is written once per process before the first run and removed at exit (see
src/workloads/file-lines.ts)."""

import atexit
import os
import shutil
import tempfile
import time

LINE_CHARS = 99
_files = {}


def file_of(n):
    if n in _files:
        return _files[n]
    directory = tempfile.mkdtemp(prefix="loop-bench-lines-")
    atexit.register(shutil.rmtree, directory, True)
    path = os.path.join(directory, f"{n}.txt")
    with open(path, "w") as f:
        for start in range(0, n, 10000):
            f.write("".join(f"{str(i).ljust(LINE_CHARS, '.')}\n" for i in range(start, min(n, start + 10000))))
    _files[n] = path
    return path


async def run(n, seed_ms):
    path = file_of(n)
    count = 0
    chars = 0
    last = ""
    t0 = time.perf_counter()
    with open(path) as f:
        for line in f:
            count += 1
            chars += len(line) - 1
            last = line
    seconds = time.perf_counter() - t0
    return {"linesPerSec": count / seconds}, {"count": count, "chars": chars, "last": int(last.split(".")[0])}
