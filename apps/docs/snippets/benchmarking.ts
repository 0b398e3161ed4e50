/**
 * The code of the "Benchmarking with @loop/bench" guide (see
 * snippets/structured-concurrency.ts for how it is checked).
 */
import { VirtualClock, gather, run, sleep, type Operation } from '@loop/runtime';
import { barChartSvg, defineBench, formatTook, profileLoop, runBench, suite, timed, type LoopProfiler } from '@loop/bench';

type Print = (line: string) => void;

function* randn(ms = 3000): Operation<number> {
  yield* sleep(ms);
  return ms / 1000;
}

// #region timed
export function* timing(print: Print): Operation<void> {
  const one = yield* timed(randn());
  print(formatTook(one.value, one.elapsed));
  const three = yield* timed(gather(randn(), randn(), randn()));
  print(formatTook(three.value, three.elapsed));
}
// #endregion timed

// #region profile
export async function profiling(print: Print): Promise<void> {
  let profiler: LoopProfiler | undefined;
  await run(() => gather(randn(1000), randn(2000), randn(3000)), {
    clock: new VirtualClock(),
    onLoop: (loop) => (profiler = profileLoop(loop)),
  });
  const report = profiler?.report();
  print(`wall ${report?.wall} ms, work ${report?.work} ms, speedup ${report?.speedup}`);
}
// #endregion profile

// #region suite
const numbers = Array.from({ length: 1000 }, (_, i) => i);

export const sums = suite(
  'sum 1000 numbers',
  [
    defineBench('for loop', () => {
      let sum = 0;
      for (const n of numbers) sum += n;
      return sum;
    }),
    defineBench('reduce', () => numbers.reduce((sum, n) => sum + n, 0)),
    defineBench(
      'gather 100 sleeps',
      function* () {
        return yield* gather(...Array.from({ length: 100 }, () => sleep(10)));
      },
      { clock: 'virtual' }, // sleeps are free: a sample measures the scheduler alone
    ),
  ],
  { baseline: 'reduce' },
);

export async function benchmarking(print: Print): Promise<void> {
  const result = await runBench(sums, { time: 50, minSamples: 5, warmupTime: 10 });
  for (const { name, kind, stats } of result.cases) print(`${name}: ${kind}, ${stats.samples >= 5 ? 'enough samples' : 'too few'}`);
  print(`compared with ${result.baseline}: ${result.comparisons.length} comparisons`);
}
// #endregion suite

// #region chart
export function charting(print: Print): void {
  const svg = barChartSvg(
    [{ label: 'spawn', bars: [{ name: 'loop', value: 1877 }, { name: 'raw', value: 1384 }] }],
    { title: 'ns per task', unit: 'ns', lowerIsBetter: true },
  );
  print(`${svg.startsWith('<svg') ? 'an SVG' : 'not SVG'} with ${svg.match(/<rect/g)?.length ?? 0} rects`);
}
// #endregion chart
