/**
 * Seeded shuffling over the whole runtime suite (vitest `setupFiles`).
 *
 * When `LOOP_SEED` is set (the `seed-*` vitest projects set it to 1, 2 and
 * 3; a developer may set any integer), every loop created without an explicit
 * `seed` option shuffles same-time ready work with that seed, through the
 * runtime's internal `_setDefaultSeed` hook: the runtime itself never reads
 * the environment (it is platform-neutral), so the harness sets the default.
 * Loops given an explicit `seed` keep it. Tests that assert FIFO tie order by
 * design are listed in fifo-by-design.ts and run without a seed.
 */
import { beforeEach } from 'vitest';
import { _setDefaultSeed } from '../../src/loop/loop.js';
import { FIFO_BY_DESIGN } from './fifo-by-design.js';

/** LOOP_SEED as an integer, or undefined when unset. Read per test: seeded projects share workers' module caches. */
function loopSeed(): number | undefined {
  const raw = process.env['LOOP_SEED'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new TypeError(`LOOP_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

beforeEach(({ task }) => {
  const fifo = FIFO_BY_DESIGN[task.file.name]?.includes(task.fullTestName) === true;
  _setDefaultSeed(fifo ? undefined : loopSeed());
});
