import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { examples } from '../src/examples.js';

const script = fileURLToPath(new URL('../dist/example.js', import.meta.url));

function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { timeout: 10_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('node dist/example.js <name>', () => {
  test('runs the named example live and prints its output', async () => {
    expect(await runScript(['generators'])).toEqual({
      code: 0,
      stdout: '[3, 5, 7, 9, 11, 13, 15]\n[]\nfirst 21, second 23, rest [25, 27, 29]\n(21, 23, 25, 27, 29), a readonly tuple of 5\n',
      stderr: '',
    });
  });

  test('coroutine-never-awaited live: main() alone prints nothing, and the warning comes at exit', async () => {
    expect(await runScript(['coroutine-never-awaited'])).toEqual({ code: 0, stdout: '', stderr: "loop: coroutine 'main' was never awaited\n" });
  });

  test('without a name it prints its usage with the names and exits with code 2', async () => {
    expect(await runScript([])).toEqual({ code: 2, stdout: '', stderr: `usage: node ${script} <name>\nnames: ${Object.keys(examples).join(', ')}\n` });
  });

  test('an unknown name is the usage too, with code 2', async () => {
    expect((await runScript(['nope'])).code).toBe(2);
  });
});
