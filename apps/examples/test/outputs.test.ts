import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { captureOutput, examples } from '../src/examples.js';

const script = fileURLToPath(new URL('../dist/outputs.js', import.meta.url));

function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('node dist/outputs.js <outdir>', () => {
  // One real run of the built script, shared by the tests that read what it wrote.
  let outdir: string;
  let result: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'loop-outputs-'));
    result = await runScript([outdir]);
  }, 60_000);
  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  test('exits with code 0 and prints nothing on stderr', () => {
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('writes one <name>.txt per example', async () => {
    expect((await readdir(outdir)).sort()).toEqual(
      [
        'async-generators-for-await.txt',
        'async-generators.txt',
        'coroutine-never-awaited.txt',
        'coroutine.txt',
        'gather.txt',
        'generators.txt',
        'queue.txt',
        'subprocess.txt',
        'sync-randn.txt',
        'task-group.txt',
        'tcp-echo.txt',
        'timeout.txt',
      ],
    );
  });

  test('each file holds what the example prints, the same as captureOutput(name) gives the tests', async () => {
    for (const name of Object.keys(examples).filter((name) => name !== 'coroutine-never-awaited')) {
      expect(await readFile(join(outdir, `${name}.txt`), 'utf8'), name).toBe(await captureOutput(name));
    }
  });

  test('gather.txt shows the lesson: took 3.00 seconds, three times', async () => {
    expect(await readFile(join(outdir, 'gather.txt'), 'utf8')).toBe(
      '5 took 3.00 seconds\n[4, 7, 7] took 3.00 seconds\n[2, 3, 7, 9, 3, 1, 1, 7, 4, 2] took 3.00 seconds\n',
    );
  });

  test('coroutine-never-awaited.txt holds the warning a script calling main() alone prints', async () => {
    expect(await readFile(join(outdir, 'coroutine-never-awaited.txt'), 'utf8')).toBe("loop: coroutine 'main' was never awaited\n");
  });

  test('reports each file it wrote on stdout', () => {
    expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual(Object.keys(examples).map((name) => `wrote ${join(outdir, `${name}.txt`)}`));
  });

  test('without an outdir it prints its usage and exits with code 2', async () => {
    const { code, stderr } = await runScript([]);
    expect(code).toBe(2);
    expect(stderr).toBe(`usage: node ${script} <outdir>\n`);
  });
});
