import { readFileSync } from 'node:fs';
import type { Trace } from '@loop/runtime';
import type { WhereEntry } from '../src/model/where.js';
import { readTrace } from '../src/trace/load.js';

/** The committed fixture (see scripts/make-fixture.mjs). */
export const FIXTURE = new URL('./fixtures/small.jsonl', import.meta.url);

export function fixtureTrace(): Trace {
  return readTrace(readFileSync(FIXTURE, 'utf8'), 'small.jsonl');
}

/** Lets Ink process input and re-render before a frame is read. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const at = (line: number, text: string) => ({ file: '/app/demo.js', line, column: 3, text });

/** The demo's shape: main gathers two randn, one of which spawned a helper. */
export const ENTRIES: WhereEntry[] = [
  { id: 1, name: 'main', parentId: null, state: 'suspended', waitingOn: 'the 2 child task(s) of its gather', location: at(20, 'yield* gather(randn(), randn());') },
  { id: 2, name: 'randn', parentId: 1, state: 'suspended', waitingOn: 'sleep until 3.000s', location: at(12, 'yield* sleep(3000);') },
  { id: 3, name: 'randn', parentId: 1, state: 'suspended', waitingOn: 'join task "helper" (id 4)', location: at(13, 'yield* helper;') },
  { id: 4, name: 'helper', parentId: 3, state: 'suspended', waitingOn: 'queue.get() on Queue#1 (empty)', location: null },
];

