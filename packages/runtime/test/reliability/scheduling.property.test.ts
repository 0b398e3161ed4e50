/**
 * Property-based scheduling tests: random programs (trees of tasks, groups,
 * gathers, sleeps, queue puts and gets, a lock, an event, failures,
 * cancellations, deadlines and shields) run on the virtual clock, with and
 * without a shuffle seed, and every run must keep the promises of DESIGN.md
 * (see program.ts for the list). fast-check's own seed is fixed, so CI runs
 * the same cases every time; the counts are in RELIABILITY.md.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkInvariants, programArbitrary, replayable, runProgram, type Program } from './program.js';

/** fast-check seeds and case counts: fixed so CI is reproducible and bounded in time. */
export const PROPERTY_SEED = 20261128;
export const INVARIANT_RUNS = 400;
export const REPLAY_RUNS = 150;

describe('random programs on the virtual clock', () => {
  test(`every run keeps the invariants (${INVARIANT_RUNS} programs, FIFO and seeded)`, async () => {
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(programArbitrary(), async (program: Program) => {
        generated++;
        const broken = checkInvariants(await runProgram(program));
        expect(broken).toEqual([]);
      }),
      { seed: PROPERTY_SEED, numRuns: INVARIANT_RUNS },
    );
    expect(generated).toBeGreaterThanOrEqual(INVARIANT_RUNS);
  });

  test(`the same seed replays the same event trace exactly (${REPLAY_RUNS} programs)`, async () => {
    await fc.assert(
      fc.asyncProperty(programArbitrary({ seeded: true }), async (program: Program) => {
        const first = await runProgram(program);
        const second = await runProgram(program);
        expect(replayable(second.events)).toEqual(replayable(first.events));
      }),
      { seed: PROPERTY_SEED + 1, numRuns: REPLAY_RUNS },
    );
  });
});
