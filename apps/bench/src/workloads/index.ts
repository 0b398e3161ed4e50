/**
 * The workloads of this suite, in the order they run and are reported.
 *
 * @module
 */
import type { Workload } from '../workload.js';
import { cancelWorkload } from './cancel.js';
import { seedVirtualWorkload } from './seed-virtual.js';
import { seedWorkload } from './seed.js';
import { sleepWorkload } from './sleep.js';
import { spawnWorkload } from './spawn.js';

/** Every workload, in BENCH.md's order. */
export const WORKLOADS: readonly Workload<unknown>[] = [seedWorkload, seedVirtualWorkload, spawnWorkload, sleepWorkload, cancelWorkload];

/**
 * The workload with id `id`; throws a `RangeError` listing the ids when there is none.
 *
 * @example
 * ```ts
 * findWorkload('spawn').implementations.loop.system; // 'loop'
 * ```
 */
export function findWorkload(id: string): Workload<unknown> {
  const workload = WORKLOADS.find((w) => w.id === id);
  if (workload === undefined) throw new RangeError(`unknown workload "${id}"; the workloads are: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  return workload;
}
