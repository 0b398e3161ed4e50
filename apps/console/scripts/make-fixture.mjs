// Writes test/fixtures/small.jsonl: a small program recorded by the runtime's
// recorder on a VirtualClock. Step durations and starts are real time even on
// a virtual clock, so they are replaced by fixed values (and createdAt by a
// fixed date) to make the fixture reproducible byte for byte.
//
//   node scripts/make-fixture.mjs
import { writeFileSync } from 'node:fs';
import { gather, recordTrace, run, sleep, spawn, VirtualClock } from '@loop/runtime';

function* randn() {
  yield* sleep(3000);
  return 7;
}

function* failing() {
  yield* sleep(500);
  throw new Error('boom');
}

function* main() {
  const f = yield* spawn(failing(), { name: 'failing' });
  yield* spawn(sleep(10_000), { name: 'forever' });
  yield* gather(randn(), randn());
  try {
    yield* f;
  } catch {
    // read: the error is retrieved
  }
}

const lines = [];
await run(main, { clock: new VirtualClock(), onLoop: (loop) => void recordTrace(loop, (line) => lines.push(line)) });
let start = 100;
const fixed = lines.map((line) => {
  const record = JSON.parse(line);
  if (record.type === 'trace.header') record.createdAt = '2026-11-28T00:00:00.000Z';
  if (record.type === 'task.step') {
    record.start = start;
    record.duration = 0.25;
    start += 1;
  }
  if (record.type === 'task.spawn' && record.site !== undefined) record.site = `small.js:${record.site.split(':').slice(-2).join(':')}`;
  return JSON.stringify(record);
});
writeFileSync(new URL('../test/fixtures/small.jsonl', import.meta.url), `${fixed.join('\n')}\n`);
console.log(`wrote ${fixed.length} lines`);
