// Module hooks for record-loads.mjs: they run on Node's hooks thread, which shares the process's environment.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (process.env.LOOP_BENCH_LOADS) appendFileSync(process.env.LOOP_BENCH_LOADS, `${url}\n`);
  return nextLoad(url, context);
}
