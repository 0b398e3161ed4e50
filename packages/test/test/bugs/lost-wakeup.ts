/**
 * A lost wakeup: the producer sets an event and, a step later, clears it
 * for the next round. A waiter that reaches `wait()` after the clear waits
 * forever (`DeadlockError`). The fix reads the state the event stands for
 * before waiting.
 */
import { Event, gather, sleep, spawn, type Operation } from '@loop/runtime';

interface Mailbox {
  message: string | null;
  arrived: Event;
}

function* producer(mailbox: Mailbox): Operation<void> {
  mailbox.message = 'hello';
  mailbox.arrived.set();
  yield* sleep(0);
  mailbox.arrived.clear(); // reset for the next message
}

function* waiter(mailbox: Mailbox, checkFirst: boolean): Operation<string> {
  yield* sleep(0); // set up before waiting
  if (!checkFirst || mailbox.message === null) yield* mailbox.arrived.wait();
  return mailbox.message!;
}

function* program(checkFirst: boolean): Operation<void> {
  const mailbox: Mailbox = { message: null, arrived: new Event() };
  const received = yield* spawn(waiter(mailbox, checkFirst), { name: 'waiter' });
  const sent = yield* spawn(producer(mailbox), { name: 'producer' });
  yield* gather(received, sent);
}

export const lostWakeup = {
  name: 'event set before the waiter waits, cleared in between',
  buggy: () => program(false),
  fixed: () => program(true),
  maxDeviations: 1,
};
