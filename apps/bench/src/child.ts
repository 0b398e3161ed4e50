/**
 * The child process: runs one implementation of one workload, 1 warm-up
 * and then `runs` counted runs, and prints one JSON line ({@link ChildReport})
 * on stdout. Each (workload, implementation) pair gets a fresh process, so
 * no pair inherits another's heap, JIT state or peak RSS.
 *
 * Usage: `node --expose-gc dist/child.js <workload> <implementation> <runs> <n> [--seed-ms <ms>] [--collect full|young]`
 *
 * Paired (warm) mode: `<implementation>` is two ids joined by a comma,
 * `loop,raw`. Both are loaded in this one child; each gets its warm-up
 * (loop's first, then its reference's), then they alternate, one counted
 * run each per pair, the order flipping from pair to pair (AB, BA, AB, …)
 * so that neither always runs right after the other's garbage. The child
 * prints a {@link PairedChildReport}. Two children alive at once would
 * share the machine's two cores with each other; one child taking turns
 * puts a slow stretch of the machine on both sides of a pair alike.
 *
 * With `--expose-gc` a collection runs before every run, so garbage from
 * the previous run is not collected on the next one's clock: by default a
 * full one (`gc()`), with `--collect young` only the young generation's
 * (`gc({ type: 'minor' })`). The runner asks for the full one where the
 * child's figures include memory (RSS growth and peak RSS need a clean
 * heap) and for the young one where its times are paired into ratios. A
 * forced full collection is atomic, and it drops every hidden class that no
 * live object has any more, with the optimized code built on them: between
 * runs that is every class of a runtime written in JavaScript (loop,
 * Effection, Effect), never the builtins that raw promises and timers use.
 * Measured on cancel, 8 runs of loop's in one process: 131–146 functions
 * deoptimized for "weak objects" with `gc()` before each, none with the
 * young one, 13 when V8's own full collections (forced by allocating) ran
 * between runs; with `gc()` each run warmed loop up again (cancel took
 * 1.72× raw's time paired, 1.37× with the young collection; spawn 1.21×
 * and 0.78×). Each answer is verified right after its run (outside the timed stretch): a
 * wrong one ends the child with an error naming the run and the problem,
 * and the runner verifies every answer again in the parent. The child does
 * not call `process.exit`: a leftover host timer or handle keeps it alive,
 * and the runner reports that as a failure.
 *
 * @module
 */
import { isPython, type NodeImplementation, type RunParams, type Sample, type Workload } from './workload.js';
import { findWorkload } from './workloads/index.js';

/** One run as the child reports it. */
export interface ChildSample extends Sample<unknown> {
  /** The process's peak RSS so far (KiB), read right after the run. */
  maxRssKb: number;
}

/** What a child prints when every run finished. */
export interface ChildReport {
  workload: string;
  implementation: string;
  params: RunParams;
  /** The collection run before each run: `none` when the child was started without `--expose-gc`. */
  collect: Collection;
  warmup: ChildSample;
  samples: ChildSample[];
  /** `process.resourceUsage().maxRSS` after the last run (KiB). */
  peakRssKb: number;
}

/** What a child prints in paired mode: both implementations' warm-ups and runs, pair by pair. */
export interface PairedChildReport {
  workload: string;
  /** The subject (loop) and its reference, in the order given. */
  implementations: [string, string];
  params: RunParams;
  /** The collection run before each run. */
  collect: Collection;
  warmups: [ChildSample, ChildSample];
  /** One entry per pair: the subject's run and the reference's. */
  pairs: [ChildSample, ChildSample][];
}

/**
 * What the child collects before each run: `full` (`gc()`: everything,
 * for memory figures), `young` (`gc({ type: 'minor' })`: the young
 * generation only, for timed pairs), or `none` (no `--expose-gc`).
 */
export type Collection = 'full' | 'young' | 'none';

/** The collections a child can be asked for (`--collect`); `none` is only what it reports without `--expose-gc`. */
export type AskedCollection = Exclude<Collection, 'none'>;

/** What a child prints when a run threw. */
export interface ChildFailure {
  error: string;
}

function positiveInt(text: string | undefined, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function nodeImplementation(workload: Workload<unknown>, implementationId: string): NodeImplementation<unknown> {
  const implementation = workload.implementations[implementationId];
  if (implementation === undefined) {
    throw new RangeError(`workload "${workload.id}" has no implementation "${implementationId}"; it has: ${Object.keys(workload.implementations).join(', ')}`);
  }
  if (isPython(implementation)) throw new TypeError(`${workload.id} / ${implementationId} runs in python3 (python/child.py), not in the Node child`);
  return implementation;
}

async function main(argv: readonly string[]): Promise<ChildReport | PairedChildReport> {
  const [workloadId, implementationText, runsText, nText, ...rest] = argv;
  if (workloadId === undefined || implementationText === undefined) {
    throw new TypeError('usage: node --expose-gc dist/child.js <workload> <implementation>[,<reference>] <runs> <n> [--seed-ms <ms>] [--collect full|young]');
  }
  const workload = findWorkload(workloadId);
  const ids = implementationText.split(',');
  if (ids.length > 2) throw new TypeError(`at most two implementations (a pair), got ${implementationText}`);
  const implementations = ids.map((id) => nodeImplementation(workload, id));
  const runs = positiveInt(runsText, 'runs');
  let seedMs = 300;
  let asked: AskedCollection = 'full';
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--seed-ms') seedMs = positiveInt(value, '--seed-ms');
    else if (flag === '--collect' && (value === 'full' || value === 'young')) asked = value;
    else if (flag === '--collect') throw new TypeError(`--collect must be full or young, got ${JSON.stringify(value)}`);
    else throw new TypeError(`unexpected arguments: ${rest.join(' ')}`);
  }
  const params: RunParams = { n: positiveInt(nText, 'n'), seedMs };
  const gc = globalThis.gc;
  const collect: Collection = gc === undefined ? 'none' : asked;
  const once = async (implementation: NodeImplementation<unknown>, what: string): Promise<ChildSample> => {
    if (collect === 'full') gc!();
    else if (collect === 'young') gc!({ type: 'minor' });
    const sample = await implementation.run(params);
    const problems = workload.verify(sample.answer, params);
    if (problems.length > 0) throw new Error(`wrong answer in ${what}: ${problems.join('; ')}`);
    return { ...sample, maxRssKb: process.resourceUsage().maxRSS };
  };
  const [first, second] = implementations;
  if (second !== undefined) {
    const warmups: [ChildSample, ChildSample] = [await once(first!, `${ids[0]}'s warm-up`), await once(second, `${ids[1]}'s warm-up`)];
    const pairs: [ChildSample, ChildSample][] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        const a = await once(first!, `${ids[0]}'s run ${i + 1}`);
        pairs.push([a, await once(second, `${ids[1]}'s run ${i + 1}`)]);
      } else {
        const b = await once(second, `${ids[1]}'s run ${i + 1}`);
        pairs.push([await once(first!, `${ids[0]}'s run ${i + 1}`), b]);
      }
    }
    return { workload: workload.id, implementations: [ids[0]!, ids[1]!], params, collect, warmups, pairs };
  }
  const samples: ChildSample[] = [];
  for (let i = 0; i <= runs; i++) samples.push(await once(first!, `run ${i}${i === 0 ? ' (warm-up)' : ''}`));
  const [warmup, ...counted] = samples;
  return {
    workload: workload.id,
    implementation: ids[0]!,
    params,
    collect,
    warmup: warmup!,
    samples: counted,
    peakRssKb: process.resourceUsage().maxRSS,
  };
}

try {
  const report = await main(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  const failure: ChildFailure = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  process.stdout.write(`${JSON.stringify(failure)}\n`);
  process.exitCode = 1;
}
