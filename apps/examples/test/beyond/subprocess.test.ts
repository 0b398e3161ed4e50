import { describe, expect, test } from 'vitest';
import { run } from '@loop/runtime';
import { main } from '../../src/beyond/subprocess.js';

// Real child processes on the real clock (a virtual clock does not jump while a process is awaited).
async function output(): Promise<string[]> {
  const lines: string[] = [];
  await run(main((line) => lines.push(line)));
  return lines;
}

describe('beyond the lesson: subprocesses', () => {
  test('exec captures the output and exit code; a failing program is a ProcessError with its stderr', async () => {
    expect((await output()).slice(0, 2)).toEqual(['exec: hello from a child process (exit code 0)', 'ProcessError: exit code 3, stderr "disk full\\n"']);
  });

  test('three programs gathered return their outputs in argument order', async () => {
    expect((await output())[2]).toBe('gathered: one, two, three');
  });

  test("a spawned process's lines arrive as it writes them, then its exit code", async () => {
    expect((await output()).slice(3, 7)).toEqual(['child says: step 1', 'child says: step 2', 'child says: step 3', 'child exited with code 0']);
  });

  test('a cancelled wait terminates the child: it is gone when the deadline returns', async () => {
    expect((await output())[7]).toBe('gave up after 200 ms: true; the child is gone');
  });
});
