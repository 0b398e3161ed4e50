import { describe, expect, test } from 'vitest';
import { VirtualClock, getLoop, run, sleep, spawn } from '@loop/runtime';
import { exec, listen } from '../../src/index.js';

// IO in flight is foreign work: a VirtualClock must not jump past it. Waiting
// for connections is not IO in flight: an idle server must not freeze time.
describe('IO on a virtual clock', () => {
  test('time does not jump while a process runs, even with a timer pending', async () => {
    const clock = new VirtualClock();
    const seen = await run(
      function* () {
        const loop = yield* getLoop();
        const sleeper = yield* spawn(sleep(60_000));
        const result = yield* exec('sh', ['-c', 'sleep 0.1; echo done']);
        const at = loop.time();
        sleeper.cancel();
        return { stdout: result.stdout, at };
      },
      { clock },
    );
    expect(seen).toEqual({ stdout: 'done\n', at: 0 });
  });

  test('an idle server does not stop the clock from jumping: a 10 s sleep beside it is instant', async () => {
    const clock = new VirtualClock();
    const at = await run(
      function* () {
        const loop = yield* getLoop();
        const server = yield* listen();
        const serving = yield* spawn(
          server.serve(function* () {
            // no connection ever comes
          }),
        );
        yield* sleep(10_000);
        serving.cancel();
        return loop.time();
      },
      { clock },
    );
    expect(at).toBe(10_000);
  });
});
