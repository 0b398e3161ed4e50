/** The catalogue of classic concurrency bugs, each as a buggy and a fixed program. */
import type { Operation } from '@loop/runtime';
import { cacheStampede } from './cache-stampede.js';
import { cancelledConsumer } from './cancelled-consumer.js';
import { checkThenAct } from './check-then-act.js';
import { lockOrder } from './lock-order.js';
import { lostUpdate } from './lost-update.js';
import { lostWakeup } from './lost-wakeup.js';
import { parentFinally } from './parent-finally.js';

export interface Bug {
  name: string;
  buggy: () => Operation<void>;
  fixed: () => Operation<void>;
  /** The most deviations from FIFO the shrunk schedule may need. */
  maxDeviations: number;
}

export const catalogue: Bug[] = [lostUpdate, checkThenAct, lockOrder, lostWakeup, parentFinally, cacheStampede, cancelledConsumer];
