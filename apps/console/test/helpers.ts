import { readFileSync } from 'node:fs';
import type { Trace } from '@loop/runtime';
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
