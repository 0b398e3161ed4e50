import { describe, expect, test } from 'vitest';
import { main } from '../../src/index.js';
import { fixture, runNode } from '../support.js';

const program = fixture('main-program.mjs');

describe('main', () => {
  test('SIGINT cancels the main task: its finally blocks run (and may wait), the exit code is 130', async () => {
    const result = await runNode(program, ['wait'], (line, child) => {
      if (line === 'ready') child.kill('SIGINT');
    });
    expect(result).toEqual({
      stdout: 'ready\nfinally: cleaning up\nfinally: done\nmain resolved with 130; SIGINT listeners left: 0\n',
      stderr: '',
      code: 130,
      signal: null,
    });
  });

  test('SIGTERM does the same with exit code 143', async () => {
    const result = await runNode(program, ['wait'], (line, child) => {
      if (line === 'ready') child.kill('SIGTERM');
    });
    expect(result.stdout).toBe('ready\nfinally: cleaning up\nfinally: done\nmain resolved with 143; SIGINT listeners left: 0\n');
    expect(result.code).toBe(143);
  });

  test('a second SIGINT exits at once, without waiting for the cleanup', async () => {
    const result = await runNode(program, ['slow-cleanup'], (line, child) => {
      if (line === 'ready') child.kill('SIGINT');
      if (line === 'finally: cleaning up') child.kill('SIGINT');
    });
    expect(result).toEqual({ stdout: 'ready\nfinally: cleaning up\n', stderr: '', code: 130, signal: null });
  });

  test('a program that returns exits with 0', async () => {
    const result = await runNode(program, ['succeed']);
    expect(result).toEqual({ stdout: 'working\nmain resolved with 0; SIGINT listeners left: 0\n', stderr: '', code: 0, signal: null });
  });

  test('a program that fails prints the error and exits with 1', async () => {
    const result = await runNode(program, ['fail']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('main resolved with 1; SIGINT listeners left: 0\n');
    expect(result.stderr).toContain('Error: something broke');
  });

  test('bad arguments are TypeErrors at the call, naming the argument', () => {
    expect(() => main(42 as unknown as () => Generator<never, void>)).toThrow(
      new TypeError('main(fn, options): fn must be a coroutine function or an operation, got number 42'),
    );
    expect(() => main(function* () {}, { printError: 'no' as unknown as () => void })).toThrow(
      new TypeError('main(fn, options): options.printError must be a function, got string "no"'),
    );
  });
});
