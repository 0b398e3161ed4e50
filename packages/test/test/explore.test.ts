/**
 * explore(): what a failure report says, replay by seed, the trace file and
 * the determinism check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseTrace, sleep, spawn, type Operation } from '@loop/runtime';
import { ExploreError, NondeterminismError, explore } from '../src/index.js';
import { lostUpdate } from './bugs/lost-update.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loop-explore-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env['LOOP_EXPLORE_SEED'];
});

async function failure(promise: Promise<unknown>): Promise<ExploreError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ExploreError)) throw new Error(`expected an ExploreError, got ${String(error)}`);
  return error;
}

function* correct(): Operation<void> {
  const counter = { value: 0 };
  const bump = function* (): Operation<void> {
    yield* sleep(0);
    counter.value += 1;
  };
  const a = yield* spawn(bump(), { name: 'a' });
  const b = yield* spawn(bump(), { name: 'b' });
  yield* a;
  yield* b;
  if (counter.value !== 2) throw new Error('lost');
}

describe('explore: a passing program', () => {
  test('resolves with what it ran: every schedule, the strategy and the FIFO run’s steps (PCT’s k)', async () => {
    expect(await explore(correct, { schedules: 50 })).toEqual({ schedules: 50, strategy: 'pct', depth: 3, steps: 2 });
    expect(await explore(correct, { schedules: 10, strategy: 'random' })).toEqual({ schedules: 10, strategy: 'random', depth: 3, steps: 2 });
  });
});

describe('explore: a failing program', () => {
  test('the error names the seed, the schedules run, the shrunk schedule, the trace and how to replay', async () => {
    const error = await failure(explore(lostUpdate.buggy, { failuresDir: dir, name: 'lost update' }));
    expect(error.message).toBe(
      [
        'explore: schedule 329507704 failed (pct, depth 3; after 2 schedules): Error: lost update: counter is 1 after two increments',
        "  shrunk to 1 deviation from FIFO (the seed's run had 4): FIFO except: at step 1, ran `increment#2` before `increment#1`",
        `  trace: ${dir}/lost-update-329507704.jsonl`,
        '  replay: LOOP_EXPLORE_SEED=329507704, or explore(program, { seed: 329507704 })',
      ].join('\n'),
    );
    expect(error).toMatchObject({ seed: 329507704, schedules: 2, strategy: 'pct', depth: 3, kind: 'error', originalDeviations: 4 });
    expect(error.deviations).toEqual([{ kind: 'pick', step: 1, ran: 'increment#2', before: 'increment#1' }]);
    expect(error.cause).toBe(error.error);
  });

  test('the random strategy draws other schedules from the same explorer seed', async () => {
    const error = await failure(explore(lostUpdate.buggy, { strategy: 'random', failuresDir: null }));
    expect(error).toMatchObject({ seed: 1452539496, schedules: 6, strategy: 'random', originalDeviations: 3, schedule: 'FIFO except: at step 1, ran `increment#2` before `increment#1`' });
  });

  test('a program that fails under plain FIFO is schedule 0, with no deviation', async () => {
    const error = await failure(
      explore(function* () {
        yield* sleep(1);
        throw new Error('always');
      }, { failuresDir: null }),
    );
    expect(error).toMatchObject({ seed: 0, schedules: 1, deviations: [], schedule: 'plain FIFO (no deviation)' });
  });

  test('the trace file is the failing seed’s run as a loop trace: header first, a virtual clock, the real-time fields zeroed', async () => {
    const error = await failure(explore(lostUpdate.buggy, { failuresDir: dir, name: 'lost update' }));
    const text = readFileSync(error.tracePath!, 'utf8');
    const { header, events } = parseTrace(text);
    expect(header).toMatchObject({ clock: 'virtual', createdAt: '1970-01-01T00:00:00.000Z' });
    expect(events.filter((event) => event.type === 'task.spawn').map((event) => event.name)).toEqual(['main', 'increment#1', 'increment#2', 'Task-4', 'Task-5']);
    expect(events.filter((event) => event.type === 'task.step').every((event) => event.start === 0 && event.duration === 0)).toBe(true);
  });

  test('the file name is the test name made file-safe, then the seed', async () => {
    const error = await failure(explore(lostUpdate.buggy, { failuresDir: dir, name: 'bank/withdraw: two at once?' }));
    expect(error.tracePath).toBe(`${dir}/bank-withdraw-two-at-once-329507704.jsonl`);
  });

  test('without a name, the running vitest test names the file', async () => {
    const error = await failure(explore(lostUpdate.buggy, { failuresDir: dir }));
    expect(error.tracePath).toBe(`${dir}/explore-a-failing-program-without-a-name-the-running-vitest-test-names-the-file-329507704.jsonl`);
  });

  test('failuresDir: null writes no file', async () => {
    const error = await failure(explore(lostUpdate.buggy, { failuresDir: null }));
    expect(error.tracePath).toBe(null);
    expect(error.message).not.toContain('trace:');
  });

  test('shrink: false stops at the first failing seed and reports it unshrunk', async () => {
    const error = await failure(explore(lostUpdate.buggy, { shrink: false }));
    expect(error).toMatchObject({ seed: 329507704, schedules: 2, deviations: [], originalDeviations: 4, schedule: 'not shrunk (shrink: false)', tracePath: null });
  });
});

describe('explore: replay', () => {
  test('{ seed } runs exactly that schedule and fails the same way', async () => {
    const error = await failure(explore(lostUpdate.buggy, { seed: 329507704, failuresDir: null }));
    expect(error).toMatchObject({ seed: 329507704, schedules: 1, originalDeviations: 4, schedule: 'FIFO except: at step 1, ran `increment#2` before `increment#1`' });
  });

  test('LOOP_EXPLORE_SEED does the same from the environment', async () => {
    process.env['LOOP_EXPLORE_SEED'] = '1452539496';
    const error = await failure(explore(lostUpdate.buggy, { strategy: 'random', failuresDir: null }));
    expect(error).toMatchObject({ seed: 1452539496, schedules: 1, originalDeviations: 3 });
  });

  test('a replay writes the same trace, byte for byte', async () => {
    const found = await failure(explore(lostUpdate.buggy, { failuresDir: join(dir, 'found'), name: 'lost update' }));
    const replayed = await failure(explore(lostUpdate.buggy, { seed: found.seed, failuresDir: join(dir, 'replayed'), name: 'lost update' }));
    expect(readFileSync(replayed.tracePath!, 'utf8')).toBe(readFileSync(found.tracePath!, 'utf8'));
  });

  test('a seed that passes resolves after one schedule', async () => {
    expect(await explore(lostUpdate.fixed, { seed: 329507704 })).toEqual({ schedules: 1, strategy: 'pct', depth: 3, steps: 5 });
  });

  test('LOOP_EXPLORE_SEED that is not an integer is a RangeError', async () => {
    process.env['LOOP_EXPLORE_SEED'] = 'abc';
    await expect(explore(correct)).rejects.toThrow(new RangeError('LOOP_EXPLORE_SEED must be an integer (a seed from an explore failure), got "abc"'));
  });
});

describe('explore: determinism', () => {
  test('a failing seed whose two runs write different traces is reported with the first line that differs', async () => {
    let runs = 0; // state kept between runs: what makes a program non-deterministic
    const error = await explore(function* () {
      runs++;
      const child = yield* spawn(sleep(runs % 2), { name: 'child' });
      yield* child;
      throw new Error('fails');
    }, { failuresDir: null }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NondeterminismError);
    expect(error).toMatchObject({
      seed: 0,
      line: 7,
      first: '{"type":"task.resume","time":0,"taskId":2}',
      second: '{"type":"timer.set","time":0,"taskId":2,"timerId":1,"deadline":1}',
    });
    expect((error as Error).message.split('\n')[0]).toBe('explore: schedule 0 is not deterministic: two runs of it wrote different traces, first at line 7');
  });
});

describe('explore: options', () => {
  test.each([
    [{ schedules: 0 }, new RangeError('explore(program, options): options.schedules must be an integer >= 1, got 0')],
    [{ depth: 1.5 }, new RangeError('explore(program, options): options.depth must be an integer >= 1, got 1.5')],
    [{ strategy: 'dfs' }, new RangeError('explore(program, options): options.strategy must be "pct" or "random", got dfs')],
    [{ jitter: -1 }, new RangeError('explore(program, options): options.jitter must be an integer number of ms >= 0, got -1')],
    [{ faults: { rate: 2 } }, new RangeError('explore(program, options): options.faults.rate must be a probability from 0 to 1, got 2')],
  ])('%j is refused at the call', async (options, expected) => {
    await expect(explore(correct, options as never)).rejects.toThrow(expected);
  });
});
