import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CancelledError, TimeoutError, run, seededRandom, sleep, spawn, timeout } from '@loop/runtime';
import { ProcessError, SpawnError, exec } from '../../src/index.js';
import { errorCode } from '../support.js';

describe('exec', () => {
  test('returns stdout, stderr, the exit code and no signal', async () => {
    const result = await run(() => exec('sh', ['-c', 'echo out; echo err >&2']));
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 0, signal: null });
  });

  test('input is written to stdin, which is then closed', async () => {
    const result = await run(() => exec('sort', [], { input: 'pear\napple\nfig\n' }));
    expect(result.stdout).toBe('apple\nfig\npear\n');
  });

  test('a child that exits without reading all its input is judged by its exit status, not the broken pipe', async () => {
    const result = await run(() => exec('head', ['-c', '3'], { input: 'abcdef'.repeat(1_000_000) }));
    expect(result).toEqual({ stdout: 'abc', stderr: '', code: 0, signal: null });
  });

  test("encoding 'buffer' returns the output as Buffers", async () => {
    const result = await run(() => exec(process.execPath, ['-e', 'process.stdout.write(Buffer.from([0, 255, 7]))'], { encoding: 'buffer' }));
    expect(result.stdout).toEqual(Buffer.from([0, 255, 7]));
    expect(result.stderr).toEqual(Buffer.alloc(0));
  });

  test('cwd and env reach the child', async () => {
    const result = await run(() => exec('sh', ['-c', 'pwd; echo "$GREETING"'], { cwd: '/', env: { GREETING: 'hello', PATH: process.env['PATH'] ?? '' } }));
    expect(result.stdout).toBe('/\nhello\n');
  });

  test('a non-zero exit is a ProcessError with the code, the signal and the captured stderr', async () => {
    const error = await run(() => exec('sh', ['-c', 'echo partial; echo "no such thing" >&2; exit 3'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({ name: 'ProcessError', code: 3, signal: null, stdout: 'partial\n', stderr: 'no such thing\n', command: 'sh' });
    expect((error as ProcessError).message).toBe('sh -c echo partial; echo "no such thing" >&2; exit 3 exited with code 3: no such thing');
  });

  test('a process killed by a signal is a ProcessError naming the signal', async () => {
    const error = await run(() => exec('sh', ['-c', 'kill -KILL $$'])).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProcessError', code: null, signal: 'SIGKILL' });
  });

  test('check: false returns a non-zero exit instead of throwing', async () => {
    const result = await run(() => exec('sh', ['-c', 'echo bad >&2; exit 4'], { check: false }));
    expect(result).toEqual({ stdout: '', stderr: 'bad\n', code: 4, signal: null });
  });

  test('a missing executable is a SpawnError naming the command and ENOENT', async () => {
    const error = await run(() => exec('loop-no-such-command-xyz', ['--help'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpawnError);
    expect(error).toMatchObject({ code: 'ENOENT', command: 'loop-no-such-command-xyz' });
    expect((error as Error).message).toBe('cannot run "loop-no-such-command-xyz": executable not found (ENOENT); check the name and PATH');
  });

  test('timeout(ms, exec(...)) terminates the process, waits for its exit and throws TimeoutError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-exec-'));
    const pidFile = join(dir, 'pid');
    try {
      const error = await run(() => timeout(300, exec('sh', ['-c', `echo $$ > ${pidFile}; exec sleep 30`]))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(errorCode(() => process.kill(pid, 0))).toBe('ESRCH');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('output larger than a pipe holds, on stdout and stderr at once, is returned whole', async () => {
    const script = "process.stdout.write('o'.repeat(1_000_000)); process.stderr.write('e'.repeat(700_000))";
    const result = await run(() => exec(process.execPath, ['-e', script]));
    expect([result.stdout.length, result.stderr.length, result.code]).toEqual([1_000_000, 700_000, 0]);
  });

  test('a missing executable given input is still a SpawnError', async () => {
    const error = await run(() => exec('loop-no-such-command-xyz', [], { input: 'data\n' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpawnError);
    expect(error).toMatchObject({ code: 'ENOENT', command: 'loop-no-such-command-xyz' });
  });

  test.each([
    ['just after it started the child (no time passed)', 0],
    ['while the child runs', 100],
  ])('cancelled %s, exec terminates the process and waits for its exit', async (_when, ms) => {
    const error = await run(function* () {
      const task = yield* spawn(exec('sleep', ['30']));
      yield* sleep(ms); // sleep(0) still lets the task take its first step, which starts the child
      task.cancel();
      return yield* task;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(sleepingChildren()).toEqual([]);
  });

  test('property: exec returns exactly the bytes a child wrote to each pipe, its input echoed whole, and its exit code', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 12 && failures.length === 0; seed++) {
      const random = seededRandom(seed);
      const input = Buffer.from(Array.from({ length: Math.floor(random() * 300_000) }, () => Math.floor(random() * 256)));
      const stderr = 'x'.repeat(Math.floor(random() * 100_000));
      const code = Math.floor(random() * 3);
      const result = await run(() =>
        exec('sh', ['-c', 'cat; printf %s "$ERR" >&2; exit "$CODE"'], {
          input,
          encoding: 'buffer',
          check: false,
          env: { PATH: process.env['PATH'] ?? '', ERR: stderr, CODE: String(code) },
        }),
      );
      if (!result.stdout.equals(input) || result.stderr.toString() !== stderr || result.code !== code) {
        failures.push(`seed ${seed}: ${input.length} bytes in, ${result.stdout.length} out (equal: ${result.stdout.equals(input)}); stderr ${result.stderr.length} of ${stderr.length}; code ${result.code} of ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('bad arguments are TypeErrors/RangeErrors at the call, naming the argument', () => {
    expect(() => exec('', [])).toThrow(new TypeError('exec(command, args, options): command must be a non-empty string, got an empty string'));
    expect(() => exec('ls', 'x' as unknown as string[])).toThrow(new TypeError('exec(command, args, options): args must be an array of strings, got string "x"'));
    expect(() => exec('ls', ['a', 3 as unknown as string])).toThrow(new TypeError('exec(command, args, options): args[1] must be a string, got number 3'));
    expect(() => exec('ls', [], { input: 5 as unknown as string })).toThrow(
      new TypeError('exec(command, args, options): options.input must be a string or a Uint8Array, got number 5'),
    );
    expect(() => exec('ls', [], { killGrace: -1 })).toThrow(
      new RangeError('exec(command, args, options): options.killGrace must be a finite number of milliseconds >= 0, got -1'),
    );
  });
});


/** The `sleep` programs this process has started that still exist (running, or exited and not yet awaited). */
function sleepingChildren(): string[] {
  const listing = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => /\bsleep\b/.test(line));
}
