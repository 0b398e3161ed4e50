/**
 * `node dist/example.js <name>` (or `pnpm --filter @loop/examples example <name>`):
 * runs one example live, on the real clock with `Math.random`, the way the
 * lesson runs it. Without a name, lists the names.
 */
import { fileURLToPath } from 'node:url';
import { examples, runLive } from './examples.js';

const name = process.argv[2];
if (name === undefined || process.argv.length > 3 || !Object.hasOwn(examples, name)) {
  console.error(`usage: node ${fileURLToPath(import.meta.url)} <name>\nnames: ${Object.keys(examples).join(', ')}`);
  process.exitCode = 2;
} else {
  await runLive(name);
}
