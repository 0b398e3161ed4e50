// Schedules per second: how fast explore runs a 10-task program under PCT
// and random schedules (every schedule passes, so this is the cost of
// exploring, not of shrinking). Run with `pnpm --filter @loop/test bench`
// (builds first). Not part of the test suite.
//
// Programs: 10 tasks that each take 10 steps (100 task steps in all) and
// 10 tasks of 100 steps (1,000), each step a sleep(0) plus a shared-counter
// update, so every pass offers the scheduler 10 candidates.
import { gather, sleep } from '@loop/runtime';
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

async function measure(label, steps, strategy, schedules) {
  await explore(program(steps), { strategy, schedules: Math.ceil(schedules / 10), failuresDir: null }); // warm-up
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await explore(program(steps), { strategy, schedules, explorerSeed: round, failuresDir: null });
    rounds.push(schedules / ((performance.now() - start) / 1000));
  }
  rounds.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} ${strategy.padEnd(6)} median ${Math.round(rounds[2]).toLocaleString('en-US').padStart(7)} schedules/s (min ${Math.round(rounds[0]).toLocaleString('en-US')}, max ${Math.round(rounds[4]).toLocaleString('en-US')}; ${schedules} schedules a round, 5 rounds)`);
}

for (const strategy of ['pct', 'random']) await measure('10 tasks x 10 steps (100 steps)', 10, strategy, 2000);
for (const strategy of ['pct', 'random']) await measure('10 tasks x 100 steps (1,000 steps)', 100, strategy, 300);
