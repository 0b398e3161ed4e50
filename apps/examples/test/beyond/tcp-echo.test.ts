import { describe, expect, test } from 'vitest';
import { run } from '@loop/runtime';
import { main } from '../../src/beyond/tcp-echo.js';

// Real sockets on 127.0.0.1, on the real clock.
async function output(): Promise<string[]> {
  const lines: string[] = [];
  await run(main((line) => lines.push(line)));
  return lines;
}

describe('beyond the lesson: a TCP echo server', () => {
  test('the server listens on 127.0.0.1 by default', async () => {
    expect((await output())[0]).toBe('listening on 127.0.0.1');
  });

  test('two clients talking at once each get exactly their own lines echoed', async () => {
    expect((await output()).slice(1, 3)).toEqual(['alice got: echo: hello | echo: how are you?', 'bob got: echo: hi there']);
  });

  test('cancelling the server task closes the listener', async () => {
    expect((await output())[3]).toBe('server stopped; listener closed: true');
  });
});
