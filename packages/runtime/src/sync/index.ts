/**
 * Synchronization primitives for tasks on one loop: asyncio's queues,
 * `Lock`, `Event`, `Condition`, `Semaphore`, `BoundedSemaphore` and
 * `Barrier`, and Trio's `CapacityLimiter`.
 *
 * Every waiting operation follows one protocol (waiter.ts): it completes
 * without yielding when it need not wait, waits in FIFO order when it must,
 * and is handed its result (an item, the lock, a permit) at wake time, so a
 * wakeup is never lost to a cancellation.
 *
 * @module
 */
export { Queue, LifoQueue, PriorityQueue } from './queue.js';
export { Lock } from './lock.js';
export { Event } from './event.js';
export { Condition } from './condition.js';
export { Semaphore, BoundedSemaphore } from './semaphore.js';
export { Barrier } from './barrier.js';
export { CapacityLimiter, type CapacityLimiterStatistics } from './capacity-limiter.js';
