/**
 * The bug catalogue: each classic concurrency bug is found by explore (and
 * its shrunk schedule is small), and its fix passes every schedule.
 */
import { describe, expect, test } from 'vitest';
import { ExploreError, explore } from '../../src/index.js';
import { catalogue } from './index.js';

const FIXED_SCHEDULES = 500;

describe.each(catalogue)('$name', (bug) => {
  test.each(['pct', 'random'] as const)('the buggy version fails under %s and shrinks to at most the expected deviations', async (strategy) => {
    const error = await explore(bug.buggy, { strategy, schedules: 200, failuresDir: null }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExploreError);
    const failure = error as ExploreError;
    expect(failure.seed).not.toBe(0); // plain FIFO passes: the bug needs another order
    expect(failure.deviations.length).toBeGreaterThanOrEqual(1);
    expect(failure.deviations.length).toBeLessThanOrEqual(bug.maxDeviations);
  });

  test(`the fixed version passes ${FIXED_SCHEDULES} schedules of each strategy`, async () => {
    for (const strategy of ['pct', 'random'] as const) {
      const report = await explore(bug.fixed, { strategy, schedules: FIXED_SCHEDULES, failuresDir: null });
      expect(report.schedules).toBe(FIXED_SCHEDULES);
    }
  });
});

test('the shrunk schedules read as the races they are', async () => {
  const schedules: Record<string, string> = {};
  for (const bug of catalogue) {
    const error = (await explore(bug.buggy, { schedules: 200, failuresDir: null }).catch((caught: unknown) => caught)) as ExploreError;
    schedules[bug.name] = `${error.kind}: ${error.schedule}`;
  }
  expect(schedules).toEqual({
    'lost update (read, yield, write)': 'error: FIFO except: at step 1, ran `increment#2` before `increment#1`',
    'check-then-act on a Queue': 'error: FIFO except: at step 1, ran `consumer#2` before `consumer#1`',
    'two locks taken in opposite order': 'deadlock: FIFO except: at step 1, ran `transfer#2` before `transfer#1`',
    'event set before the waiter waits, cleared in between': 'deadlock: FIFO except: at step 1, ran `producer` before `waiter`',
    "a child task racing its parent's finally": 'unhandled: FIFO except: at step 2, ran `main` before `sender`',
    'a cache filled twice by two concurrent misses': 'error: FIFO except: at step 1, ran `client#2` before `client#1`',
    'a bounded queue consumer that loses an item on cancellation': 'error: FIFO except: at step 2, ran `consumer` before `producer`; at step 3, ran `main` before `consumer`',
  });
});
