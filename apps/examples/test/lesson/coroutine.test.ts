import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { Coroutine, VirtualClock, run } from '@loop/runtime';
import { main, randn } from '../../src/lesson/coroutine.js';
import { neverAwaited } from '../../src/examples.js';
import { SEED, seededRandom } from '../../src/random.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const builtLesson = new URL('../../dist/lesson/coroutine.js', import.meta.url).href;

/** Runs an ES module script in a real `node` child (from this package, against the built dist/); resolves with its output. */
function node(flags: string[], script: string): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: packageDir, timeout: 10_000 });
}

describe('lesson step 3: the coroutine randn()', () => {
  test('randn() returns an int from 1 to 10 after exactly 3000 ms', async () => {
    const clock = new VirtualClock();
    expect(await run(randn(() => 0.999), { clock })).toBe(10);
    expect(clock.now()).toBe(3000);
  });

  test('run(main) prints the value randn() returned', async () => {
    const lines: string[] = [];
    await run(main((line) => lines.push(line), seededRandom(SEED)), { clock: new VirtualClock() });
    expect(lines).toEqual(['randn() returned 5']);
  });

  test('calling main() without the loop runs none of it: nothing is printed', async () => {
    const lines: string[] = [];
    const op = main((line) => lines.push(line), () => 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(op).toBeInstanceOf(Coroutine);
    expect(op.awaited).toBe(false);
    expect(lines).toEqual([]);
    await run(op, { clock: new VirtualClock() }); // now the loop runs it
    expect(lines).toEqual(['randn() returned 1']);
  });

  test("a script that calls main() without the loop prints only: loop: coroutine 'main' was never awaited", async () => {
    expect(await neverAwaited(new URL(builtLesson))).toEqual(["loop: coroutine 'main' was never awaited"]);
  });

  test('with --expose-gc the warning comes as soon as the garbage collector reclaims the dropped coroutine', async () => {
    const { stdout } = await node(
      ['--expose-gc'],
      `const warnings = [];
      console.warn = (line) => warnings.push(line);
      const { callWithoutLoop } = await import(${JSON.stringify(builtLesson)});
      callWithoutLoop();
      for (let round = 0; round < 4; round++) { gc(); await new Promise((resolve) => setTimeout(resolve, 0)); }
      process.stdout.write(JSON.stringify(warnings));`,
    );
    expect(JSON.parse(stdout)).toEqual(["loop: coroutine 'main' was never awaited"]);
  });

  test('a main() that the loop ran is never reported, collected or at exit', async () => {
    const { stdout, stderr } = await node(
      ['--expose-gc'],
      `import { VirtualClock, run } from '@loop/runtime';
      const { main } = await import(${JSON.stringify(builtLesson)});
      await run(main(console.log, () => 0), { clock: new VirtualClock() });
      for (let round = 0; round < 4; round++) { gc(); await new Promise((resolve) => setTimeout(resolve, 0)); }`,
    );
    expect({ stdout, stderr }).toEqual({ stdout: 'randn() returned 1\n', stderr: '' });
  });
});
