import { describe, expect, test } from 'vitest';
import { Handle, Loop, TimerHandle, VirtualClock } from '../../src/index.js';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function virtualLoop(start = 0): Loop {
  return new Loop({ clock: new VirtualClock({ start }) });
}

describe('Handle (loop.callSoon)', () => {
  test('callSoon returns a Handle that is not a TimerHandle', () => {
    const handle = virtualLoop().callSoon(() => {});
    expect([handle instanceof Handle, handle instanceof TimerHandle]).toEqual([true, false]);
  });

  test('cancelled() is false until cancel() is called, then true', () => {
    const handle = virtualLoop().callSoon(() => {});
    const before = handle.cancelled();
    handle.cancel();
    expect([before, handle.cancelled()]).toEqual([false, true]);
  });

  test('cancel() before the pass prevents the callback', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const handle = loop.callSoon(() => log.push('ran'));
    handle.cancel();
    await settle();
    expect(log).toEqual([]);
  });

  test('cancel() by an earlier callback of the same pass prevents the callback', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    loop.callSoon(() => {
      log.push('first');
      second.cancel();
    });
    const second = loop.callSoon(() => log.push('second'));
    loop.callSoon(() => log.push('third'));
    await settle();
    expect(log).toEqual(['first', 'third']);
  });

  test('cancel() after the callback ran changes nothing but the flag', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const handle = loop.callSoon(() => log.push('ran'));
    await settle();
    handle.cancel();
    await settle();
    expect({ log, cancelled: handle.cancelled() }).toEqual({ log: ['ran'], cancelled: true });
  });

  test('cancelling twice is the same as cancelling once', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const handle = loop.callSoon(() => log.push('cancelled'));
    loop.callSoon(() => log.push('kept'));
    handle.cancel();
    handle.cancel();
    await settle();
    expect(log).toEqual(['kept']);
  });
});

describe('TimerHandle (loop.callLater / loop.callAt)', () => {
  test('callLater and callAt return TimerHandles, which are Handles', () => {
    const loop = virtualLoop();
    const later = loop.callLater(1, () => {});
    const at = loop.callAt(1, () => {});
    expect([later instanceof TimerHandle, later instanceof Handle, at instanceof TimerHandle]).toEqual([true, true, true]);
  });

  test('when() is the loop time the callback is due: now + ms for callLater', () => {
    const loop = virtualLoop(2000);
    expect(loop.callLater(750, () => {}).when()).toBe(2750);
  });

  test('when() is exactly the time given to callAt, even in the past', () => {
    const loop = virtualLoop(2000);
    expect(loop.callAt(1234.5, () => {}).when()).toBe(1234.5);
  });

  test('the callback runs when loop.time() equals when()', async () => {
    const loop = virtualLoop();
    const seen: number[] = [];
    const handle = loop.callLater(321, () => seen.push(loop.time()));
    await settle();
    expect(seen).toEqual([handle.when()]);
  });

  test('cancel() before the deadline prevents the callback', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const handle = loop.callLater(100, () => log.push('ran'));
    handle.cancel();
    await settle();
    expect({ log, cancelled: handle.cancelled() }).toEqual({ log: [], cancelled: true });
  });

  test('a timer cancelled by an earlier callback due at the same time does not run', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    loop.callLater(100, () => {
      log.push('first');
      second.cancel();
    });
    const second = loop.callLater(100, () => log.push('second'));
    loop.callLater(100, () => log.push('third'));
    await settle();
    expect(log).toEqual(['first', 'third']);
  });

  test('cancelling one timer leaves the others with the same deadline in order', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    loop.callLater(50, () => log.push('a'));
    const b = loop.callLater(50, () => log.push('b'));
    loop.callLater(50, () => log.push('c'));
    b.cancel();
    await settle();
    expect(log).toEqual(['a', 'c']);
  });

  test('cancel() after the timer ran changes nothing but the flag', async () => {
    const loop = virtualLoop();
    const log: string[] = [];
    const handle = loop.callLater(10, () => log.push('ran'));
    await settle();
    handle.cancel();
    loop.callLater(10, () => log.push(`next at ${loop.time()}`));
    await settle();
    expect({ log, cancelled: handle.cancelled() }).toEqual({ log: ['ran', 'next at 20'], cancelled: true });
  });

  test('cancelling a timer of a closed loop is harmless', () => {
    const loop = virtualLoop();
    const handle = loop.callLater(10, () => {});
    loop.close();
    handle.cancel();
    expect([handle.cancelled(), loop.isClosed()]).toEqual([true, true]);
  });
});
