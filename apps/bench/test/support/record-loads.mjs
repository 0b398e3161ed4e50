// Preloaded with `node --import` by test/cold.test.ts: records the URL of every module the process loads (one a line,
// in the file named by LOOP_BENCH_LOADS), so a test can see what a cold child really imported.
import { register } from 'node:module';

register('./load-hooks.mjs', import.meta.url);
