/**
 * Random programs for the property-based scheduling tests.
 *
 * A program is a tree of {@link Step}s: sleeps, failures, free spawns
 * (awaited, caught or left running), cancellations, task groups, gathers
 * (plain and settled, variadic, or an array or items and a function with a `{ concurrency }` pool), deadlines (`failAfter` / `moveOnAfter`), shields,
 * queue puts and gets, memory-channel sends and receives, a lock and an
 * event. {@link programArbitrary} generates them with fast-check;
 * {@link runProgram} interprets one on a fresh loop (virtual clock, optional
 * shuffle seed) and records everything the invariants need;
 * {@link checkInvariants} returns the list of broken invariants (empty when
 * the run held every promise of DESIGN.md).
 *
 * Every blocking wait on a shared primitive (get, put on a bounded queue,
 * send, receive, lock, event) runs under `moveOnAfter`, so a generated
 * program can never deadlock: the loop always terminates on the virtual
 * clock.
 */
import fc from 'fast-check';
import {
  CancelledError,
  Event,
  Lock,
  Queue,
  TaskGroupError,
  TimeoutError,
  VirtualClock,
  WouldBlock,
  channel,
  failAfter,
  gather,
  gatherSettled,
  moveOnAfter,
  run,
  shield,
  sleep,
  spawn,
  taskGroup,
  type ExceptionContext,
  type LoopEvent,
  type Operation,
  type ReceiveChannel,
  type SendChannel,
  type Task,
} from '../../src/index.js';

/** One step of a generated program. Each step runs at most once per run, so `tag` identifies it. */
export type Step =
  | { kind: 'sleep'; tag: number; ms: number }
  | { kind: 'fail'; tag: number; ms: number }
  | { kind: 'seq'; tag: number; steps: Step[] }
  | { kind: 'spawn'; tag: number; body: Step; join: 'await' | 'catch' | 'detach' }
  | { kind: 'cancel'; tag: number; ms: number; body: Step }
  | { kind: 'group'; tag: number; children: Step[]; body: Step }
  | { kind: 'gather'; tag: number; children: Step[]; settled?: boolean; concurrency?: number; items?: boolean }
  | { kind: 'deadline'; tag: number; ms: number; body: Step; move: boolean }
  | { kind: 'shield'; tag: number; body: Step }
  | { kind: 'put'; tag: number; count: number; ms: number }
  | { kind: 'get'; tag: number; count: number; ms: number }
  | { kind: 'send'; tag: number; count: number; ms: number }
  | { kind: 'receive'; tag: number; count: number; ms: number }
  | { kind: 'lock'; tag: number; ms: number; body: Step }
  | { kind: 'wait'; tag: number; ms: number }
  | { kind: 'set'; tag: number };

/** A whole program: its tree, the shared queue's size and channel's capacity, and the loop's shuffle seed (undefined: FIFO). */
export interface Program {
  main: Step;
  queueSize: number;
  channelCapacity?: number;
  seed: number | undefined;
}

/** The error a `fail` step throws: one per step, so each can be traced to where it came from. */
export class Boom extends Error {
  override readonly name = 'Boom';
  constructor(readonly tag: number) {
    super(`boom ${tag}`);
  }
}

/** A step before tagging, as the arbitrary builds it. */
type Shape = { kind: Step['kind'] } & Record<string, unknown>;

const ms = fc.constantFrom(0, 0, 1, 5, 10, 20);
const bound = fc.constantFrom(1, 5, 15, 40);

/** Programs of bounded depth and size. */
export function programArbitrary(options: { depth?: number; seeded?: boolean } = {}): fc.Arbitrary<Program> {
  const depth = options.depth ?? 4;
  const tree = fc.letrec<{ step: Shape }>((tie) => ({
    step: fc.oneof(
      { depthSize: 'medium', maxDepth: depth, withCrossShrink: true },
      fc.record({ kind: fc.constant('sleep' as const), ms }),
      fc.record({ kind: fc.constant('fail' as const), ms }),
      fc.record({ kind: fc.constant('put' as const), count: fc.integer({ min: 1, max: 4 }), ms: bound }),
      fc.record({ kind: fc.constant('get' as const), count: fc.integer({ min: 1, max: 4 }), ms: bound }),
      fc.record({ kind: fc.constant('send' as const), count: fc.integer({ min: 1, max: 4 }), ms: bound }),
      fc.record({ kind: fc.constant('receive' as const), count: fc.integer({ min: 1, max: 4 }), ms: bound }),
      fc.record({ kind: fc.constant('wait' as const), ms: bound }),
      fc.record({ kind: fc.constant('set' as const) }),
      fc.record({ kind: fc.constant('seq' as const), steps: fc.array(tie('step'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('spawn' as const), body: tie('step'), join: fc.constantFrom('await' as const, 'catch' as const, 'detach' as const) }),
      fc.record({ kind: fc.constant('cancel' as const), ms, body: tie('step') }),
      fc.record({ kind: fc.constant('group' as const), children: fc.array(tie('step'), { maxLength: 3 }), body: tie('step') }),
      fc.record(
        {
          kind: fc.constant('gather' as const),
          children: fc.array(tie('step'), { maxLength: 3 }),
          settled: fc.boolean(),
          concurrency: fc.integer({ min: 1, max: 3 }),
          items: fc.boolean(),
        },
        { requiredKeys: ['kind', 'children', 'settled'] },
      ),
      fc.record({ kind: fc.constant('deadline' as const), ms: bound, body: tie('step'), move: fc.boolean() }),
      fc.record({ kind: fc.constant('shield' as const), body: tie('step') }),
      fc.record({ kind: fc.constant('lock' as const), ms: bound, body: tie('step') }),
    ),
  })).step;
  const seed = options.seeded === true ? fc.integer({ min: 0, max: 2 ** 31 - 1 }) : fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined });
  // The main step is always a group of concurrent subtrees, so that every program has tasks that interact.
  const main = fc.record({ kind: fc.constant('group' as const), children: fc.array(tree, { minLength: 2, maxLength: 5 }), body: tree });
  return fc.record({ main, queueSize: fc.integer({ min: 0, max: 3 }), channelCapacity: fc.integer({ min: 0, max: 2 }), seed }).map(({ main: shape, queueSize, channelCapacity, seed: s }) => ({
    main: tagTree(shape),
    queueSize,
    channelCapacity,
    seed: s,
  }));
}

/** Numbers every step in depth-first order, so results and errors can be traced to their step. */
export function tagTree(untagged: Shape): Step {
  let next = 0;
  const visit = (node: Record<string, unknown>): Step => {
    const tagged: Record<string, unknown> = { ...node, tag: ++next };
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value)) tagged[key] = value.map((child) => visit(child as Record<string, unknown>));
      else if (typeof value === 'object' && value !== null) tagged[key] = visit(value as Record<string, unknown>);
    }
    return tagged as unknown as Step;
  };
  return visit(untagged);
}

/** Everything a run recorded. */
export interface Outcome {
  /** What `run` resolved with, or the error it rejected with. */
  result: { ok: true; value: unknown } | { ok: false; error: unknown };
  /** The loop's events, in order. */
  events: LoopEvent[];
  /** Per step tag: how many times its code started and how many times its `finally` ran. */
  entered: Map<number, number>;
  finalized: Map<number, number>;
  /** Queue items whose put returned, and items a get returned (plus what was left in the queue). */
  put: number[];
  got: number[];
  leftInQueue: number[];
  /** Channel values whose send returned, values a receive returned, and what was left buffered. */
  sent: number[];
  received: number[];
  leftInChannel: number[];
  /** Errors a step caught on purpose (a caught join, a cancelled child's outcome). */
  caught: unknown[];
  /** Every `Boom` created. */
  booms: Boom[];
  /** What reached the loop's exception handler. */
  reported: ExceptionContext[];
  /** Broken invariants noticed while running (scope exits, gather order, group errors, lock holders). */
  violations: string[];
  liveTasksAfter: number;
  closedAfter: boolean;
}

interface Context extends Outcome {
  queue: Queue<number>;
  sender: SendChannel<number>;
  receiver: ReceiveChannel<number>;
  lock: Lock;
  event: Event;
  nextItem: number;
  holders: number;
}

/** Runs `program` on a fresh virtual-clock loop and records what happened. */
export async function runProgram(program: Program): Promise<Outcome> {
  const [sender, receiver] = channel<number>(program.channelCapacity ?? 0);
  const ctx: Context = {
    result: { ok: true, value: undefined },
    events: [],
    entered: new Map(),
    finalized: new Map(),
    put: [],
    got: [],
    leftInQueue: [],
    sent: [],
    received: [],
    leftInChannel: [],
    caught: [],
    booms: [],
    reported: [],
    violations: [],
    liveTasksAfter: -1,
    closedAfter: false,
    queue: new Queue<number>(program.queueSize),
    sender,
    receiver,
    lock: new Lock(),
    event: new Event(),
    nextItem: 0,
    holders: 0,
  };
  let loop: { liveTasks: number; isClosed(): boolean } | null = null;
  try {
    const value = await run(exec(program.main, ctx), {
      clock: new VirtualClock(),
      ...(program.seed === undefined ? {} : { seed: program.seed }),
      exceptionHandler: (_loop, context) => void ctx.reported.push(context),
      onEvent: (event) => void ctx.events.push(event),
      onLoop: (l) => {
        loop = l;
      },
    });
    ctx.result = { ok: true, value };
  } catch (error) {
    ctx.result = { ok: false, error };
  }
  const finished = loop as { liveTasks: number; isClosed(): boolean } | null;
  ctx.liveTasksAfter = finished?.liveTasks ?? -1;
  ctx.closedAfter = finished?.isClosed() ?? false;
  while (!ctx.queue.empty()) ctx.leftInQueue.push(ctx.queue.getNowait());
  for (;;) {
    try {
      ctx.leftInChannel.push(ctx.receiver.receiveNowait());
    } catch (error) {
      if (error instanceof WouldBlock) break;
      throw error;
    }
  }
  return ctx;
}

function bump(map: Map<number, number>, tag: number): void {
  map.set(tag, (map.get(tag) ?? 0) + 1);
}

/** Runs one step in the current task; returns its tag when it completes. */
function* exec(step: Step, ctx: Context): Operation<number> {
  bump(ctx.entered, step.tag);
  try {
    yield* body(step, ctx);
    return step.tag;
  } finally {
    bump(ctx.finalized, step.tag);
  }
}

function* body(step: Step, ctx: Context): Operation<void> {
  switch (step.kind) {
    case 'sleep':
      yield* sleep(step.ms);
      return;
    case 'fail': {
      yield* sleep(step.ms);
      const boom = new Boom(step.tag);
      ctx.booms.push(boom);
      throw boom;
    }
    case 'seq':
      for (const inner of step.steps) yield* exec(inner, ctx);
      return;
    case 'spawn': {
      const task = yield* spawn(exec(step.body, ctx));
      if (step.join === 'await') yield* task;
      else if (step.join === 'catch') {
        try {
          yield* task;
        } catch (error) {
          ctx.caught.push(error);
        }
      }
      return;
    }
    case 'cancel': {
      const task = yield* spawn(exec(step.body, ctx));
      yield* sleep(step.ms);
      task.cancel('cancelled by the program');
      try {
        yield* task;
        // The join returned: the child finished (it may have ignored nothing: cancellation is level-triggered).
        if (!task.done()) ctx.violations.push(`step ${step.tag}: a join returned before its task was done`);
      } catch (error) {
        // Either the child's own outcome, or this task was cancelled while joining (the child is then cancelled with it).
        ctx.caught.push(error);
      }
      return;
    }
    case 'group':
      yield* runGroup(step, ctx);
      return;
    case 'gather': {
      const results = yield* gatherChildren(step, ctx);
      const expected = step.children.map((child) => child.tag);
      const values = results.map((result, i) => {
        if (!step.settled) return result;
        const record = result as PromiseSettledResult<number>;
        if (record.status === 'fulfilled') return record.value;
        // A settled gather hands every failure back in place: the program has seen it.
        ctx.caught.push(record.reason);
        return expected[i];
      });
      if (JSON.stringify(values) !== JSON.stringify(expected)) {
        ctx.violations.push(`step ${step.tag}: gather returned ${JSON.stringify(results)}, expected ${JSON.stringify(expected)} (argument order)`);
      }
      return;
    }
    case 'deadline': {
      // A deadline reports only what it did: a body that finished hands back its value, and a timeout means it did not finish.
      let finished = false;
      const body = (function* () {
        yield* exec(step.body, ctx);
        finished = true;
        return step.tag;
      })();
      if (step.move) {
        const outcome = yield* moveOnAfter(step.ms, body);
        const value = outcome.timedOut ? undefined : outcome.value;
        if (outcome.timedOut === finished || (!outcome.timedOut && value !== step.tag)) {
          ctx.violations.push(`step ${step.tag}: moveOnAfter returned ${JSON.stringify(outcome)} for a body that ${finished ? 'finished' : 'did not finish'}`);
        }
        return;
      }
      try {
        const value = yield* failAfter(step.ms, body);
        if (value !== step.tag) ctx.violations.push(`step ${step.tag}: failAfter returned ${String(value)}, not the body's value`);
      } catch (error) {
        if (error instanceof TimeoutError && finished) ctx.violations.push(`step ${step.tag}: failAfter threw TimeoutError for a body that finished (its value was discarded)`);
        if (error instanceof TimeoutError && !(error.cause instanceof CancelledError)) ctx.violations.push(`step ${step.tag}: the TimeoutError has no CancelledError as its cause`);
        throw error;
      }
      return;
    }
    case 'shield':
      yield* shield(exec(step.body, ctx));
      return;
    case 'put':
      for (let i = 0; i < step.count; i++) {
        const item = ++ctx.nextItem;
        yield* moveOnAfter(
          step.ms,
          (function* () {
            yield* ctx.queue.put(item);
            ctx.put.push(item);
          })(),
        );
      }
      return;
    case 'get':
      for (let i = 0; i < step.count; i++) {
        yield* moveOnAfter(
          step.ms,
          (function* () {
            ctx.got.push(yield* ctx.queue.get());
          })(),
        );
      }
      return;
    case 'send':
      for (let i = 0; i < step.count; i++) {
        const value = ++ctx.nextItem;
        yield* moveOnAfter(
          step.ms,
          (function* () {
            yield* ctx.sender.send(value);
            ctx.sent.push(value);
          })(),
        );
      }
      return;
    case 'receive':
      for (let i = 0; i < step.count; i++) {
        yield* moveOnAfter(
          step.ms,
          (function* () {
            ctx.received.push(yield* ctx.receiver.receive());
          })(),
        );
      }
      return;
    case 'lock':
      yield* moveOnAfter(step.ms, holdLock(step, ctx));
      return;
    case 'wait':
      yield* moveOnAfter(step.ms, ctx.event.wait());
      return;
    case 'set':
      ctx.event.set();
      return;
  }
}

function* holdLock(step: Extract<Step, { kind: 'lock' }>, ctx: Context): Operation<void> {
  yield* ctx.lock.acquire();
  ctx.holders++;
  if (ctx.holders !== 1) ctx.violations.push(`step ${step.tag}: ${ctx.holders} tasks hold the lock at once`);
  try {
    yield* exec(step.body, ctx);
  } finally {
    ctx.holders--;
    ctx.lock.release();
  }
}

function* gatherChildren(step: Extract<Step, { kind: 'gather' }>, ctx: Context): Operation<unknown[]> {
  try {
    if (step.concurrency !== undefined && step.items === true) {
      // The items form: each child's operation is made only when a worker takes it.
      const options = { concurrency: step.concurrency };
      const job = (child: Step): Operation<unknown> => exec(child, ctx);
      return step.settled === true ? yield* gatherSettled(step.children, job, options) : yield* gather(step.children, job, options);
    }
    const ops = step.children.map((child) => exec(child, ctx));
    if (step.concurrency !== undefined) {
      // The array form: with concurrency below the number of children, a pool of that many workers runs them.
      const options = { concurrency: step.concurrency };
      return step.settled === true ? yield* gatherSettled(ops, options) : yield* gather(ops, options);
    }
    return step.settled === true ? yield* gatherSettled(...ops) : yield* gather(...ops);
  } finally {
    // No child outlives the gather, whether it returned, threw or was cancelled.
    for (const child of step.children) {
      if ((ctx.entered.get(child.tag) ?? 0) !== (ctx.finalized.get(child.tag) ?? 0)) {
        ctx.violations.push(`step ${step.tag}: gather child ${child.tag} still running after the gather exited`);
      }
    }
  }
}

const NO_ERROR: unique symbol = Symbol('no error');

function* runGroup(step: Extract<Step, { kind: 'group' }>, ctx: Context): Operation<void> {
  const tasks: Task<number>[] = [];
  let bodyError: unknown = NO_ERROR;
  let thrown: unknown = NO_ERROR;
  try {
    yield* taskGroup(function* (group) {
      for (const child of step.children) tasks.push(group.spawn(exec(child, ctx)));
      try {
        yield* exec(step.body, ctx);
      } catch (error) {
        bodyError = error;
        throw error;
      }
    });
  } catch (error) {
    thrown = error;
    throw error;
  } finally {
    for (const task of tasks) {
      if (!task.done()) ctx.violations.push(`step ${step.tag}: a group child (${task.name}) outlived the group`);
    }
    const expected = tasks.filter((task) => task.done() && !task.cancelled() && task.exception() !== undefined).map((task) => task.exception());
    if (bodyError !== NO_ERROR && !(bodyError instanceof CancelledError)) expected.push(bodyError);
    if (expected.length === 0) {
      if (thrown !== NO_ERROR && !(thrown instanceof CancelledError)) {
        ctx.violations.push(`step ${step.tag}: the group threw ${String(thrown)} though no child or body failed`);
      }
    } else if (!(thrown instanceof TaskGroupError)) {
      ctx.violations.push(`step ${step.tag}: ${expected.length} failure(s) in the group, but it threw ${String(thrown === NO_ERROR ? 'nothing' : thrown)}`);
    } else if (thrown.errors.length !== expected.length || !expected.every((error) => thrown instanceof TaskGroupError && thrown.errors.includes(error))) {
      ctx.violations.push(`step ${step.tag}: TaskGroupError holds [${thrown.errors.map(String).join(', ')}], expected [${expected.map(String).join(', ')}]`);
    }
  }
}

/** Every error `error` stands for: itself, and recursively the errors of a TaskGroupError. */
function flatten(error: unknown, into: Set<unknown>): void {
  into.add(error);
  if (error instanceof TaskGroupError) for (const inner of error.errors) flatten(inner, into);
}

/** The invariants every run must hold; returns a description of each one broken. */
export function checkInvariants(outcome: Outcome): string[] {
  const broken = [...outcome.violations];

  // Every finally runs exactly once, and only for code that started.
  for (const [tag, entered] of outcome.entered) {
    const finalized = outcome.finalized.get(tag) ?? 0;
    if (entered !== 1 || finalized !== 1) broken.push(`step ${tag}: entered ${entered} time(s), finally ran ${finalized} time(s)`);
  }

  // No task outlives its parent: every child's task.done precedes its parent's.
  const parentOf = new Map<number, number | null>();
  const doneAt = new Map<number, number>();
  outcome.events.forEach((event, index) => {
    if (event.type === 'task.spawn') parentOf.set(event.taskId, event.parentId);
    if (event.type === 'task.done') doneAt.set(event.taskId, index);
  });
  for (const [task, parent] of parentOf) {
    const childDone = doneAt.get(task);
    if (childDone === undefined) {
      broken.push(`task ${task} never finished`);
      continue;
    }
    if (parent === null) continue;
    const parentDone = doneAt.get(parent);
    if (parentDone !== undefined && parentDone < childDone) broken.push(`task ${task} finished after its parent task ${parent}`);
  }

  // run leaves nothing behind: no live task, the loop closed, no timer armed when it last went idle.
  if (outcome.liveTasksAfter !== 0) broken.push(`${outcome.liveTasksAfter} task(s) still live after run`);
  if (!outcome.closedAfter) broken.push('the loop is not closed after run');
  const idles = outcome.events.filter((event) => event.type === 'loop.idle');
  const lastIdle = idles[idles.length - 1];
  if (lastIdle !== undefined && lastIdle.until !== null) broken.push(`a timer (due at ${lastIdle.until}) was still armed when the loop last went idle`);

  // No queue item lost or duplicated.
  const seen = [...outcome.got, ...outcome.leftInQueue].sort((a, b) => a - b);
  const put = [...outcome.put].sort((a, b) => a - b);
  if (JSON.stringify(seen) !== JSON.stringify(put)) broken.push(`queue: put ${JSON.stringify(put)} but got+left ${JSON.stringify(seen)}`);
  const delivered = [...outcome.received, ...outcome.leftInChannel].sort((a, b) => a - b);
  const sent = [...outcome.sent].sort((a, b) => a - b);
  if (JSON.stringify(delivered) !== JSON.stringify(sent)) broken.push(`channel: sent ${JSON.stringify(sent)} but received+left ${JSON.stringify(delivered)}`);

  // No error silently lost, and cancellation is never reported as an error.
  const observed = new Set<unknown>();
  if (!outcome.result.ok) flatten(outcome.result.error, observed);
  for (const error of outcome.caught) flatten(error, observed);
  for (const context of outcome.reported) {
    flatten(context.exception, observed);
    if (context.exception instanceof CancelledError) broken.push(`a CancelledError was reported to the exception handler: ${context.message}`);
  }
  for (const boom of outcome.booms) if (!observed.has(boom)) broken.push(`${boom.message} was lost: not thrown, caught, grouped nor reported`);

  // Only our own errors (and timeouts) escape.
  for (const error of observed) {
    if (!(error instanceof Boom || error instanceof TaskGroupError || error instanceof TimeoutError || error instanceof CancelledError)) {
      broken.push(`unexpected error ${String(error)}`);
    }
  }
  return broken;
}

/** The event trace with the real-time fields (`start`, `duration`) and spawn sites removed, for exact comparison. */
export function replayable(events: readonly LoopEvent[]): string[] {
  return events.map((event) => {
    const { start: _start, duration: _duration, site: _site, ...rest } = event as LoopEvent & { start?: unknown; duration?: unknown; site?: unknown };
    return JSON.stringify(rest);
  });
}
