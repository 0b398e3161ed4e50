import { Socket, createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { CancelledError, ClosedResourceError, Event, currentTask, gather, moveOnAfter, run, sleep, spawn, taskGroup, type Operation } from '@loop/runtime';
import {
  ConnectionRefusedError,
  ConnectionResetError,
  IncompleteReadError,
  connect,
  listen,
  serve,
  type Connection,
  type Server,
} from '../../src/index.js';

function* echo(conn: Connection): Operation<void> {
  for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read()) yield* conn.write(chunk);
}

/** Sends `payload`, half-closes, and reads everything the server sends back. */
function* roundTrip(port: number, payload: Buffer): Operation<Buffer> {
  const conn = yield* connect('127.0.0.1', port);
  yield* conn.write(payload);
  yield* conn.writeEof();
  const parts: Buffer[] = [];
  for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read()) parts.push(chunk);
  yield* conn.close();
  return Buffer.concat(parts);
}

/** A plain Node server on 127.0.0.1 (outside the loop) for the client-side tests. */
function nodeServer(onSocket: (socket: Socket) => void): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      onSocket(socket);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        port: address.port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    });
  });
}

/** Runs `body` with a loop server serving `handler` on 127.0.0.1; the server is stopped (and awaited) afterwards. */
function* withServer<T>(handler: (conn: Connection) => Operation<unknown>, body: (server: Server) => Operation<T>): Operation<T> {
  const server = yield* listen();
  const serving = yield* spawn(server.serve(handler));
  try {
    return yield* body(server);
  } finally {
    serving.cancel('test done');
    yield* settle(serving);
  }
}

/** Waits for an operation and returns what it threw (or null). */
function* settle(op: Operation<unknown>): Operation<unknown> {
  try {
    yield* op;
    return null;
  } catch (error) {
    return error;
  }
}

describe('serve and connect', () => {
  test('an echo server answers 20 concurrent clients with exactly their payloads', async () => {
    const payloads = Array.from({ length: 20 }, (_, i) => Buffer.from(`client ${i}: ${'x'.repeat(5000 * i)}`));
    const replies = await run(() => withServer(echo, (server) => gather(...payloads.map((payload) => roundTrip(server.port, payload)))));
    expect(replies.map((reply) => reply.toString())).toEqual(payloads.map((payload) => payload.toString()));
  });

  test('serve(handler, { ready }) reports the bound server to group.start; the port was picked by the OS', async () => {
    const seen = await run(function* () {
      let bound: Server | null = null;
      const serving = yield* spawn(
        taskGroup(function* (group) {
          bound = yield* group.start<Server>((ready) => serve(echo, { ready }));
        }),
      );
      while (bound === null) yield* sleep(1);
      const server: Server = bound;
      const reply = yield* roundTrip(server.port, Buffer.from('ping'));
      serving.cancel();
      const error = yield* settle(serving);
      return { host: server.host, port: server.port, reply: reply.toString(), error, closed: server.closed };
    });
    expect(seen.host).toBe('127.0.0.1');
    expect(seen.port).toBeGreaterThan(0);
    expect(seen.reply).toBe('ping');
    expect(seen.error).toBeInstanceOf(CancelledError);
    expect(seen.closed).toBe(true);
  });

  test('both ends report their addresses: the client sees the server port, the server sees the client port', async () => {
    const seen = await run(function* () {
      let served: { remoteAddress: string; remotePort: number; localPort: number } | null = null;
      const client = yield* withServer(
        function* (conn) {
          served = { remoteAddress: conn.remoteAddress, remotePort: conn.remotePort, localPort: conn.localPort };
          yield* echo(conn);
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          yield* conn.write('hi');
          yield* conn.readExactly(2);
          const ends = { remoteAddress: conn.remoteAddress, remotePort: conn.remotePort, localAddress: conn.localAddress, localPort: conn.localPort, port: server.port };
          yield* conn.close();
          return ends;
        },
      );
      return { client, served };
    });
    expect(seen.client.remoteAddress).toBe('127.0.0.1');
    expect(seen.client.localAddress).toBe('127.0.0.1');
    expect(seen.client.remotePort).toBe(seen.client.port);
    expect(seen.served).toEqual({ remoteAddress: '127.0.0.1', remotePort: seen.client.localPort, localPort: seen.client.port });
  });

  test('the peer\'s address is still known once the connection is closed, and a served task is named after its peer', async () => {
    const seen = await run(function* () {
      let served: { name: string; peer: string } | null = null;
      const client = yield* withServer(
        function* (conn) {
          yield* conn.readExactly(2);
          yield* conn.close();
          served = { name: (yield* currentTask()).name, peer: `${conn.remoteAddress}:${conn.remotePort}` };
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          yield* conn.write('hi');
          const local = conn.localPort;
          // The server closes once it has read 'hi': an empty read is its end.
          const rest = yield* conn.read();
          if (rest.length !== 0) throw new Error(`expected the end, read ${rest.length} bytes`);
          yield* conn.close();
          return { peer: `${conn.remoteAddress}:${conn.remotePort}`, server: `127.0.0.1:${server.port}`, local };
        },
      );
      return { client, served };
    });
    expect(seen.client.peer).toBe(seen.client.server);
    expect(seen.served).toEqual({ name: `tcp 127.0.0.1:${seen.client.local}`, peer: `127.0.0.1:${seen.client.local}` });
  });

  test('serving and connecting add no property to Node\'s sockets (one gained makes V8 slow down every socket read)', async () => {
    // A socket's own keys as Node creates it; Node adds `_peername` when asked for the peer's address, which nobody does here.
    const created = Reflect.ownKeys(new Socket()).map(String).sort();
    const socketOf = (conn: Connection): Socket => (conn as unknown as { socket: Socket }).socket;
    const seen = await run(function* () {
      const served: string[][] = [];
      const clients = yield* withServer(
        function* (conn) {
          yield* echo(conn);
          served.push(Reflect.ownKeys(socketOf(conn)).map(String).sort());
        },
        (server) =>
          gather(
            ...Array.from({ length: 3 }, function* () {
              const conn = yield* connect('127.0.0.1', server.port);
              for (let i = 0; i < 5; i++) {
                yield* conn.write(`line ${i}\n`);
                yield* conn.readLine();
              }
              yield* conn.writeEof();
              yield* conn.read();
              const keys = Reflect.ownKeys(socketOf(conn)).map(String).sort();
              yield* conn.close();
              return keys;
            }),
          ),
      );
      return { clients, served };
    });
    expect(seen.clients).toEqual([created, created, created]);
    expect(seen.served).toEqual([created, created, created]);
  });

  test('an open connection\'s socket carries only the listeners it needs: a connected one 2 for \'close\', a served one 1, none for \'drain\'', async () => {
    // 'end': Node's own and the reader's; 'error': the reader's and the one its maker added before the connection existed;
    // 'close': the reader's, plus the owner's record on a connected socket (a served one belongs to its handler's task).
    const counts = (conn: Connection): Record<string, number> => {
      const socket = (conn as unknown as { socket: Socket }).socket;
      return Object.fromEntries(socket.eventNames().map((name) => [String(name), socket.listenerCount(name)]));
    };
    const seen = await run(function* () {
      let served: Record<string, number> | null = null;
      const client = yield* withServer(
        function* (conn) {
          served = counts(conn);
          yield* echo(conn);
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          yield* conn.write('hi');
          yield* conn.readExactly(2);
          const open = counts(conn);
          yield* conn.close();
          return open;
        },
      );
      return { client, served };
    });
    expect(seen).toEqual({
      client: { close: 2, error: 2, data: 1, end: 2 },
      served: { close: 1, error: 2, data: 1, end: 2 },
    });
  });

  test('the writer listens for \'drain\' from the first write that waits on: 0 listeners before it, 1 after it and after another', async () => {
    const drainListeners = (conn: Connection): number => (conn as unknown as { socket: Socket }).socket.listenerCount('drain');
    const seen = await run(function* () {
      const startReading = new Event();
      return yield* withServer(
        function* (conn) {
          yield* startReading.wait();
          for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read());
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          for (let i = 0; i < 100; i++) yield* conn.write('0123456789\n');
          const before = drainListeners(conn);
          const block = Buffer.alloc(4 * 1024 * 1024, 1);
          const reading = yield* spawn(
            (function* () {
              yield* sleep(50);
              startReading.set();
            })(),
          );
          yield* conn.write(block); // past the high-water mark: waits for 'drain' until the server reads
          const afterOne = drainListeners(conn);
          yield* conn.write(block);
          const afterTwo = drainListeners(conn);
          yield* reading;
          yield* conn.close();
          return { before, afterOne, afterTwo };
        },
      );
    });
    expect(seen).toEqual({ before: 0, afterOne: 1, afterTwo: 1 });
  });

  test('readLine splits on \\n and \\r\\n, readExactly takes exact byte counts, the last line comes without \\n, then null', async () => {
    const seen = await run(() =>
      withServer(
        function* (conn) {
          yield* conn.write('hello\r\nwor');
          yield* sleep(20);
          yield* conn.write('ld\n');
          yield* conn.write(Buffer.from([1, 2, 3, 4]));
          yield* conn.write('tail');
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          return [yield* conn.readLine(), yield* conn.readLine(), [...(yield* conn.readExactly(4))], yield* conn.readLine(), yield* conn.readLine()];
        },
      ),
    );
    expect(seen).toEqual(['hello', 'world', [1, 2, 3, 4], 'tail', null]);
  });

  test('readExactly past the end of the stream is an IncompleteReadError with the partial bytes', async () => {
    const error = await run(() =>
      withServer(
        function* (conn) {
          yield* conn.write('abc');
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          return yield* settle(conn.readExactly(8));
        },
      ),
    );
    expect(error).toBeInstanceOf(IncompleteReadError);
    expect(error).toMatchObject({ expected: 8, partial: Buffer.from('abc'), message: 'expected 8 bytes, the peer closed the stream after 3' });
  });

  test('cancelled mid-read: the read throws CancelledError and the socket is closed (the peer sees the end)', async () => {
    let peerClosed!: () => void;
    const closedAtPeer = new Promise<void>((resolve) => (peerClosed = resolve));
    const peer = await nodeServer((socket) => {
      socket.on('end', () => peerClosed());
    });
    try {
      const seen = await run(function* () {
        let thrown: unknown = null;
        let conn: Connection | null = null;
        const reader = yield* spawn(
          (function* () {
            conn = yield* connect('127.0.0.1', peer.port);
            try {
              yield* conn.read();
            } catch (error) {
              thrown = error;
              throw error;
            }
          })(),
        );
        yield* sleep(50);
        reader.cancel('enough');
        yield* settle(reader);
        return { thrown, closed: conn!.closed };
      });
      expect(seen.thrown).toBeInstanceOf(CancelledError);
      expect(seen.closed).toBe(true);
      await closedAtPeer;
    } finally {
      peer.close();
    }
  });

  test('a read cancelled while waiting consumes nothing: the next read gets the data', async () => {
    const peer = await nodeServer((socket) => {
      setTimeout(() => socket.write('late'), 150);
    });
    try {
      const seen = await run(function* () {
        const conn = yield* connect('127.0.0.1', peer.port);
        const first = yield* moveOnAfter(30, conn.read());
        const second = yield* conn.read();
        return { timedOut: first.timedOut, second: second.toString() };
      });
      expect(seen).toEqual({ timedOut: true, second: 'late' });
    } finally {
      peer.close();
    }
  });

  test('a peer reset is a ConnectionResetError', async () => {
    const peer = await nodeServer((socket) => {
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
    try {
      const error = await run(function* () {
        const conn = yield* connect('127.0.0.1', peer.port);
        return yield* settle(conn.read());
      });
      expect(error).toBeInstanceOf(ConnectionResetError);
      expect(error).toMatchObject({ name: 'ConnectionResetError', code: 'ECONNRESET' });
    } finally {
      peer.close();
    }
  });

  test('writes after a peer reset are ConnectionResetErrors, every one of them (Node refuses them; none reports success)', async () => {
    const peer = await nodeServer((socket) => {
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
    try {
      const errors = await run(function* () {
        const conn = yield* connect('127.0.0.1', peer.port);
        yield* sleep(100); // the reset has destroyed the socket meanwhile (it is read all the time)
        const seen: unknown[] = [];
        for (let i = 0; i < 3; i++) seen.push(yield* settle(conn.write(`line ${i}\n`)));
        return seen;
      });
      expect(errors.map((error) => (error as Error).name)).toEqual(['ConnectionResetError', 'ConnectionResetError', 'ConnectionResetError']);
    } finally {
      peer.close();
    }
  });

  test('a write after writeEof is a ClosedResourceError and the connection still reads the reply', async () => {
    const peer = await nodeServer((socket) => {
      socket.resume(); // reads (and drops) what comes, so that it sees the end
      socket.on('end', () => socket.end('bye\n'));
    });
    try {
      const seen = await run(function* () {
        const conn = yield* connect('127.0.0.1', peer.port);
        yield* conn.write('hi\n');
        yield* conn.writeEof();
        const late = yield* settle(conn.write('late\n'));
        return { late, reply: yield* conn.readLine(), then: yield* conn.readLine() };
      });
      expect(seen.late).toBeInstanceOf(ClosedResourceError);
      expect(seen.reply).toBe('bye');
      expect(seen.then).toBeNull();
    } finally {
      peer.close();
    }
  });

  test('cancelling the server closes the listener and every connection', async () => {
    const seen = await run(function* () {
      const server = yield* listen();
      const handling = new Event();
      const serving = yield* spawn(
        server.serve(function* (conn) {
          handling.set();
          yield* conn.read(); // waits forever: the client sends nothing
        }),
      );
      const client = yield* connect('127.0.0.1', server.port);
      yield* handling.wait();
      serving.cancel();
      yield* settle(serving);
      const end = yield* client.read(); // the server's side was closed: end of stream
      const refused = yield* settle(connect('127.0.0.1', server.port));
      return { end: end.length, refused };
    });
    expect(seen.end).toBe(0);
    expect(seen.refused).toBeInstanceOf(ConnectionRefusedError);
  });

  test('a handler failing with a ConnectionError ends only its connection; the server keeps serving', async () => {
    const seen = await run(() =>
      withServer(
        function* (conn) {
          const header = yield* conn.readExactly(4); // IncompleteReadError for the first client
          yield* conn.write(header);
        },
        function* (server) {
          const short = yield* connect('127.0.0.1', server.port);
          yield* short.write('ab');
          yield* short.close();
          const good = yield* connect('127.0.0.1', server.port);
          yield* good.write('abcd');
          return (yield* good.readExactly(4)).toString();
        },
      ),
    );
    expect(seen).toBe('abcd');
  });

  test('any other handler error stops the server and is thrown from serve in a TaskGroupError', async () => {
    const error = await run(function* () {
      const server = yield* listen();
      const serving = yield* spawn(
        server.serve(function* () {
          yield* sleep(0);
          throw new Error('bug in handler');
        }),
      );
      yield* connect('127.0.0.1', server.port);
      return yield* settle(serving);
    });
    expect(error).toMatchObject({ name: 'TaskGroupError', errors: [new Error('bug in handler')] });
  });

  test('write waits for the peer to read (backpressure): 8 MiB cannot all be written before the peer starts reading', async () => {
    const events = await run(function* () {
      const log: string[] = [];
      const startReading = new Event();
      return yield* withServer(
        function* (conn) {
          yield* startReading.wait();
          log.push('server reading');
          let total = 0;
          for (let chunk = yield* conn.read(); chunk.length > 0; chunk = yield* conn.read()) total += chunk.length;
          log.push(`server got ${total}`);
        },
        function* (server) {
          const conn = yield* connect('127.0.0.1', server.port);
          yield* gather(
            (function* () {
              const block = Buffer.alloc(256 * 1024, 1);
              for (let i = 0; i < 32; i++) yield* conn.write(block);
              log.push('client wrote all');
              yield* conn.close();
            })(),
            (function* () {
              yield* sleep(100);
              startReading.set();
            })(),
          );
          while (log.length < 3) yield* sleep(5);
          return log;
        },
      );
    });
    expect(events).toEqual(['server reading', 'client wrote all', `server got ${8 * 1024 * 1024}`]);
  });

  test('using a connection after close() is a ClosedResourceError', async () => {
    const errors = await run(() =>
      withServer(echo, function* (server) {
        const conn = yield* connect('127.0.0.1', server.port);
        yield* conn.close();
        yield* conn.close(); // twice: nothing
        return [yield* settle(conn.read()), yield* settle(conn.write('x'))];
      }),
    );
    expect(errors[0]).toBeInstanceOf(ClosedResourceError);
    expect(errors[1]).toBeInstanceOf(ClosedResourceError);
  });

  test('a read waiting in one task when another task aborts the connection is a ClosedResourceError', async () => {
    const error = await run(() =>
      withServer(echo, function* (server) {
        const conn = yield* connect('127.0.0.1', server.port);
        const reader = yield* spawn(settle(conn.read()));
        yield* sleep(20);
        conn.abort();
        return yield* reader;
      }),
    );
    expect(error).toBeInstanceOf(ClosedResourceError);
    expect((error as Error).message).toBe('conn.read(): the connection was closed by this side while the read waited');
  });

  test('`using` flushes what was written and closes the connection at the end of the block', async () => {
    let received = '';
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const peer = await nodeServer((socket) => {
      socket.setEncoding('utf8');
      socket.on('data', (text: string) => (received += text));
      socket.on('end', () => ended());
    });
    try {
      await run(function* () {
        using conn = yield* connect('127.0.0.1', peer.port);
        yield* conn.write('bye');
      });
      await done;
      expect(received).toBe('bye');
    } finally {
      peer.close();
    }
  });

  test('a connection left open by its task is closed when the task finishes', async () => {
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const peer = await nodeServer((socket) => {
      socket.on('end', () => ended());
    });
    try {
      const conn = await run(function* () {
        const task = yield* spawn(connect('127.0.0.1', peer.port));
        return yield* task;
      });
      expect(conn.closed).toBe(true);
      await done;
    } finally {
      peer.close();
    }
  });

  test('connecting to a closed port is a ConnectionRefusedError', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await run(() => settle(connect('127.0.0.1', port)));
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('bad arguments are TypeErrors/RangeErrors naming the argument', () => {
    expect(() => connect('', 80)).toThrow(new TypeError('connect(host, port): host must be a non-empty string, got an empty string'));
    expect(() => connect('127.0.0.1', -1)).toThrow(new RangeError('connect(host, port): port must be a whole number from 1 to 65535, got -1'));
    expect(() => connect('127.0.0.1', 70000)).toThrow(new RangeError('connect(host, port): port must be a whole number from 1 to 65535, got 70000'));
    expect(() => connect('127.0.0.1', '80' as unknown as number)).toThrow(new TypeError('connect(host, port): port must be a number, got string "80"'));
    expect(() => listen({ port: -1 })).toThrow(new RangeError('listen(options): options.port must be a whole number from 0 to 65535, got -1'));
    expect(() => listen({ port: 1.5 })).toThrow(new RangeError('listen(options): options.port must be a whole number from 0 to 65535, got 1.5'));
    expect(() => serve('echo' as unknown as () => Operation<void>)).toThrow(
      new TypeError('serve(handler, options): handler must be a generator function (conn) => operation, got string "echo"'),
    );
  });

  test('bad arguments to a connection’s methods are TypeErrors/RangeErrors naming the argument', async () => {
    const errors = await run(() =>
      withServer(echo, function* (server) {
        const conn = yield* connect('127.0.0.1', server.port);
        const caught: unknown[] = [];
        for (const call of [() => conn.read(0), () => conn.readExactly(-1), () => conn.write(5 as unknown as string)]) {
          try {
            call();
          } catch (error) {
            caught.push(error);
          }
        }
        return caught;
      }),
    );
    expect(errors).toEqual([
      new RangeError('conn.read(max): max must be a whole number >= 1, got 0'),
      new RangeError('conn.readExactly(n): n must be a whole number >= 0, got -1'),
      new TypeError('conn.write(data): data must be a string or a Uint8Array, got number 5'),
    ]);
  });
});

