/**
 * What crosses between `toThread` and the worker entry (worker.ts): the job
 * and its outcome, as structured-cloneable plain objects.
 *
 * Errors are sent as `{ name, message, stack, code }` and rebuilt on the
 * loop's thread, because structured cloning keeps only the built-in error
 * classes' names (a `ValidationError` would arrive as a plain `Error`).
 *
 * @module
 */

/** @internal A job for the worker: a module export or a function's source, and the arguments. */
export type Job = { kind: 'module'; url: string; exportName: string; args: unknown[] } | { kind: 'source'; source: string; args: unknown[] };

/** @internal An error as sent across the thread boundary. */
export interface WireError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
}

/** @internal The worker's answer. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: WireError };

/** @internal */
export function toWire(error: unknown): WireError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack, code: (error as { code?: unknown }).code };
  }
  return { name: 'Error', message: `a non-Error value was thrown: ${String(error)}`, stack: undefined, code: undefined };
}

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** @internal Rebuilds an error on this side: the built-in class when the name is one, with the worker's message, name and stack. */
export function fromWire(wire: WireError): Error {
  const error = new (BUILT_IN[wire.name] ?? Error)(wire.message);
  if (error.name !== wire.name) Object.defineProperty(error, 'name', { value: wire.name, configurable: true, writable: true });
  if (wire.stack !== undefined) error.stack = wire.stack;
  if (wire.code !== undefined) (error as { code?: unknown }).code = wire.code;
  return error;
}
