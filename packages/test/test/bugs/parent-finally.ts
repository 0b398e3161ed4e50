/**
 * A child racing its parent's `finally`: the parent closes a connection in
 * its `finally` while a child it spawned may still be writing to it. When
 * the parent gets there first, the child is cancelled and its own cleanup
 * writes to the closed connection. The fix waits for the child before
 * closing.
 */
import { sleep, spawn, type Operation } from '@loop/runtime';

class Connection {
  closed = false;
  readonly written: string[] = [];

  write(line: string): void {
    if (this.closed) throw new Error(`write "${line}" after close`);
    this.written.push(line);
  }
}

function* sender(connection: Connection): Operation<void> {
  connection.write('hello');
  try {
    yield* sleep(0);
    connection.write('world');
  } finally {
    if (connection.written.length < 2) connection.write('bye'); // interrupted: say goodbye
  }
}

function* program(waitForChild: boolean): Operation<void> {
  const connection = new Connection();
  try {
    const child = yield* spawn(sender(connection), { name: 'sender' });
    yield* sleep(0); // the parent's own work
    yield* sleep(0);
    if (waitForChild) yield* child;
  } finally {
    connection.closed = true;
  }
}

export const parentFinally = {
  name: "a child task racing its parent's finally",
  buggy: () => program(false),
  fixed: () => program(true),
  maxDeviations: 1,
};
