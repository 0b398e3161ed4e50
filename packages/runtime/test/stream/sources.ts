/** Test sources and recorders shared by the stream combinator tests. */
import { VirtualClock, channel, forEach, getLoop, iterate, sleep, stream, type Operation, type ReceiveChannel, type Stage, type Stream } from '../../src/index.js';

export const virtual = (): { clock: VirtualClock } => ({ clock: new VirtualClock() });

export function* now(): Operation<number> {
  return (yield* getLoop()).time();
}

/** The receiving end of a channel of capacity 8 holding 1..count, closed: every value is in hand before anyone reads. */
export function fullChannel(count: number): ReceiveChannel<number> {
  const [send, receive] = channel<number>(8);
  for (let i = 1; i <= count; i++) send.sendNowait(i);
  send.close();
  return receive;
}

/** 0, 1, 2, … up to `count` (endless when omitted), with no waiting; logs `<name> finally`. */
export function numbers(log: string[] = [], name = 'source', count = Infinity): Stream<number> {
  return stream(function* () {
    try {
      for (let i = 0; i < count; i++) yield i;
    } finally {
      log.push(`${name} finally`);
    }
  });
}

/**
 * Yields each `[at, value]` at virtual time `at` after the stream starts (later if the
 * reader is late), then ends at `endAt` if given (else right after the last value);
 * logs `<name> finally` with the time.
 */
export function timed<T>(entries: readonly (readonly [number, T])[], log: string[] = [], name = 'source', endAt?: number): Stream<T> {
  return stream(function* () {
    const start = yield* now();
    const until = function* (at: number): Operation<void> {
      yield* sleep(Math.max(0, start + at - (yield* now())));
    };
    try {
      for (const [at, value] of entries) {
        yield* until(at);
        yield value;
      }
      if (endAt !== undefined) yield* until(endAt);
    } finally {
      log.push(`${name} finally at ${yield* now()}`);
    }
  });
}

/** Every value with the virtual time it reached the consumer, and the time the stream ended. */
export function* timeline<T>(source: Stream<T>): Operation<{ values: [T, number][]; end: number }> {
  const values: [T, number][] = [];
  yield* forEach(source, function* (value) {
    values.push([value, yield* now()]);
  });
  return { values, end: yield* now() };
}

/** A hand-written stage that relays values and logs `<name> finally` after closing its upstream. */
export function tap<T>(name: string, log: string[]): Stage<T, T> {
  return (input) =>
    stream(function* () {
      const upstream = yield* iterate(input);
      try {
        for (;;) {
          const step = yield* upstream.next();
          if (step.done) return;
          yield step.value;
        }
      } finally {
        yield* upstream.close();
        log.push(`${name} finally`);
      }
    });
}

/** Runs `op` and returns what it threw, with the virtual time; fails if it returned. */
export function* thrownBy(op: Operation<unknown>): Operation<{ error: unknown; at: number }> {
  try {
    yield* op;
  } catch (error) {
    return { error, at: yield* now() };
  }
  throw new Error('expected the operation to throw');
}
