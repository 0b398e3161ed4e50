import { createServer, connect as netConnect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CancelledError, forEach, gather, pipe, run, sleep, spawn, type Operation } from '@loop/runtime';
import { connect, lines, spawnProcess } from '../../src/index.js';
import { ByteReader } from '../../src/io/reader.js';
import { Readiness } from '../../src/io/wait-for.js';

/** A plain Node server on 127.0.0.1 handing each accepted socket to `onSocket`. */
function nodeServer(onSocket: (socket: Socket) => void): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      onSocket(socket);
    });
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    });
  });
}

/** A connected plain socket to `port`. */
function plainSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** How many listeners `emitter` has, per event. */
function listenerCounts(socket: Socket): Record<string, number> {
  return Object.fromEntries(socket.eventNames().map((name) => [String(name), socket.listenerCount(name)]));
}

/** A task that counts the loop's passes: it yields once per pass, so its count moves whenever another task yields. */
function* ticker(ticks: { count: number }): Operation<void> {
  for (;;) {
    ticks.count++;
    yield* sleep(0);
  }
}

const reader = (socket: Socket): ByteReader =>
  new ByteReader(
    socket,
    (error) => error,
    (partial, expected) => new Error(`incomplete: ${partial.length} of ${expected}`),
  );

let controllers = 0;
const RealAbortController = globalThis.AbortController;
beforeEach(() => {
  controllers = 0;
  globalThis.AbortController = class extends RealAbortController {
    constructor() {
      super();
      controllers++;
    }
  };
});
afterEach(() => {
  globalThis.AbortController = RealAbortController;
});

describe('waiting for IO', () => {
  test('a read that waits adds no listener and makes no AbortController: 100 waits, the socket’s listeners never change', async () => {
    let client: Socket | null = null;
    const seen: Record<string, number>[] = [];
    // The peer echoes; when it gets a line, the client's read is waiting for the echo: look at the client's listeners then.
    const server = await nodeServer((socket) =>
      socket.on('data', (data) => {
        seen.push(listenerCounts(client!));
        socket.write(data);
      }),
    );
    try {
      client = await plainSocket(server.port);
      const byteReader = reader(client);
      const before = listenerCounts(client);
      const echoed = await run(function* () {
        const got: string[] = [];
        for (let i = 0; i < 100; i++) {
          client!.write(`line ${i}\n`);
          got.push((yield* byteReader.readLine())!);
        }
        return got;
      });
      expect(echoed).toEqual(Array.from({ length: 100 }, (_, i) => `line ${i}`));
      expect(seen).toHaveLength(100);
      expect(seen.every((counts) => JSON.stringify(counts) === JSON.stringify(before))).toBe(true);
      expect(controllers).toBe(0);
    } finally {
      client?.destroy();
      server.close();
    }
  });

  test('100 reads that wait suspend on one wait object, renewed each time, and 100 cancelled ones on 100', async () => {
    let peer: Socket | null = null;
    const server = await nodeServer((socket) => (peer = socket));
    const client = await plainSocket(server.port);
    const yielded = vi.spyOn(Readiness.prototype, 'yielded');
    const distinct = (): number => new Set(yielded.mock.results.map((result) => result.value as object)).size;
    try {
      const byteReader = reader(client);
      const counts = await run(function* () {
        for (let i = 0; i < 100; i++) {
          const reading = yield* spawn(byteReader.readLine());
          yield* sleep(0); // the read is waiting now
          peer!.write(`line ${i}\n`);
          yield* reading;
        }
        const waited = distinct();
        yielded.mockClear();
        for (let i = 0; i < 100; i++) {
          const reading = yield* spawn(byteReader.readLine());
          yield* sleep(0);
          reading.cancel();
          try {
            yield* reading;
          } catch {
            // cancelled, as asked
          }
        }
        return { waited, cancelled: distinct() };
      });
      // A cancelled wait is not renewed: the runtime may still hold it, so the next wait gets a new object.
      expect(counts).toEqual({ waited: 1, cancelled: 100 });
    } finally {
      yielded.mockRestore();
      client.destroy();
      server.close();
    }
  });

  test('every line already received is handed over without a trip through the loop', async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join('');
    const server = await nodeServer((socket) => socket.end(text));
    try {
      const result = await run(function* () {
        const ticks = { count: 0 };
        const counting = yield* spawn(ticker(ticks));
        const conn = yield* connect('127.0.0.1', server.port);
        const first = yield* conn.readLine();
        yield* sleep(50); // all 8,890 bytes have arrived by now (loopback)
        const at = ticks.count;
        const rest: (string | null)[] = [];
        for (let i = 1; i < 1000; i++) rest.push(yield* conn.readLine());
        const passes = ticks.count - at;
        counting.cancel();
        yield* conn.close();
        return { first, last: rest[998], count: rest.length, passes };
      });
      expect(result).toEqual({ first: 'line 0', last: 'line 999', count: 999, passes: 0 });
    } finally {
      server.close();
    }
  });

  test('a write below the high-water mark returns without yielding to the loop', async () => {
    let received = 0;
    const server = await nodeServer((socket) => socket.on('data', (data) => (received += data.length)));
    try {
      const passes = await run(function* () {
        const ticks = { count: 0 };
        const counting = yield* spawn(ticker(ticks));
        const conn = yield* connect('127.0.0.1', server.port);
        const at = ticks.count;
        for (let i = 0; i < 100; i++) yield* conn.write('0123456789\n');
        const passes = ticks.count - at;
        counting.cancel();
        yield* conn.close();
        return passes;
      });
      expect(passes).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toBe(1100);
      expect(controllers).toBe(0);
    } finally {
      server.close();
    }
  });

  test('a read woken by data but cancelled before it runs consumes nothing: the next read gets the line', async () => {
    let peer: Socket | null = null;
    const server = await nodeServer((socket) => (peer = socket));
    const client = await plainSocket(server.port);
    try {
      const byteReader = reader(client);
      const outcome = await run(function* () {
        const first = yield* spawn(byteReader.readLine());
        yield* sleep(10); // the read is waiting now
        // Registered after the reader's own 'data' listener: runs once the read has been woken, before it resumes.
        client.once('data', () => first.cancel());
        peer!.write('hello\n');
        let error: unknown = null;
        try {
          yield* first;
        } catch (caught) {
          error = caught;
        }
        return { cancelled: error instanceof CancelledError, next: yield* byteReader.readLine() };
      });
      expect(outcome).toEqual({ cancelled: true, next: 'hello' });
    } finally {
      client.destroy();
      server.close();
    }
  });

  test('a reader that keeps up never pauses the socket: 8 MiB streamed, 0 pauses, every byte read', async () => {
    const block = Buffer.alloc(64 * 1024, 5);
    const server = await nodeServer((socket) => {
      let sent = 0;
      const more = (): void => {
        while (sent < 128) {
          sent++;
          if (!socket.write(block)) {
            socket.once('drain', more);
            return;
          }
        }
        socket.end();
      };
      more();
    });
    const client = await plainSocket(server.port);
    let pauses = 0;
    const pause = client.pause.bind(client);
    client.pause = () => {
      pauses++;
      return pause();
    };
    try {
      const byteReader = reader(client);
      const total = await run(function* () {
        let bytes = 0;
        for (let chunk = yield* byteReader.read(Infinity); chunk.length > 0; chunk = yield* byteReader.read(Infinity)) bytes += chunk.length;
        return bytes;
      });
      expect({ total, pauses }).toEqual({ total: 8 * 1024 * 1024, pauses: 0 });
    } finally {
      client.destroy();
      server.close();
    }
  });

  test('reading has backpressure too: a child writing 4 MiB that nobody reads blocks until we read', async () => {
    const order = await run(function* () {
      const events: string[] = [];
      const script = "process.stdout.write(Buffer.alloc(4 * 1024 * 1024, 97), () => process.stderr.write('all written\\n'))";
      const proc = yield* spawnProcess(process.execPath, ['-e', script]);
      yield* gather(
        forEach(pipe(proc.stderr, lines()), (line) => {
          events.push(`child: ${line}`);
        }),
        (function* () {
          yield* sleep(300);
          events.push('reading stdout');
          let total = 0;
          yield* forEach(proc.stdout, (chunk) => {
            total += chunk.length;
          });
          events.push(`read ${total}`);
        })(),
      );
      yield* proc.wait();
      return events;
    });
    expect(order).toEqual(['reading stdout', 'child: all written', `read ${4 * 1024 * 1024}`]);
  });
});
