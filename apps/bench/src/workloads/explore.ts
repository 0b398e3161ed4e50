/**
 * `explore`: schedule exploration with `@loop/test` — how many schedules a
 * second `explore` runs of a 10-task, 100-step program (issue 19's figure).
 * Each of ten tasks takes ten steps, each step a `sleep(0)` and an update of
 * a shared counter, so every pass offers the scheduler up to ten candidates
 * (99 decisions a schedule); every schedule passes, so this is the cost of
 * exploring, not of shrinking. n schedules are run per measurement, under
 * PCT (depth 3, `explore`'s default, ★) and under `random`.
 *
 * loop only: no peer runtime explores schedules. The target is issue 19's
 * absolute one, 2,000 schedules/s (at most 0.5 ms a schedule).
 *
 * @module
 */
import { gather, sleep, type Operation } from '@loop/runtime';
import { explore, type ExploreReport } from '@loop/test';
import { expectExact, type Workload } from '../workload.js';

const TASKS = 10;
const STEPS = 10;

/** What an explore run computed. */
export interface ExploreAnswer {
  /** Schedules explore ran (each passed). */
  schedules: number;
}

function* worker(counter: { value: number }): Operation<void> {
  for (let i = 0; i < STEPS; i++) {
    yield* sleep(0);
    counter.value++;
  }
}

function* program(): Operation<void> {
  const counter = { value: 0 };
  yield* gather(...Array.from({ length: TASKS }, () => worker(counter)));
  if (counter.value !== TASKS * STEPS) throw new Error(`lost an update: ${counter.value}`);
}

async function measure(n: number, strategy: 'pct' | 'random'): Promise<{ metrics: Record<string, number>; answer: ExploreAnswer }> {
  const t0 = performance.now();
  const report: ExploreReport = await explore(program, { strategy, schedules: n, explorerSeed: 1, failuresDir: null });
  const ms = performance.now() - t0;
  return { metrics: { schedulesPerSec: (n / ms) * 1000, msPerSchedule: ms / n }, answer: { schedules: report.schedules } };
}

/** The `explore` workload. */
export const exploreWorkload: Workload<ExploreAnswer> = {
  id: 'explore',
  title: `schedules of ${TASKS} tasks × ${STEPS} steps (a sleep(0) and a shared counter each), under PCT and random`,
  metrics: [
    { key: 'schedulesPerSec', label: 'schedules/s', better: 'higher', digits: 0 },
    { key: 'msPerSchedule', label: 'ms a schedule', better: 'lower', digits: 3 },
  ],
  sizes: { full: 2000, quick: 200 },
  implementations: {
    'loop-pct': {
      system: 'loop',
      variant: 'explore, pct depth 3',
      recommended: true,
      run: ({ n }) => measure(n, 'pct'),
    },
    'loop-random': {
      system: 'loop',
      variant: 'explore, random',
      run: ({ n }) => measure(n, 'random'),
    },
  },
  notApplicable: {
    raw: 'nothing to explore without a scheduler that owns every choice',
    effection: 'no schedule exploration',
    effect: 'no schedule exploration (TestClock controls time, not the order of ready fibers)',
    'p-limit': 'a concurrency limiter, not a task runtime',
    'p-map': 'a concurrency limiter, not a task runtime',
    ix: 'iterables, not tasks',
    asyncio: 'no schedule exploration in the standard library',
  },
  targets: [{ metric: 'msPerSchedule', limit: 0.5, text: '≥ 2,000 schedules/s (at most 0.5 ms a schedule)' }],
  verify(answer, { n }) {
    return expectExact('schedules run', answer.schedules, n);
  },
};
