/**
 * Feeds: upstreams read ahead by child tasks, for the stages that must wait
 * for their input and for something else at the same time — a deadline
 * (debounce, batch with `maxWait`), other sources (merge, zip), or simply
 * their own consumer (buffer).
 *
 * Each upstream has a {@link Lane}: a reader task (a child of the stage, see
 * children.ts) opens the upstream, reads a value whenever the lane holds
 * fewer than `capacity`, and appends it; when the upstream ends or fails the
 * lane records that as its outcome, after its values. The stage, in its
 * consumer's task, takes values from the lanes and parks on `wait()` when
 * there is nothing to take.
 *
 * Invariants:
 * - A lane's events reach the stage in the order they happened: its values,
 *   then its outcome. With `arrivals` on, the feed also keeps one entry per
 *   event across all lanes, in arrival order (merge reads that).
 * - A reader holds at most `capacity` unread values: it waits for room
 *   before it reads, so the upstream runs at most that far ahead.
 * - Closing the feed cancels the readers and waits for them; a reader
 *   closes its upstream shielded, so the upstream's `finally` may still wait
 *   (unless the cancellation reached it in the middle of a read).
 *
 * Costs per value: an array append and shift, and a task switch from reader
 * to consumer when the consumer was waiting.
 *
 * @module
 */
import type { Instruction } from '../operation.js';
import { shield } from '../task/shield.js';
import { StageScope } from './children.js';
import { open } from './for-each.js';
import type { Stream } from './stream.js';
import { Wakeup } from './wakeup.js';

/** @internal A lane's outcome while its upstream is still being read. */
export const READING: unique symbol = Symbol('reading');
/** @internal A lane's outcome once its upstream has ended. */
export const ENDED: unique symbol = Symbol('ended');

/** @internal What a {@link Feed} keeps besides the values. */
export interface FeedOptions {
  /** Values a reader may hold unread (>= 1). */
  capacity: number;
  /** Record each value's arrival time in `lane.times`. */
  times?: boolean;
  /** Keep the cross-lane arrival order in `feed.arrivals`. */
  arrivals?: boolean;
}

/** @internal One upstream's values, read ahead by its reader task. */
export class Lane<T> {
  readonly items: T[] = [];
  /** Arrival times of `items` (loop time), when the feed records them. */
  readonly times: number[] | null;
  /** READING, ENDED, or the error the upstream failed with. */
  outcome: unknown = READING;
  /** Where the reader waits for room. */
  readonly room = new Wakeup('stream.full');

  constructor(times: boolean) {
    this.times = times ? [] : null;
  }

  /** True when the next event of the lane is its outcome (no value left before it). */
  get finished(): boolean {
    return this.items.length === 0 && this.outcome !== READING;
  }
}

/** @internal Upstreams read by child tasks of a stage into lanes. */
export class Feed<T> {
  readonly scope: StageScope;
  readonly lanes: Lane<T>[];
  /** Lanes in the order their events arrived, one entry per value and one for the outcome; null unless asked for. */
  readonly arrivals: Lane<T>[] | null;
  private readonly capacity: number;

  /** Starts one reader per source, as children of the current task. */
  constructor(sources: readonly Stream<T>[], name: string, options: FeedOptions) {
    this.scope = new StageScope(`${name}()`, name);
    this.capacity = options.capacity;
    this.arrivals = options.arrivals === true ? [] : null;
    this.lanes = sources.map(() => new Lane<T>(options.times === true));
    for (let i = 0; i < sources.length; i++) this.scope.spawn(this.read(sources[i]!, this.lanes[i]!));
  }

  /** Takes the next value of `lane` (which must have one) and lets its reader read on. */
  take(lane: Lane<T>): T {
    lane.times?.shift();
    const value = lane.items.shift() as T;
    lane.room.wake();
    return value;
  }

  /** What the stage yields to wait for the next event, or until loop time `deadline`. */
  wait(deadline = NaN): Instruction {
    return this.scope.wait(deadline);
  }

  /** Stops the readers (each closes its upstream) and waits for them. */
  close(): Generator<Instruction, void, unknown> {
    return this.scope.close();
  }

  private *read(source: Stream<T>, lane: Lane<T>): Generator<Instruction, void, unknown> {
    const loop = this.scope._task.loop;
    const capacity = this.capacity;
    lane.outcome = yield* pump(
      this.scope,
      source,
      () => lane.items.length >= capacity,
      lane.room,
      (value) => {
        lane.items.push(value);
        lane.times?.push(loop.time());
        this.arrivals?.push(lane);
      },
    );
    this.arrivals?.push(lane);
    this.scope.notify();
  }
}

/**
 * @internal The loop of a reader task: opens `source`; waits on `room` while
 * `full()`, reads a value, hands it to `accept` and notifies `scope`; and
 * returns how the upstream stopped (ENDED, or its error — or the
 * `CancelledError` of a closing stage, which nobody reads). The upstream is
 * closed shielded, so its `finally` may wait even though the reader was
 * cancelled.
 */
export function* pump<T>(
  scope: StageScope,
  source: Stream<T>,
  full: () => boolean,
  room: Wakeup,
  accept: (value: T) => void,
): Generator<Instruction, unknown, unknown> {
  const upstream = open(source);
  try {
    for (;;) {
      while (full()) yield room;
      const step = upstream._ready?.() ?? (yield* upstream.next());
      if (step.done === true) return ENDED;
      accept(step.value);
      scope.notify();
    }
  } catch (error) {
    return error;
  } finally {
    yield* shield(upstream.close());
  }
}
