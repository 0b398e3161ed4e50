/**
 * The exploration strategies: how a schedule seed becomes decisions.
 *
 * - `random`: every step picks a candidate uniformly at random.
 * - `pct` (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized
 *   Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010):
 *   every task gets a random priority when first seen and the
 *   highest-priority candidate always runs; at `depth − 1` change points,
 *   drawn uniformly from the `k` steps of the program's FIFO run, the task
 *   about to run drops below every initial priority. A bug that needs `d`
 *   ordering constraints (its depth) is found with probability at least
 *   1/(n·k^(d−1)) per run, n tasks and k steps, where a uniform shuffle's
 *   chance falls exponentially with the number of steps between them.
 *
 * Picks draw from one generator seeded by the schedule seed; jitter and
 * faults from a second, so turning jitter on does not change which
 * interleavings a seed's picks explore. Each seed is self-contained (k comes
 * from the FIFO run, which is the same for every seed), so a seed alone
 * replays its schedule.
 *
 * @module
 */
import { seededRandom } from '@loop/runtime';
import type { Candidates, Chooser } from './schedule.js';

/** The exploration strategy. */
export type Strategy = 'random' | 'pct';

/** @internal What a strategy needs besides its seed. */
export interface StrategySettings {
  strategy: Strategy;
  /** PCT depth (bugs of this depth get the guarantee). */
  depth: number;
  /** Steps of the FIFO run: PCT's k. */
  steps: number;
  /** Largest jitter in ms (0: none). */
  jitter: number;
  /** Probability that a simulated call fails. */
  faultRate: number;
}

/** @internal The chooser for schedule `seed`. */
export function strategyChooser(seed: number, settings: StrategySettings): Chooser {
  const side = seededRandom(seed ^ 0x5bd1e995);
  const { jitter: maxJitter, faultRate } = settings;
  // Half the timers keep their time, the others are late by 1..maxJitter ms.
  const jitter = maxJitter > 0 ? () => (side() < 0.5 ? 0 : 1 + Math.floor(side() * maxJitter)) : () => 0;
  const fault = faultRate > 0 ? () => side() < faultRate : () => false;
  const pick = settings.strategy === 'random' ? uniformPick(seededRandom(seed)) : pctPick(seededRandom(seed), settings.depth, settings.steps);
  return { pick, jitter, fault };
}

function uniformPick(random: () => number): Chooser['pick'] {
  return (_step, candidates) => Math.floor(random() * candidates.length);
}

function pctPick(random: () => number, depth: number, steps: number): Chooser['pick'] {
  // Change point i (1-based, in step order) lowers a priority to depth − i: below every initial one (>= depth).
  const changes = new Map<number, number>();
  const slots = Math.max(steps, 1);
  while (changes.size < Math.min(depth - 1, slots)) {
    const step = 1 + Math.floor(random() * slots);
    if (!changes.has(step)) changes.set(step, 0);
  }
  [...changes.keys()].sort((a, b) => a - b).forEach((step, i) => changes.set(step, depth - 1 - i));
  const priorities = new Map<object, number>();
  const priorityOf = (entry: object): number => {
    let priority = priorities.get(entry);
    if (priority === undefined) {
      // A new task slots in at a random place among the initial priorities [depth, depth + 1).
      priority = depth + random();
      priorities.set(entry, priority);
    }
    return priority;
  };
  const highest = (candidates: Candidates): number => {
    let best = 0;
    let bestPriority = -Infinity;
    for (let i = 0; i < candidates.length; i++) {
      const priority = priorityOf(candidates[i]!);
      if (priority > bestPriority) {
        best = i;
        bestPriority = priority;
      }
    }
    return best;
  };
  return (step, candidates) => {
    const chosen = highest(candidates);
    const lowered = changes.get(step);
    if (lowered === undefined) return chosen;
    priorities.set(candidates[chosen]!, lowered);
    return highest(candidates);
  };
}
