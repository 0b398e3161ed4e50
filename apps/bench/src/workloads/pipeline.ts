/**
 * `pipeline`: n ints (1,000,000: 0..n-1) from an async generator → map
 * x*2 → filter x % 3 == 0 → sum, every stage streaming (a value goes all
 * the way through before the next is made; nothing is collected on the
 * way). The metric is source items per second; the answer is how many
 * values reached the sum and their sum.
 *
 * The async generator is each system's own: loop a stream coroutine
 * (`stream(function* () { … yield i })`), raw, ix and Effection a JS
 * `async function*`, asyncio an `async def` with `yield`. loop is measured
 * with `pipe(source, map, filter, reduce)` (the recommended form) and with
 * `forEach` over `pipe(source, map, filter)`. Effect twice: fed by a JS
 * async generator (`Stream.fromAsyncIterable`), and as `Stream.range`,
 * which Effect chunks (BENCH.md holds loop, item by item, to at least the
 * chunked figure). Effection 4 has no stream operators: map and filter
 * are written as stream-to-stream functions over `stream()`'s
 * subscription, as its stream-helpers do, and read with `each`.
 *
 * @module
 */
import { filter, forEach, map, pipe, reduce, run, stream, type Stream } from '@loop/runtime';
import type { Stream as EffectionStreamOf } from 'effection';
import { expectExact, type Workload } from '../workload.js';

/** What a pipeline run summed. */
export interface PipelineAnswer {
  /** How many values reached the sum. */
  count: number;
  /** Their sum. */
  sum: number;
}

/**
 * What 0..n-1 → x*2 → x % 3 == 0 → sum must give: the multiples of 3 below
 * n, doubled. With k = ⌈n/3⌉ of them, the sum is 6·(0 + 1 + … + k−1) = 3k(k−1).
 *
 * @example
 * ```ts
 * expectedPipeline(10); // { count: 4, sum: 36 }: 0, 6, 12, 18
 * ```
 */
export function expectedPipeline(n: number): PipelineAnswer {
  const k = Math.ceil(n / 3);
  return { count: k, sum: 3 * k * (k - 1) };
}

const double = (x: number): number => x * 2;
const divisibleBy3 = (x: number): boolean => x % 3 === 0;
function add(answer: PipelineAnswer, x: number): PipelineAnswer {
  answer.count++;
  answer.sum += x;
  return answer;
}

function itemsPerSecond(t0: number, n: number): number {
  return n / ((performance.now() - t0) / 1000);
}

function loopNumbers(n: number): Stream<number> {
  return stream(function* () {
    for (let i = 0; i < n; i++) yield i;
  });
}

// eslint-disable-next-line @typescript-eslint/require-await -- a source that awaits nothing: each value still costs the consumer one promise
async function* jsNumbers(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** The `pipeline` workload. */
export const pipelineWorkload: Workload<PipelineAnswer> = {
  id: 'pipeline',
  title: 'n ints from an async generator → map x*2 → filter x % 3 == 0 → sum, every stage streaming',
  metrics: [{ key: 'itemsPerSec', label: 'items/s', better: 'higher', digits: 0, importFold: 'perSecond' }],
  sizes: { full: 1_000_000, quick: 50_000 },
  implementations: {
    loop: {
      system: 'loop',
      variant: 'pipe(stream, map, filter, reduce)',
      recommended: true,
      async run({ n }) {
        const t0 = performance.now();
        const answer = await run(() => pipe(loopNumbers(n), map(double), filter(divisibleBy3), reduce(add, { count: 0, sum: 0 })));
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    'loop-foreach': {
      system: 'loop',
      variant: 'forEach over pipe(stream, map, filter)',
      async run({ n }) {
        const answer: PipelineAnswer = { count: 0, sum: 0 };
        const t0 = performance.now();
        await run(() => forEach(pipe(loopNumbers(n), map(double), filter(divisibleBy3)), (x) => void add(answer, x)));
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    raw: {
      system: 'raw',
      variant: 'async generators',
      async run({ n }) {
        async function* mapped(source: AsyncIterable<number>): AsyncGenerator<number> {
          for await (const x of source) yield double(x);
        }
        async function* filtered(source: AsyncIterable<number>): AsyncGenerator<number> {
          for await (const x of source) if (divisibleBy3(x)) yield x;
        }
        const answer: PipelineAnswer = { count: 0, sum: 0 };
        const t0 = performance.now();
        for await (const x of filtered(mapped(jsNumbers(n)))) add(answer, x);
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    ix: {
      system: 'ix',
      variant: 'AsyncIterableX map/filter/reduce',
      async run({ n }) {
        const { from, reduce: ixReduce } = await import('ix/asynciterable');
        const operators = await import('ix/asynciterable/operators');
        const t0 = performance.now();
        const source = from(jsNumbers(n)).pipe(operators.map(double), operators.filter(divisibleBy3));
        const answer = await ixReduce(source, { callback: add, seed: { count: 0, sum: 0 } });
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    effection: {
      system: 'effection',
      variant: 'stream() + each, map/filter by hand',
      async run({ n }) {
        const effection = await import('effection');
        type EffectionStream = EffectionStreamOf<number, unknown>;
        function mapped(source: EffectionStream): EffectionStream {
          return {
            *[Symbol.iterator]() {
              const subscription = yield* source;
              return {
                *next() {
                  const next = yield* subscription.next();
                  return next.done === true ? next : { done: false, value: double(next.value) };
                },
              };
            },
          };
        }
        function filtered(source: EffectionStream): EffectionStream {
          return {
            *[Symbol.iterator]() {
              const subscription = yield* source;
              return {
                *next() {
                  for (;;) {
                    const next = yield* subscription.next();
                    if (next.done === true || divisibleBy3(next.value)) return next;
                  }
                },
              };
            },
          };
        }
        const answer: PipelineAnswer = { count: 0, sum: 0 };
        const t0 = performance.now();
        await effection.run(function* () {
          for (const x of yield* effection.each(filtered(mapped(effection.stream(jsNumbers(n)))))) {
            add(answer, x);
            yield* effection.each.next();
          }
        });
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    effect: {
      system: 'effect',
      variant: 'Stream.fromAsyncIterable, item by item',
      async run({ n }) {
        const { Effect, Stream: EffectStream } = await import('effect');
        const t0 = performance.now();
        const program = EffectStream.fromAsyncIterable(jsNumbers(n), (error) => error).pipe(
          EffectStream.map(double),
          EffectStream.filter(divisibleBy3),
          EffectStream.runFold({ count: 0, sum: 0 }, add),
        );
        const answer = await Effect.runPromise(program);
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    'effect-range': {
      system: 'effect',
      variant: 'Stream.range, chunked',
      async run({ n }) {
        const { Effect, Stream: EffectStream } = await import('effect');
        const t0 = performance.now();
        const program = EffectStream.range(0, n - 1).pipe(EffectStream.map(double), EffectStream.filter(divisibleBy3), EffectStream.runFold({ count: 0, sum: 0 }, add));
        const answer = await Effect.runPromise(program);
        return { metrics: { itemsPerSec: itemsPerSecond(t0, n) }, answer };
      },
    },
    asyncio: { system: 'asyncio', variant: 'async generators', python: 'pipeline' },
  },
  notApplicable: {
    'p-limit': 'a concurrency limiter, not a stream library',
    'p-map': 'a concurrency limiter, not a stream library',
  },
  targets: [
    { metric: 'itemsPerSec', against: 'raw', factor: 4, text: '≥ 4× raw async generators' },
    { metric: 'itemsPerSec', against: 'effect-range', factor: 1, text: 'at least Effect’s chunked Stream, item by item' },
    { metric: 'itemsPerSec', against: 'effection', factor: 25, text: '≥ 25× Effection' },
  ],
  verify(answer, { n }) {
    const expected = expectedPipeline(n);
    return [...expectExact('values summed', answer.count, expected.count), ...expectExact('sum', answer.sum, expected.sum)];
  },
};
