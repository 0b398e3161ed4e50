/**
 * `spawn`: n tasks (100,000), each yields to the loop once and returns its
 * index; gathered; the sum of the indexes is verified. The metric is wall
 * time per task in ns, from before the first task is created until the
 * gathered results are back (for loop: `run` included, loop creation and
 * close too).
 *
 * raw has two floors: one microtask hop (`await Promise.resolve()`) and one
 * macrotask hop (`setImmediate`). loop's `sleep(0)` requeues the task at
 * the back of its run queue, which sits between the two.
 *
 * @module
 */
import { gather, run, sleep, type Operation } from '@loop/runtime';
import { expectExact, type Workload } from '../workload.js';

/** The indexes a run got back from its n tasks, reduced to what can be checked. */
export interface IndexSum {
  /** How many results came back. */
  count: number;
  /** Their sum; n tasks returning 0..n-1 sum to n(n-1)/2. */
  sum: number;
}

/**
 * Reduces the gathered indexes to their count and sum.
 *
 * @example
 * ```ts
 * sumIndexes([0, 1, 2]); // { count: 3, sum: 3 }
 * ```
 */
export function sumIndexes(values: readonly number[]): IndexSum {
  let sum = 0;
  for (const value of values) sum += value;
  return { count: values.length, sum };
}

/**
 * The problems with an {@link IndexSum} from n tasks that each returned their index.
 *
 * @example
 * ```ts
 * verifyIndexSum({ count: 3, sum: 3 }, 3); // []
 * ```
 */
export function verifyIndexSum(answer: IndexSum, n: number): string[] {
  return [...expectExact('result count', answer.count, n), ...expectExact('sum of indexes', answer.sum, (n * (n - 1)) / 2)];
}

function nsPerTask(t0: number, n: number): number {
  return ((performance.now() - t0) * 1e6) / n;
}

/** The `spawn` workload. */
export const spawnWorkload: Workload<IndexSum> = {
  id: 'spawn',
  title: 'n tasks each yield to the loop once and return their index, gathered',
  metrics: [{ key: 'nsPerTask', label: 'ns per task', better: 'lower', digits: 0 }],
  implementations: {
    loop: {
      system: 'loop',
      async run({ n }) {
        function* task(i: number): Operation<number> {
          yield* sleep(0);
          return i;
        }
        const t0 = performance.now();
        const values = await run(function* () {
          return yield* gather(...Array.from({ length: n }, (_, i) => task(i)));
        });
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    raw: {
      system: 'raw',
      variant: 'microtask hop',
      async run({ n }) {
        async function task(i: number): Promise<number> {
          await Promise.resolve();
          return i;
        }
        const t0 = performance.now();
        const values = await Promise.all(Array.from({ length: n }, (_, i) => task(i)));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
    'raw-immediate': {
      system: 'raw',
      variant: 'setImmediate hop',
      async run({ n }) {
        async function task(i: number): Promise<number> {
          await new Promise<void>((resolve) => setImmediate(resolve));
          return i;
        }
        const t0 = performance.now();
        const values = await Promise.all(Array.from({ length: n }, (_, i) => task(i)));
        return { metrics: { nsPerTask: nsPerTask(t0, n) }, answer: sumIndexes(values) };
      },
    },
  },
  verify(answer, { n }) {
    return verifyIndexSum(answer, n);
  },
};
