/**
 * Argument checks shared by every module of the package: each throws a
 * `TypeError` or `RangeError` at the call site that names the call and the
 * argument, so a bad input never turns into a hang or a late Node error.
 *
 * @module
 */

/** @internal A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const ctor = (value as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object';
  return name !== 'Object' ? `a ${name}` : 'an object';
}

/** @internal A non-empty string. */
export function assertNonEmptyString(value: unknown, where: string, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${where}: ${name} must be a non-empty string, got ${describe(value)}`);
  if (value === '') throw new TypeError(`${where}: ${name} must be a non-empty string, got an empty string`);
}

/** @internal An object (options bag) or undefined. */
export function assertOptions(value: unknown, where: string): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(value)}`);
  }
}

/** @internal A whole number in [min, max]. */
export function assertInteger(value: unknown, where: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new RangeError(`${where}: ${name} must be a whole number ${range}, got ${value}`);
  }
}

/** @internal A finite duration in milliseconds, >= 0. */
export function assertMs(value: unknown, where: string, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number of milliseconds, got ${describe(value)}`);
  if (Number.isNaN(value) || value < 0 || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a finite number of milliseconds >= 0, got ${value}`);
  }
}

/** @internal A string or a Uint8Array (Buffer included). */
export function assertData(value: unknown, where: string, name: string): asserts value is string | Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError(`${where}: ${name} must be a string or a Uint8Array, got ${describe(value)}`);
  }
}
