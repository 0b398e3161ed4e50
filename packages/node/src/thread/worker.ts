/**
 * The worker entry of the `toThread` pool, loaded by piscina in each worker
 * thread (shipped as `dist/worker.js`). It runs one job at a time: imports
 * a module and calls the named export, or evaluates a function's source
 * (cached per source text) and calls it, awaiting a promise result.
 *
 * It never throws to piscina: failures come back as data (protocol.ts), so
 * the error's name, message and stack survive the trip.
 *
 * @module
 */
import { toWire, type Job, type Outcome } from './protocol.js';

type Callable = (...args: unknown[]) => unknown;

const compiled = new Map<string, Callable>();

async function target(job: Job): Promise<Callable> {
  if (job.kind === 'source') {
    let fn = compiled.get(job.source);
    if (fn === undefined) {
      // Indirect eval: the function sees only globals, never this module's scope.
      fn = (0, eval)(`(${job.source})`) as Callable;
      compiled.set(job.source, fn);
    }
    return fn;
  }
  const module = (await import(job.url)) as Record<string, unknown>;
  const fn = module[job.exportName];
  if (typeof fn !== 'function') {
    throw new TypeError(`toThread: ${job.url} has no function export named ${JSON.stringify(job.exportName)} (found ${typeof fn})`);
  }
  return fn as Callable;
}

/** Runs one job; resolves with its outcome, never rejects. */
export default async function runJob(job: Job): Promise<Outcome> {
  try {
    const fn = await target(job);
    return { ok: true, value: await fn(...job.args) };
  } catch (error) {
    return { ok: false, error: toWire(error) };
  }
}
