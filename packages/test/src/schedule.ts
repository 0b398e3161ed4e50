/**
 * Schedules: the decisions a run could make differently, and how a
 * schedule is written down.
 *
 * Three kinds of decision exist. At each *step* (the loop asks the
 * scheduler to pick among two or more same-time ready entries of a pass)
 * the order of ready work; at each timer set, an extra delay (jitter); at
 * each simulated foreign call, whether it fails (fault injection). Plain
 * FIFO is the schedule that picks index 0, adds no delay and injects no
 * fault, so any schedule is FIFO plus a list of {@link Deviation}s, and only
 * the deviations are recorded: recording costs nothing at a FIFO decision.
 *
 * A {@link Chooser} makes the decisions; the strategies (strategy.ts) draw
 * them from a seed, and {@link scriptedChooser} replays a list of
 * deviations (what shrinking varies).
 *
 * @module
 */
import { Task, type Handle } from '@loop/runtime';

/** One place where a schedule differs from plain FIFO. */
export type Deviation =
  /** At `step` (1-based), the entry at `index` of the candidates ran first; `taskId` names it when it is a task. */
  | { kind: 'pick'; step: number; index: number; taskId: number | null }
  /** The `timer`-th timer set (1-based) fired `ms` later than asked. */
  | { kind: 'jitter'; timer: number; ms: number }
  /** The `call`-th simulated foreign call (1-based) failed with a `SimulatedFault`. */
  | { kind: 'fault'; call: number };

/** The ready entries the loop offers at a step (tasks and callback handles, FIFO order). */
export type Candidates = readonly (Task<unknown> | Handle)[];

/** @internal Makes a run's decisions; every method returns the FIFO answer (0, 0, false) when it does not deviate. */
export interface Chooser {
  pick(step: number, candidates: Candidates): number;
  jitter(timer: number, delay: number): number;
  fault(call: number, name: string): boolean;
}

/** @internal Plain FIFO: no deviation at all. */
export const fifo: Chooser = {
  pick: () => 0,
  jitter: () => 0,
  fault: () => false,
};

/**
 * @internal Replays exactly `deviations` and is FIFO everywhere else. A pick
 * deviation runs the task it recorded when that task is among the
 * candidates (removing an earlier deviation may move it), else the
 * recorded index when it is in range, else FIFO.
 */
export function scriptedChooser(deviations: readonly Deviation[]): Chooser {
  const picks = new Map<number, { index: number; taskId: number | null }>();
  const jitters = new Map<number, number>();
  const faults = new Set<number>();
  for (const deviation of deviations) {
    if (deviation.kind === 'pick') picks.set(deviation.step, deviation);
    else if (deviation.kind === 'jitter') jitters.set(deviation.timer, deviation.ms);
    else faults.add(deviation.call);
  }
  return {
    pick(step, candidates) {
      const wanted = picks.get(step);
      if (wanted === undefined) return 0;
      if (wanted.taskId !== null) {
        for (let i = 0; i < candidates.length; i++) {
          const entry = candidates[i];
          if (entry instanceof Task && entry.id === wanted.taskId) return i;
        }
      }
      return wanted.index < candidates.length ? wanted.index : 0;
    },
    jitter: (timer) => jitters.get(timer) ?? 0,
    fault: (call) => faults.has(call),
  };
}

/** How a candidate is named in reports: its task name, or `a callback`. */
export function candidateName(entry: Task<unknown> | Handle | undefined): string {
  return entry instanceof Task ? entry.name : 'a callback';
}

/** A deviation as a reader wants it, with the names of what it reordered (see explore's run with labels). */
export type DescribedDeviation =
  | { kind: 'pick'; step: number; ran: string; before: string }
  | { kind: 'jitter'; timer: number; delay: number; ms: number }
  | { kind: 'fault'; call: number; name: string };

/**
 * The schedule in one line: `FIFO except: at step 14, ran \`withdraw#2\`
 * before \`withdraw#1\``, or `plain FIFO (no deviation)`.
 *
 * @example
 * ```ts
 * formatSchedule([{ kind: 'pick', step: 4, ran: 'withdraw#2', before: 'withdraw#1' }]);
 * // 'FIFO except: at step 4, ran `withdraw#2` before `withdraw#1`'
 * ```
 */
export function formatSchedule(deviations: readonly DescribedDeviation[]): string {
  if (deviations.length === 0) return 'plain FIFO (no deviation)';
  const parts = deviations.map((deviation) => {
    switch (deviation.kind) {
      case 'pick':
        return `at step ${deviation.step}, ran \`${deviation.ran}\` before \`${deviation.before}\``;
      case 'jitter':
        return `timer ${deviation.timer} (${deviation.delay} ms) fired ${deviation.ms} ms late`;
      case 'fault':
        return `call ${deviation.call} (\`${deviation.name}\`) failed with a simulated fault`;
    }
  });
  return `FIFO except: ${parts.join('; ')}`;
}
