// Schedules per second: how fast explore runs a 10-task program under PCT
// and random schedules (every schedule passes, so this is the cost of
// exploring, not of shrinking), against a baseline: the same runs with a
// bare seeded-random Scheduler and no explore around them. The difference,
// divided by the decisions a run makes, is explore's bookkeeping per
// decision. Run with `pnpm --filter @loop/test bench` (builds first). Not
// part of the test suite.
//
// Programs: 10 tasks that each take 10 steps (100 task steps in all) and
// 10 tasks of 100 steps (1,000), each step a sleep(0) plus a shared-counter
// update, so every pass offers the scheduler 10 candidates.
import { VirtualClock, gather, run, seededRandom, sleep } from '@loop/runtime';
import { explore } from '../dist/index.js';

function* worker(counter, steps) {
  for (let i = 0; i < steps; i++) {
    yield* sleep(0);
    counter.value++;
  }
}

function program(steps) {
  return function* () {
    const counter = { value: 0 };
    yield* gather(...Array.from({ length: 10 }, () => worker(counter, steps)));
    if (counter.value !== 10 * steps) throw new Error('lost an update');
  };
}

/**
 * Runs per second over 7 rounds of `count` runs each: the best round (the
 * least disturbed on a shared machine, used for the per-decision cost) and
 * the median.
 */
async function rate(count, runRound) {
  await runRound(Math.ceil(count / 10), 99); // warm-up
  const rounds = [];
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    await runRound(count, round);
    rounds.push(count / ((performance.now() - start) / 1000));
  }
  rounds.sort((a, b) => a - b);
  return { best: rounds[6], median: rounds[3] };
}

const format = (value) => Math.round(value).toLocaleString('en-US');

for (const [steps, count] of [
  [10, 2000],
  [100, 300],
]) {
  let decisions = 0;
  const baseline = await rate(count, async (runs, round) => {
    for (let i = 0; i < runs; i++) {
      const random = seededRandom(round * 100_000 + i);
      decisions = 0;
      const pick = (candidates) => {
        decisions++;
        return Math.floor(random() * candidates.length);
      };
      await run(program(steps), { clock: new VirtualClock(), scheduler: { pick } });
    }
  });
  console.log(`10 tasks x ${steps} steps: ${decisions} decisions a run`);
  console.log(`  baseline run() with a random Scheduler  best ${format(baseline.best).padStart(7)}, median ${format(baseline.median).padStart(7)} runs/s`);
  for (const strategy of ['pct', 'random']) {
    const schedules = await rate(count, (runs, round) => explore(program(steps), { strategy, schedules: runs, explorerSeed: round, failuresDir: null }));
    const perDecision = ((1e6 / schedules.best - 1e6 / baseline.best) / decisions) * 1000;
    console.log(
      `  explore ${strategy.padEnd(6)}                         best ${format(schedules.best).padStart(7)}, median ${format(schedules.median).padStart(7)} schedules/s (${Math.round(perDecision)} ns a decision over the baseline, best rounds)`,
    );
  }
}
