/**
 * `node dist/outputs.js <outdir>`: runs every example recorded (on a
 * `VirtualClock`, with the fixed random seed) and writes each one's exact
 * console output to `<outdir>/<name>.txt`, so the documentation shows real
 * output that cannot drift from the code. See `examples.ts` for the names.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { captureOutput, examples } from './examples.js';

/**
 * Writes `<outdir>/<name>.txt` for every example (creating `outdir`);
 * returns the paths written, in order.
 *
 * @example
 * ```ts
 * await writeOutputs('docs/.outputs'); // ['docs/.outputs/generators.txt', …]
 * ```
 */
export async function writeOutputs(outdir: string): Promise<string[]> {
  await mkdir(outdir, { recursive: true });
  const written: string[] = [];
  for (const name of Object.keys(examples)) {
    const file = join(outdir, `${name}.txt`);
    await writeFile(file, await captureOutput(name));
    written.push(file);
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = process.argv[2];
  if (outdir === undefined || process.argv.length > 3) {
    console.error(`usage: node ${fileURLToPath(import.meta.url)} <outdir>`);
    process.exitCode = 2;
  } else {
    for (const file of await writeOutputs(outdir)) console.log(`wrote ${file}`);
  }
}
