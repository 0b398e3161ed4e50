/** Test support: a verified pair result with one metric's median, as the runner would make it. */
import type { PairResult } from '../src/runner.js';
import { implementationLabel } from '../src/workload.js';
import { findWorkload } from '../src/workloads/index.js';

/**
 * A pair of `workload` / `implementation` that verified, whose `metric`
 * has the given median (min and max equal to it) and whose peak RSS is
 * `peakRssKb`.
 */
export function pair(workload: string, implementation: string, metric: string, median: number, peakRssKb = 100_000): PairResult {
  const spec = findWorkload(workload).implementations[implementation];
  if (spec === undefined) throw new RangeError(`no implementation ${implementation} in ${workload}`);
  return {
    workload,
    implementation,
    system: spec.system,
    label: implementationLabel(spec),
    recommended: spec.recommended === true,
    traced: spec.traced === true,
    params: { n: 10, seedMs: 30 },
    runs: 1,
    stats: { [metric]: { median, min: median, max: median } },
    peakRssKb,
    warmup: null,
    samples: [],
    problems: [],
    error: null,
    skipped: null,
    stderr: '',
    childMs: 0,
  };
}
