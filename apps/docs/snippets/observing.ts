/**
 * The code of the "Observing a program" guide (see snippets/structured-concurrency.ts for how it is checked).
 */
import { VirtualClock, gather, parseTrace, recordTrace, run, sleep, type LoopEvent, type Operation } from '@loop/runtime';

type Print = (line: string) => void;

function* randn(ms: number): Operation<number> {
  yield* sleep(ms);
  return ms / 100;
}

function* main(): Operation<number[]> {
  return yield* gather(randn(300), randn(100), randn(200));
}

// #region subscribe
export async function subscribing(print: Print): Promise<void> {
  const log = (event: LoopEvent): void => {
    if (event.type === 'task.spawn') print(`${event.time} ms: spawn ${event.name} (#${event.taskId})`);
    if (event.type === 'task.suspend' && event.taskId > 1) print(`${event.time} ms: #${event.taskId} waits on ${event.on}`);
    if (event.type === 'task.done') print(`${event.time} ms: #${event.taskId} done (${event.outcome})`);
  };
  await run(main, { clock: new VirtualClock(), onEvent: log });
}
// #endregion subscribe

// #region record
export async function recording(print: Print): Promise<void> {
  const lines: string[] = [];
  await run(main, { clock: new VirtualClock(), onLoop: (loop) => void recordTrace(loop, (line) => lines.push(line)) });
  // lines.join('\n') is the JSON Lines file: write it to trace.jsonl

  const { header, events } = parseTrace(lines.join('\n'));
  print(`${header.format} v${header.version}, ${header.clock} clock, ${events.length} events`);
  const spawned = events.filter((event) => event.type === 'task.spawn').map((event) => event.name);
  print(`tasks: ${spawned.join(', ')}`);
}
// #endregion record
