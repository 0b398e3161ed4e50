/**
 * The code of the "Streams and async generators" guide (see snippets/structured-concurrency.ts for how it is checked).
 */
import { channel, collect, filter, forEach, getLoop, iterate, map, pipe, sleep, spawn, stream, take, type Operation, type Stream } from '@loop/runtime';

type Print = (line: string) => void;

// #region squareOdds
function squareOdds(start: number, stop: number): Stream<number> {
  return stream(function* () {
    for (let n = start; n < stop; n++) {
      if (n % 2 === 1) {
        yield* sleep(500); // wait between values, as an async generator awaits
        yield n * n;
      }
    }
  });
}

export function* consume(print: Print): Operation<void> {
  const loop = yield* getLoop();
  yield* forEach(squareOdds(10, 16), (square) => {
    print(`${square} at ${loop.time()} ms`);
  });
}
// #endregion squareOdds

// #region pipeline
export function* pipeline(print: Print): Operation<void> {
  const firstThree = yield* pipe(
    squareOdds(0, 100),
    filter((square) => square % 3 !== 0),
    map((square) => `${square}!`),
    take(3),
    collect(),
  );
  print(firstThree.join(' '));
}
// #endregion pipeline

// #region closing
function numbers(print: Print): Stream<number> {
  return stream(function* () {
    try {
      for (let n = 0; ; n++) {
        yield* sleep(100);
        yield n;
      }
    } finally {
      yield* sleep(50); // cleanup may still wait
      print('numbers: closed');
    }
  });
}

export function* closing(print: Print): Operation<void> {
  const loop = yield* getLoop();
  const sub = yield* iterate(numbers(print));
  print(`first: ${(yield* sub.next()).value}`);
  print(`second: ${(yield* sub.next()).value}`);
  yield* sub.close();
  print(`closed at ${loop.time()} ms`);
}
// #endregion closing

// #region channels
export function* channels(print: Print): Operation<void> {
  const [send, receive] = channel<string>(1);
  yield* spawn(
    (function* producer(): Operation<void> {
      using _ = send; // closing the send end ends the receiver's stream
      for (const job of ['a', 'b', 'c']) {
        yield* send.send(job);
        print(`sent ${job}`);
      }
    })(),
  );
  yield* forEach(receive, function* (job) {
    yield* sleep(100);
    print(`handled ${job}`);
  });
}
// #endregion channels
