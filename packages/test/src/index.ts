/**
 * @loop/test — schedule exploration for loop programs.
 *
 * `explore(program, options)` runs a program on a `VirtualClock` under many
 * schedules (seeded `random` shuffles or PCT), detects failures (a throw,
 * an unretrieved task error, a deadlock, a failed invariant), shrinks a
 * failing schedule to the fewest deviations from FIFO and replays any
 * schedule from its seed, byte for byte. Platform-neutral.
 *
 * @example
 * ```ts
 * import { explore } from '@loop/test';
 *
 * test('two withdrawals never overdraw', () =>
 *   explore(function* () {
 *     const account = { balance: 100 };
 *     yield* gather(withdraw(account, 80), withdraw(account, 80));
 *     if (account.balance < 0) throw new Error(`overdrawn: ${account.balance}`);
 *   }, { schedules: 2000 }));
 * ```
 *
 * @packageDocumentation
 */
export { explore, scheduleSeed, type ExploreOptions, type ExploreReport } from './explore.js';
export { ExploreError, ForeignCallError, InvariantError, NondeterminismError, SimulatedFault, type ExploreFailure } from './errors.js';
export type { ExploreContext, FailureKind, Simulate } from './run-schedule.js';
export { formatSchedule, type DescribedDeviation, type Deviation } from './schedule.js';
export type { Strategy } from './strategy.js';
