/**
 * The workloads of this suite, in the order they run and are reported
 * (BENCH.md's order).
 *
 * @module
 */
import type { Workload } from '../workload.js';
import { cancelWorkload } from './cancel.js';
import { limitWorkload } from './limit.js';
import { pipelineWorkload } from './pipeline.js';
import { queueWorkload } from './queue.js';
import { seedVirtualWorkload } from './seed-virtual.js';
import { seedWorkload } from './seed.js';
import { sleepWorkload } from './sleep.js';
import { spawnWorkload } from './spawn.js';

/** Every workload, in BENCH.md's order. */
export const WORKLOADS: readonly Workload<unknown>[] = [
  seedWorkload,
  seedVirtualWorkload,
  spawnWorkload,
  sleepWorkload,
  queueWorkload,
  pipelineWorkload,
  limitWorkload,
  cancelWorkload,
];

/** Every system the suite knows, in the order tables list them. */
export const SYSTEMS: readonly string[] = ['loop', 'raw', 'effection', 'effect', 'p-limit', 'p-map', 'ix', 'asyncio'];

/**
 * The workload with id `id`; throws a `RangeError` listing the ids when there is none.
 *
 * @example
 * ```ts
 * findWorkload('spawn').implementations.loop?.system; // 'loop'
 * ```
 */
export function findWorkload(id: string): Workload<unknown> {
  const workload = WORKLOADS.find((w) => w.id === id);
  if (workload === undefined) throw new RangeError(`unknown workload "${id}"; the workloads are: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  return workload;
}
