/**
 * Beyond the lesson: network IO on the loop (asyncio's `start_server` and
 * `open_connection`). An echo server handles each connection in its own
 * task; two clients talk to it at once over real sockets on 127.0.0.1.
 * Stopping the server (cancelling its task) closes the listener and every
 * connection.
 */
import { gather, spawn, type Operation } from '@loop/runtime';
import { connect, listen, type Connection } from '@loop/node';

// #region handler
/** Answers each line a client sends with "echo: <line>", until the client closes its side. */
function* echo(conn: Connection): Operation<void> {
  for (let line = yield* conn.readLine(); line !== null; line = yield* conn.readLine()) {
    yield* conn.write(`echo: ${line}\n`);
  }
}
// #endregion handler

// #region client
/** Sends each message as a line and reads the server's answer to it. */
function* client(port: number, messages: string[]): Operation<string[]> {
  const conn = yield* connect('127.0.0.1', port);
  const replies: string[] = [];
  for (const message of messages) {
    yield* conn.write(`${message}\n`);
    replies.push((yield* conn.readLine()) ?? '(closed)');
  }
  yield* conn.close();
  return replies;
}
// #endregion client

/** Starts the echo server, runs two clients at once against it, then stops it. */
export function* main(print: (line: string) => void = console.log): Operation<void> {
  // #region main
  const server = yield* listen({ port: 0 }); // 127.0.0.1, a free port picked by the OS
  print(`listening on ${server.host}`);
  const serving = yield* spawn(server.serve(echo));

  const [alice, bob] = yield* gather(client(server.port, ['hello', 'how are you?']), client(server.port, ['hi there']));
  print(`alice got: ${alice.join(' | ')}`);
  print(`bob got: ${bob.join(' | ')}`);

  serving.cancel(); // stops accepting; every connection is closed
  try {
    yield* serving;
  } catch {
    // the server task ends by cancellation
  }
  print(`server stopped; listener closed: ${server.closed}`);
  // #endregion main
}
