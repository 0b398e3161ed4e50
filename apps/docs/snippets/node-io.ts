/**
 * The code of the "IO with @loop/node" guide (see snippets/structured-concurrency.ts
 * for how it is checked). Real child processes and real sockets on
 * 127.0.0.1; every snippet is bounded by a timeout.
 */
import { TimeoutError, forEach, gather, pipe, spawn, timeout, type Operation } from '@loop/runtime';
import { connect, exec, lines, listen, spawnProcess, type Connection } from '@loop/node';

type Print = (line: string) => void;

/** IO takes real time, and a virtual clock never jumps past IO in flight: the docs' tests run these snippets on the real clock. */
export const clock = 'real';

/** This Node binary: a child program that exists wherever the docs' tests run. */
const node = process.execPath;

// #region exec
export function* execing(print: Print): Operation<void> {
  const { stdout, code } = yield* exec(node, ['-e', 'console.log("hello from a child")']);
  print(`${stdout.trim()} (exit code ${code})`);

  const [a, b] = yield* gather(
    exec(node, ['-e', 'setTimeout(() => console.log("a"), 200)']),
    exec(node, ['-e', 'setTimeout(() => console.log("b"), 200)']),
  ); // two processes at once
  print(`${a.stdout.trim()} ${b.stdout.trim()}`);
}
// #endregion exec

// #region execTimeout
export function* execTimeout(print: Print): Operation<void> {
  try {
    yield* timeout(1000, exec(node, ['-e', 'setTimeout(() => {}, 60_000)']));
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    print(`${error.name}: the child was terminated and awaited first`);
  }
}
// #endregion execTimeout

// #region process
export function* talking(print: Print): Operation<void> {
  const script = 'process.stdin.on("data", (d) => process.stdout.write(String(d).toUpperCase()))';
  const proc = yield* spawnProcess(node, ['-e', script]);
  yield* proc.stdin.write('first line\nsecond line\n');
  yield* proc.stdin.close(); // the child sees end-of-file and exits
  yield* forEach(pipe(proc.stdout, lines()), (line) => print(line));
  const { code } = yield* proc.wait();
  print(`exit code ${code}`);
}
// #endregion process

// #region tcp
function* echo(conn: Connection): Operation<void> {
  for (let line = yield* conn.readLine(); line !== null; line = yield* conn.readLine()) {
    yield* conn.write(`echo: ${line}\n`);
  }
}

export function* tcpEcho(print: Print): Operation<void> {
  const server = yield* listen(); // 127.0.0.1, a free port
  const serving = yield* spawn(server.serve(echo));
  const conn = yield* connect('127.0.0.1', server.port);
  yield* conn.write('hello\nworld\n');
  print(`${yield* conn.readLine()}`);
  print(`${yield* conn.readLine()}`);
  yield* conn.close();
  serving.cancel(); // closes the listener and every connection
}
// #endregion tcp
