/**
 * The tiny API of a bench file: `defineBench` makes one case, `suite` groups
 * cases under a name. A bench file for `loop-bench run` exports suites
 * (default export, named exports, or an array of them).
 *
 * A case is a function of no arguments. What it returns decides how it is
 * measured: a plain value (a synchronous function), a promise (an async
 * function, awaited inside the timed window) or an operation (a coroutine
 * function, run on a loop of its own, one `loop.run` per sample).
 *
 * @module
 */

const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}) as object;

/**
 * The body of a benchmark case: a plain function, an async function, or a
 * generator (coroutine) function. Return the result of the work so the
 * engine cannot discard it.
 *
 * @example
 * ```ts
 * const plain: BenchFn = () => JSON.parse(text);
 * const later: BenchFn = async () => await readFile(path);
 * const coroutine: BenchFn = function* () { return yield* gather(sleep(1), sleep(1)); };
 * ```
 */
export type BenchFn = () => unknown;

/**
 * Options of one case.
 *
 * @example
 * ```ts
 * defineBench('ten sleeps', tenSleeps, { clock: 'virtual' } satisfies CaseOptions);
 * ```
 */
export interface CaseOptions {
  /**
   * The clock of the loop that runs a coroutine case. `virtual` makes
   * sleeps free, so a sample measures the scheduling work alone.
   * Default `real`. Ignored for plain and async functions.
   */
  clock?: 'real' | 'virtual';
}

/**
 * One benchmark case (made by {@link defineBench}).
 *
 * @example
 * ```ts
 * const c: BenchCase = defineBench('parse', () => JSON.parse(text));
 * c.clock; // 'real'
 * ```
 */
export interface BenchCase {
  readonly kind: 'loop-bench.case';
  readonly name: string;
  readonly fn: BenchFn;
  readonly clock: 'real' | 'virtual';
}

/**
 * A named group of cases (made by {@link suite}).
 *
 * @example
 * ```ts
 * const s: Suite = suite('parse', { json: () => JSON.parse(text) });
 * s.cases.length; // 1
 * ```
 */
export interface Suite {
  readonly kind: 'loop-bench.suite';
  readonly name: string;
  readonly cases: readonly BenchCase[];
  /** The case every other case is compared with; `undefined` means the first case. */
  readonly baseline: string | undefined;
}

/**
 * Options of {@link suite}.
 *
 * @example
 * ```ts
 * suite('sum', cases, { baseline: 'reduce' } satisfies SuiteOptions);
 * ```
 */
export interface SuiteOptions {
  /** Name of the case the others are compared with. Default: the first case. */
  baseline?: string;
}

/**
 * Makes one benchmark case.
 *
 * @example
 * ```ts
 * const sum = defineBench('sum 1k', () => {
 *   let s = 0;
 *   for (let i = 0; i < 1000; i++) s += i;
 *   return s;
 * });
 * const tick = defineBench('gather 10 sleeps', function* () {
 *   return yield* gather(...Array.from({ length: 10 }, () => sleep(1000)));
 * }, { clock: 'virtual' });
 * ```
 */
export function defineBench(name: string, fn: BenchFn, options: CaseOptions = {}): BenchCase {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`defineBench(name, fn): name must be a non-empty string, got ${describe(name)}`);
  if (typeof fn !== 'function') throw new TypeError(`defineBench(name, fn): fn must be a function, got ${describe(fn)}`);
  if (Object.getPrototypeOf(fn) === AsyncGeneratorFunction) {
    throw new TypeError(`defineBench(name, fn): fn must not be an async generator function (nothing would run it); use a coroutine (function*) or an async function`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError(`defineBench(name, fn, options): options must be an object, got ${describe(options)}`);
  const clock = options.clock ?? 'real';
  if (clock !== 'real' && clock !== 'virtual') throw new RangeError(`defineBench(name, fn, options): options.clock must be 'real' or 'virtual', got ${describe(clock)}`);
  return { kind: 'loop-bench.case', name, fn, clock };
}

/**
 * Groups cases into a suite. `cases` is an object of name → function, or
 * an array of {@link defineBench} cases (to give a case options).
 *
 * @example
 * ```ts
 * export default suite('sum', {
 *   'for loop': () => { let s = 0; for (const x of data) s += x; return s; },
 *   reduce: () => data.reduce((s, x) => s + x, 0),
 * }, { baseline: 'reduce' });
 * ```
 */
export function suite(name: string, cases: Readonly<Record<string, BenchFn>> | readonly BenchCase[], options: SuiteOptions = {}): Suite {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`suite(name, cases): name must be a non-empty string, got ${describe(name)}`);
  if (typeof cases !== 'object' || cases === null) throw new TypeError(`suite(name, cases): cases must be an object of functions or an array of defineBench() cases, got ${describe(cases)}`);
  const list: BenchCase[] = Array.isArray(cases)
    ? cases.map((c: unknown, i) => {
        if (!isCase(c)) throw new TypeError(`suite(name, cases): cases[${i}] must be made by defineBench(), got ${describe(c)}`);
        return c;
      })
    : Object.entries(cases as Readonly<Record<string, unknown>>).map(([caseName, fn]) => {
        if (typeof fn !== 'function') throw new TypeError(`suite(name, cases): cases[${JSON.stringify(caseName)}] must be a function, got ${describe(fn)}`);
        return defineBench(caseName, fn as BenchFn);
      });
  if (list.length === 0) throw new RangeError(`suite(name, cases): suite "${name}" has no cases`);
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.name)) throw new RangeError(`suite(name, cases): two cases are named "${c.name}" in suite "${name}"`);
    seen.add(c.name);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError(`suite(name, cases, options): options must be an object, got ${describe(options)}`);
  const baseline = options.baseline;
  if (baseline !== undefined && !seen.has(baseline)) {
    throw new RangeError(`suite(name, cases, options): options.baseline must name a case of suite "${name}" (${[...seen].join(', ')}), got ${describe(baseline)}`);
  }
  return { kind: 'loop-bench.suite', name, cases: list, baseline };
}

/**
 * True for a suite made by {@link suite} (also one made by another copy of
 * this package, as the CLI's is).
 *
 * @example
 * ```ts
 * const suites = Object.values(await import(file)).filter(isSuite);
 * ```
 */
export function isSuite(value: unknown): value is Suite {
  return typeof value === 'object' && value !== null && (value as Suite).kind === 'loop-bench.suite' && Array.isArray((value as Suite).cases);
}

function isCase(value: unknown): value is BenchCase {
  return typeof value === 'object' && value !== null && (value as BenchCase).kind === 'loop-bench.case' && typeof (value as BenchCase).fn === 'function';
}

/** @internal A short description of a bad argument for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const primitive = value as number | boolean | bigint | symbol | undefined;
  return String(primitive);
}
