/** Test helper: what a trace line should hold for an event (its times rounded to the microsecond). */
import type { LoopEvent } from '../../src/index.js';

const TIME_FIELDS = new Set(['time', 'start', 'duration', 'deadline', 'until', 'lag']);

/** `event` with its time fields rounded to the microsecond, the way a trace line is meant to read. */
export function roundedTimes(event: LoopEvent): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  for (const key of Object.keys(copy)) {
    const value = copy[key];
    if (TIME_FIELDS.has(key) && typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value) && Math.abs(value) < 2 ** 53 / 1000) {
      copy[key] = Math.sign(value) * (Math.round(Math.abs(value) * 1000) / 1000) || 0;
    }
  }
  return copy;
}

