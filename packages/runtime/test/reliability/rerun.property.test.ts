/**
 * Operations the runtime returns are values: each `yield*` runs them anew
 * (operation.ts, `Rerun`). As a property: for any tree of runtime
 * combinators over reusable leaves, running one value twice gives the same
 * outcome both times, the outcome a fresh value gives, with the leaves run
 * as often and the time taken twice over.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { VirtualClock, gather, gatherSettled, getLoop, moveOnAfter, race, run, shield, sleep, taskGroup, timeout, type Operation } from '../../src/index.js';

type Spec =
  | { kind: 'leaf'; ms: number }
  | { kind: 'timeout' | 'moveOn'; ms: number; op: Spec }
  | { kind: 'shield'; op: Spec }
  | { kind: 'gather' | 'gatherSettled' | 'race' | 'group'; ops: [Spec, Spec] };

const spec: fc.Arbitrary<Spec> = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('leaf' as const), ms: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constantFrom('timeout' as const, 'moveOn' as const), ms: fc.integer({ min: 1, max: 80 }), op: tie('spec') }),
    fc.record({ kind: fc.constant('shield' as const), op: tie('spec') }),
    fc.record({ kind: fc.constantFrom('gather' as const, 'gatherSettled' as const, 'race' as const, 'group' as const), ops: fc.tuple(tie('spec'), tie('spec')) }),
  ),
})).spec;

/** The operation a spec describes; `runs` counts the leaves run. */
function build(s: Spec, runs: { count: number }): Operation<unknown> {
  switch (s.kind) {
    case 'leaf':
      return {
        *[Symbol.iterator]() {
          runs.count++;
          yield* sleep(s.ms);
          return s.ms;
        },
      };
    case 'timeout':
      return timeout(s.ms, build(s.op, runs));
    case 'moveOn':
      return moveOnAfter(s.ms, build(s.op, runs));
    case 'shield':
      return shield(build(s.op, runs));
    case 'gather':
      return gather(build(s.ops[0], runs), build(s.ops[1], runs));
    case 'gatherSettled':
      return gatherSettled(build(s.ops[0], runs), build(s.ops[1], runs));
    case 'race':
      return race(build(s.ops[0], runs), build(s.ops[1], runs));
    case 'group': {
      const [a, b] = [build(s.ops[0], runs), build(s.ops[1], runs)];
      return taskGroup(function* (group) {
        const first = group.spawn(a);
        const second = group.spawn(b);
        return [yield* first, yield* second];
      });
    }
  }
}

/** One run of `op`: its value or error name, the leaves it ran and the virtual time it took. */
function* once(op: Operation<unknown>, runs: { count: number }): Operation<string> {
  const loop = yield* getLoop();
  const [before, start] = [runs.count, loop.time()];
  let outcome: string;
  try {
    outcome = JSON.stringify(yield* op);
  } catch (error) {
    outcome = (error as Error).name;
  }
  return `${outcome} (${runs.count - before} leaves, ${loop.time() - start} ms)`;
}

describe('runtime operations as values', () => {
  test('property: one value run twice gives a fresh value\'s outcome both times', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const seen = await run(function* () {
          const runs = { count: 0 };
          const value = build(s, runs);
          const twice = [yield* once(value, runs), yield* once(value, runs)];
          const fresh = yield* once(build(s, runs), runs);
          return { twice, fresh };
        }, { clock: new VirtualClock() });
        expect(seen.twice).toEqual([seen.fresh, seen.fresh]);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });
});
