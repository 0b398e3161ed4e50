/**
 * Errors that reach the process instead of a promise the runtime handed
 * out. `watchEscapes()` listens on `unhandledRejection` and
 * `uncaughtException` around every test of the file that calls it; the
 * file asserts on `escaped()` where it needs to (DESIGN.md: no runtime
 * error ever reaches them).
 */
import { afterEach, beforeEach } from 'vitest';

/** What reached the process since the test began (or since `clear()`). */
export interface Escapes {
  escaped(): unknown[];
  clear(): void;
}

/** Installs the two process listeners for each test of the calling file. */
export function watchEscapes(): Escapes {
  let escaped: unknown[] = [];
  const onEscape = (error: unknown): void => void escaped.push(error);
  beforeEach(() => {
    escaped = [];
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  afterEach(() => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
  });
  return {
    escaped: () => escaped,
    clear: () => {
      escaped = [];
    },
  };
}
