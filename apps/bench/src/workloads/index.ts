/**
 * The workloads of this suite, in the order they run and are reported
 * (BENCH.md's order, then the IO workloads of issue 22, then schedule
 * exploration with @loop/test).
 *
 * @module
 */
import type { Workload } from '../workload.js';
import { cancelWorkload } from './cancel.js';
import { exploreWorkload } from './explore.js';
import { fileLinesWorkload } from './file-lines.js';
import { limitWorkload } from './limit.js';
import { pipelineWorkload } from './pipeline.js';
import { queueWorkload } from './queue.js';
import { seedVirtualWorkload } from './seed-virtual.js';
import { seedWorkload } from './seed.js';
import { sleepWorkload } from './sleep.js';
import { spawnWorkload } from './spawn.js';
import { subprocessWorkload } from './subprocess.js';
import { tcpEchoLongWorkload, tcpEchoWorkload } from './tcp-echo.js';
import { tcpStreamWorkload } from './tcp-stream.js';

/** Every workload: BENCH.md's eight in its order, then the IO workloads (TCP, subprocesses, files), then `explore`. */
export const WORKLOADS: readonly Workload<unknown>[] = [
  seedWorkload,
  seedVirtualWorkload,
  spawnWorkload,
  sleepWorkload,
  queueWorkload,
  pipelineWorkload,
  limitWorkload,
  cancelWorkload,
  tcpEchoWorkload,
  tcpEchoLongWorkload,
  tcpStreamWorkload,
  subprocessWorkload,
  fileLinesWorkload,
  exploreWorkload,
];

/**
 * The file (under `src/workloads/`, without `.ts`) that defines each
 * workload: a cold child imports that module alone, as built for its
 * system (`dist/cold/<system>/<module>.js`).
 *
 * @example
 * ```ts
 * WORKLOAD_MODULES['tcp-echo-long']; // 'tcp-echo'
 * ```
 */
export const WORKLOAD_MODULES: Readonly<Record<string, string>> = {
  seed: 'seed',
  'seed-virtual': 'seed-virtual',
  spawn: 'spawn',
  sleep: 'sleep',
  queue: 'queue',
  pipeline: 'pipeline',
  limit: 'limit',
  cancel: 'cancel',
  'tcp-echo': 'tcp-echo',
  'tcp-echo-long': 'tcp-echo',
  'tcp-stream': 'tcp-stream',
  subprocess: 'subprocess',
  'file-lines': 'file-lines',
  explore: 'explore',
};

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
