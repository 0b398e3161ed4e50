/**
 * Tests that opt out of the seeded runs (`LOOP_SEED`): each one asserts the
 * FIFO order of same-time work by design, usually by building an exact
 * interleaving with `sleep(0)` (a task spawned, then the parent yields once
 * and expects the child to have reached its wait). Under a shuffle seed the
 * parent may run first, so the scenario the test describes never happens;
 * the behaviour itself is covered by the FIFO run of the same test.
 *
 * Found by running the suite under LOOP_SEED 1–7 and reading every failure:
 * each was an order assertion or an interleaving built on FIFO order, none a
 * runtime bug. Keyed by file, then by `describe > test` name. A test not
 * listed here must pass under any seed; add one only with the reason above.
 */
export const FIFO_BY_DESIGN: Readonly<Record<string, readonly string[]>> = {
  "test/channel/channel.test.ts": [
    "send() and receive() as operations (the wait protocol, sync/waiter.ts) > a blocked task reports what it waits on as channel.send or channel.receive, in waitingOn and in task.suspend events",
    "send() and receive() as operations (the wait protocol, sync/waiter.ts) > complete without suspending when they need not wait",
  ],
  "test/channel/receive.test.ts": [
    "receive.receive() > blocked receivers get values in the order they started waiting",
    "receive.receive() > closing one receive clone fails only its blocked receivers; the others still get values in order",
    "receive.receive() > closing the last send end wakes every blocked receiver with EndOfChannel at that time",
  ],
  "test/channel/send.test.ts": [
    "send.send(value) > blocked senders deliver in the order they started waiting, and resume in that order",
    "send.send(value) > closing the last receive end wakes blocked senders with BrokenResourceError at that time",
  ],
  "test/channel/state.test.ts": [
    "the lines of blocked senders and receivers > receivers cancelled at the head, in the middle and at the tail leave the others in order",
    "the lines of blocked senders and receivers > senders cancelled in the middle of the line deliver nothing; the rest deliver in order",
  ],
  "test/channel/subscription.test.ts": [
    "a receive end read as a stream > a forEach cancelled while waiting takes no value: one sent in the same instant goes to the next receiver",
    "a receive end read as a stream > a forEach woken with a value and cancelled in the same instant still runs fn with it",
  ],
  "test/clock/virtual.test.ts": [
    "clock.advance(ms) with autojump: false > advancing past several deadlines runs each due callback in deadline order, at the advanced time",
  ],
  "test/interop/call.test.ts": [
    "call > a promise handed to call() in an already-cancelled task (level-triggered) is not reported as unhandled when it rejects",
    "call > a promise that rejects after its task was cancelled is not reported as an unhandled rejection",
    "call > cancelling the waiting task aborts the signal with a CancelledError, and the task is cancelled without waiting for the foreign promise",
  ],
  "test/loop/handle.test.ts": [
    "Handle (loop.callSoon) > cancel() by an earlier callback of the same pass prevents the callback",
    "TimerHandle (loop.callLater / loop.callAt) > a timer cancelled by an earlier callback due at the same time does not run",
    "TimerHandle (loop.callLater / loop.callAt) > cancelling one timer leaves the others with the same deadline in order",
  ],
  "test/loop/loop.test.ts": [
    "exception handling > a failing callback does not stop the callbacks after it",
    "loop.callLater and loop.callAt > a sleep and a callback with the same deadline fire in the order they were set",
    "loop.callLater and loop.callAt > callAt with a time in the past runs on the next pass, ordered by deadline",
    "loop.callLater and loop.callAt > callbacks with the same deadline run in the order they were scheduled, whichever method set them",
    "loop.callSoon > returns a Handle whose cancel() prevents the callback",
    "loop.callSoon > runs callbacks in the order they were scheduled, with their arguments",
    "loop.close() > closing from inside a callback drops the rest of the pass",
    "one pass of the loop > a callback scheduled by a callback runs in the next pass, after the work already queued",
    "one pass of the loop > a due timer joins the run queue behind the callbacks already queued",
    "one pass of the loop > tasks and callbacks interleave pass by pass in FIFO order",
    "seeded shuffle > without a seed, ten tasks ready at the same time run FIFO",
  ],
  // A shrunk counterexample pinned to the FIFO interleaving in which the failing sibling runs first.
  "test/reliability/counterexamples.test.ts": [
    "shrunk counterexamples > a task cancelled while it joins a child it just cancelled gets CancelledError at once; the child still finishes before that task",
  ],
  "test/run.test.ts": [
    "run > without a seed, same-time tasks run FIFO; seeds shuffle that order",
  ],
  "test/stream/buffer.test.ts": [
    "buffer > reads at most n values ahead of the one the consumer holds",
  ],
  "test/stream/from-async-iterable.test.ts": [
    "forEach over an AsyncIterable > when the consuming task is cancelled while next() is pending, return() is requested without waiting and the task ends at once",
  ],
  "test/stream/merge.test.ts": [
    "merge > stopping early closes every source",
  ],
  "test/stream/pipe.test.ts": [
    "closing a pipeline early > a concurrent stage left open by iterate() is closed when its task finishes: its calls are cancelled and awaited first",
  ],
  "test/stream/transform.test.ts": [
    "map and filter with concurrency > ordered: a failed call is thrown when its turn comes, after the results before it; the others are cancelled",
    "map and filter with concurrency > unordered: results come out as the calls finish",
  ],
  "test/sync/barrier.test.ts": [
    "Barrier > abort breaks the barrier: waiting tasks and every later wait get BrokenBarrierError until reset",
    "Barrier > parties, nWaiting and broken describe the barrier",
    "Barrier > the barrier serves several rounds, indices 0..n-1 in each",
    "Barrier > wait returns once parties tasks wait, each with its arrival index 0..n-1",
  ],
  "test/sync/capacity-limiter.test.ts": [
    "CapacityLimiter > 20 concurrent tasks never hold more than totalTokens at once, and all finish",
    "CapacityLimiter > a task cancelled while waiting takes no token",
    "CapacityLimiter > lowering totalTokens below borrowedTokens only stops new grants until enough are released",
    "CapacityLimiter > raising totalTokens lets waiting tasks in at once",
    "CapacityLimiter > tasks waiting for a token get one in the order they asked",
  ],
  "test/sync/condition.test.ts": [
    "Condition: wait and notify > a waiter notified and cancelled in the same instant still returns from wait holding the lock",
    "Condition: wait and notify > notify wakes one waiter at a time, longest-waiting first; notify(n) wakes n",
    "Condition: wait and notify > notifyAll wakes every waiter; they take the lock back one after another in FIFO order",
  ],
  "test/sync/event.test.ts": [
    "Event > a waiter cancelled while waiting is not woken; set still wakes the others",
    "Event > set wakes every waiting task, in the order they started waiting",
    "Event > set wakes the current waiters even if the event is cleared again before they run",
  ],
  "test/sync/lock.test.ts": [
    "Lock > a waiter handed the lock and cancelled in the same instant owns it, and its finally releases it",
    "Lock > tasks waiting for the lock get it in the order they asked, one at a time",
  ],
  "test/sync/queue.test.ts": [
    "PriorityQueue > a getter waiting on an empty PriorityQueue receives the first item put",
    "Queue: cancellation loses no item > a cancelled putter in the middle of the line is skipped: the others proceed in order",
    "Queue: cancellation loses no item > a getter cancelled while waiting takes nothing: the next getter receives the item",
    "Queue: cancellation loses no item > a getter woken with an item and cancelled in the same instant still returns the item",
    "Queue: cancellation loses no item > a putter cancelled while blocked adds nothing to the queue",
    "Queue: join and taskDone > every task waiting in join is released when the last item is marked done",
    "Queue: putting and getting > a put that frees a waiting getter hands it the item directly and the queue stays empty",
    "Queue: putting and getting > getters waiting on an empty queue receive items in the order they started waiting",
    "Queue: putting and getting > putters blocked on a full queue proceed in FIFO order as slots free up",
    "Queue: shutdown > shutdown wakes blocked putters with QueueShutDown and keeps the queued items for getters",
    "Queue: shutdown > shutdown wakes every getter waiting on the empty queue with QueueShutDown, in order",
    "Queue: shutdown > shutdown(true) wakes every waiting getter and putter with QueueShutDown",
  ],
  "test/sync/semaphore.test.ts": [
    "Semaphore > tasks waiting for a permit get one in the order they asked, at most value at a time",
  ],
  "test/sync/waiter.test.ts": [
    "the wait protocol shared by the primitives > a call that need not wait is not a cancellation point: a cancelled task still takes an available item (asyncio's rule)",
    "the wait protocol shared by the primitives > a task already cancelled that has to wait throws CancelledError without joining the line",
    "the wait protocol shared by the primitives > a task waiting on a primitive reports what it waits on in waitingOn",
  ],
  "test/task/gather.test.ts": [
    "gather closed early > closing a gather before its children finish cancels them and waits for their finally blocks",
    "gatherSettled > cancelling the task running gatherSettled cancels every child; the records hold their CancelledErrors",
  ],
  "test/task/group.test.ts": [
    "taskGroup: failure > a body error and a child error are aggregated in the order they happened",
    "taskGroup: failure > a child failure cancels its siblings and the body, with reason \"a task in the group failed\"",
    "taskGroup: failure > outer cancellation passes through as CancelledError after the children are cancelled and awaited",
    "taskGroup: failure > split separates the errors by class and subgroup returns the matching ones (null when none)",
  ],
  "test/task/race.test.ts": [
    "race > of two operations finishing at the same time, the one whose timer was set first wins",
  ],
  "test/task/scope.test.ts": [
    "cancellation through the scope tree > cancelling a task reaches tasks nested in gathers and task groups inside it, all with its reason",
    "level-triggered cancellation > a task woken by its timer in the same pass as it is cancelled still runs until its next suspension",
    "level-triggered cancellation > a task woken with a value at the same time it is cancelled receives the value first, and its next suspension throws",
    "the order a cancellation wakes tasks in > depth first, each scope's children in the order they were started, shielded ones left out: the woken tasks run in that order",
  ],
  "test/task/spawn.test.ts": [
    "spawn > cancelling a parent cancels its children and grandchildren with the same reason",
  ],
  "test/task/task.test.ts": [
    "Task: cancel > a task cancelled before it ever ran runs none of its code, not even its finally",
    "Task: cancel > cancel() returns true again for a cancelled task that has not finished yet",
    "Task: done callbacks > addDoneCallback on a finished task calls the callback on the next pass, not synchronously",
    "Task: done, result, exception > cancelled() stays false after cancel() until the task has actually finished by cancellation",
    "Task: scheduling order > sleep(0) yields exactly once: two tasks alternate",
    "Task: scheduling order > tasks spawned in the same pass first run in spawn order",
    "Task: scheduling order > tasks woken at the same loop time run FIFO in the order their timers were set",
  ],
  "test/time/sleep.test.ts": [
    "sleep > one sleep(10) value yielded* by two tasks at once wakes each of them at 10",
    "sleep > sleep(0) yields to the loop exactly once, so two tasks alternate a, b, a, b",
    "suspend > sets no timer: the task is suspended on \"suspend\" until cancelled",
    "suspend > waits until the task is cancelled, then throws CancelledError with the reason",
  ],
  "test/time/timeout.test.ts": [
    "timeout / failAfter > a task cancelled from outside at the same instant its timeout expires is cancelled, not timed out (outermost reports)",
    "timeout / failAfter > the deadline cancels every child of a gather inside it, and each finally runs before TimeoutError",
  ],
};
