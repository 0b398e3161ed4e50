import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { foldEvents } from '../../src/model/reducer.js';
import { FixedStore, ReplayStore } from '../../src/store.js';
import { App } from '../../src/views/App.js';
import { ENTRIES, fixtureTrace, tick } from '../helpers.js';

const ESC = '\u001b';
const KEYS = { up: `${ESC}[A`, down: `${ESC}[B`, right: `${ESC}[C`, left: `${ESC}[D`, enter: '\r', backspace: '\u007f' };

function setup() {
  const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });
  const store = new FixedStore(model, 'small.jsonl', ['hello']);
  let quit = 0;
  const app = render(<App store={store} columns={100} rows={30} onQuit={() => quit++} />);
  const press = async (...keys: string[]): Promise<string> => {
    for (const key of keys) {
      app.stdin.write(key);
      await tick(); // let Ink read the input and re-render
    }
    await tick();
    return app.lastFrame() ?? '';
  };
  return { store, app, press, quits: () => quit };
}

const selectedRow = (frame: string): string | undefined => frame.split('\n').find((line) => line.startsWith('›'));
const tableIds = (frame: string): number[] => {
  const lines = frame.split('\n');
  const head = lines.findIndex((line) => line.includes('ID') && line.includes('NAME'));
  const end = lines.findIndex((line) => line.startsWith('timeline'));
  return lines.slice(head + 1, end).map((line) => Number(line.slice(1, 5)));
};

describe('App', () => {
  test('the first frame: header, table, timeline, warnings, output and key hints', async () => {
    const { press } = setup();
    expect(await press()).toBe(
      [
        'loop-console  small.jsonl  ended',
        'elapsed 3.000s  loop 3.000s  alive 0 done 3 failed 1 cancelled 1  queue 0  lag 0ms (max 0ms)',
        '  ID▲ NAME           STATE       PARENT    TOTAL     BUSY     IDLE STEPS WAITING  SPAWNED AT',
        '›   1 main           ✓ done           -   3.000s    0.5ms   2.999s     2          small.js:32:7',
        '    2 failing        ✗ failed         1    500ms    0.5ms  499.5ms     2          small.js:21:20',
        '    3 forever        ⊘ cancelled      1   3.000s    0.5ms   2.999s     2          small.js:22:10',
        '    4 Task-4         ✓ done           1   3.000s    0.5ms   2.999s     2          small.js:23:10',
        '    5 Task-5         ✓ done           1   3.000s    0.5ms   2.999s     2          small.js:23:10',
        'timeline 0ms .. 3.000s  zoom ×1',
        `   1 main         │█${'╌'.repeat(78)}✓│`,
        `   2 failing      │█${'─'.repeat(12)}✗${' '.repeat(66)}│`,
        `   3 forever      │█${'─'.repeat(78)}⊘│`,
        `   4 Task-4       │█${'─'.repeat(78)}✓│`,
        `   5 Task-5       │█${'─'.repeat(78)}✓│`,
        'warnings (1)',
        '  ! task 3 was still running when its parent (task 1) returned, so it was cancelled',
        'output',
        '  hello',
        '? help  q quit  ↑↓ move  ←→ sort  / filter  ⏎ details  w where  c cancel  space pause  +/- zoom',
      ].join('\n'),
    );
  });

  test('↓ and j move the selection down, ↑ and k move it up, stopping at the ends', async () => {
    const { press } = setup();
    expect(selectedRow(await press(KEYS.down))).toMatch(/^› +2 failing/);
    expect(selectedRow(await press('j'))).toMatch(/^› +3 forever/);
    expect(selectedRow(await press(KEYS.up))).toMatch(/^› +2 failing/);
    expect(selectedRow(await press('k', 'k', 'k'))).toMatch(/^› +1 main/);
  });

  test('→ and ← choose the sort column', async () => {
    const { press } = setup();
    let frame = await press(KEYS.right);
    expect(frame.split('\n')[2]).toContain('NAME▲');
    expect(tableIds(frame)).toEqual([2, 3, 1, 4, 5]);
    frame = await press(KEYS.left, KEYS.left);
    expect(frame.split('\n')[2]).toContain('SPAWNED AT▲');
  });

  test('Enter opens the selected task, Esc goes back', async () => {
    const { press } = setup();
    let frame = await press('j', KEYS.enter);
    expect(frame.split('\n')[2]).toBe('task 2  failing');
    expect(frame).toContain('error     Error: boom');
    frame = await press(ESC);
    expect(frame.split('\n')[2]).toContain('ID▲ NAME');
  });

  test('/ filters as you type; Enter keeps the filter, Esc clears it', async () => {
    const { press } = setup();
    let frame = await press('/', 'T', 'a', 's', 'k');
    expect(frame.split('\n')[2]).toBe('/Task█');
    expect(tableIds(frame)).toEqual([4, 5]);
    frame = await press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, 'f', 'o', 'r', KEYS.enter);
    expect(frame.split('\n')[2]).toBe('filter: for  (Esc clears)');
    expect(selectedRow(frame)).toMatch(/^› +3 forever/);
    frame = await press(ESC);
    expect(frame.split('\n')[2]).toContain('ID▲ NAME');
  });

  test('w opens the where view for the selected task, Esc goes back; a finished model has nothing to ask', async () => {
    const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });
    const app = render(<App store={new FixedStore(model, 'small.jsonl', [], ENTRIES)} columns={100} rows={30} />);
    // Each key is read and rendered by Ink on its own schedule: wait (at most 2 s) for the frame it leads to.
    const frameWhen = async (check: (lines: string[]) => boolean): Promise<string[]> => {
      for (let waited = 0; ; waited += 10) {
        const lines = (app.lastFrame() ?? '').split('\n');
        if (check(lines) || waited >= 2000) return lines;
        await tick(10);
      }
    };
    app.stdin.write('j');
    await tick();
    app.stdin.write('w');
    const lines = await frameWhen((frame) => frame[2]!.startsWith('where:'));
    expect(lines.slice(2, 4)).toEqual(['where: 4 live task(s), each at the line it waits on', 'chain  main demo.js:20 → randn demo.js:12']);
    app.stdin.write(ESC);
    expect((await frameWhen((frame) => frame[2]!.includes('ID▲ NAME')))[2]).toContain('ID▲ NAME');
    const { press } = setup();
    expect((await press('w')).split('\n').at(-1)).toBe('where needs a running program');
  });

  test('c asks the store to cancel the selected task', async () => {
    const { press, store } = setup();
    const frame = await press('j', 'j', 'c');
    expect(store.cancelled).toEqual([3]);
    expect(frame.split('\n').at(-1)).toBe('cancel requested for task 3');
  });

  test('space pauses and resumes the display', async () => {
    const { press, store } = setup();
    expect((await press(' ')).split('\n')[0]).toBe('loop-console  small.jsonl  ended (display paused)');
    expect(store.paused).toBe(true);
    await press(' ');
    expect(store.paused).toBe(false);
  });

  test('+ and - zoom the timeline, [ and ] scroll it, 0 fits it again', async () => {
    const { press } = setup();
    const title = (frame: string): string => frame.split('\n').find((line) => line.startsWith('timeline'))!;
    expect(title(await press('+'))).toBe('timeline 1.500s .. 3.000s  zoom ×2');
    expect(title(await press('+'))).toBe('timeline 2.250s .. 3.000s  zoom ×4');
    expect(title(await press('['))).toBe('timeline 1.875s .. 2.625s  zoom ×4');
    expect(title(await press(']'))).toBe('timeline 2.250s .. 3.000s  zoom ×4');
    expect(title(await press('-'))).toBe('timeline 1.500s .. 3.000s  zoom ×2');
    expect(title(await press('+', '0'))).toBe('timeline 0ms .. 3.000s  zoom ×1');
  });

  test('? opens the help overlay and ? or Esc closes it', async () => {
    const { press } = setup();
    expect(await press('?')).toContain('│ keys');
    expect(await press('?')).not.toContain('│ keys');
    await press('?');
    expect(await press(ESC)).toContain('timeline 0ms');
  });

  test('q stops the store and quits', async () => {
    const { press, quits } = setup();
    await press('q');
    await tick(10);
    expect(quits()).toBe(1);
  });
});

describe('App on a replay', () => {
  function replay() {
    const store = new ReplayStore(fixtureTrace(), { autoplay: false, title: 'replay small.jsonl' });
    const app = render(<App store={store} columns={100} rows={30} />);
    const press = async (...keys: string[]): Promise<string> => {
      for (const key of keys) {
        app.stdin.write(key);
        await tick();
      }
      await tick();
      return app.lastFrame() ?? '';
    };
    return { store, app, press };
  }

  test('at the start it shows the events at loop time 0: every task has run once and waits', async () => {
    const { press } = replay();
    const frame = await press();
    expect(frame.split('\n').slice(0, 8)).toEqual([
      'loop-console  replay small.jsonl  playing ×1  event 20/41  speed ×1',
      'elapsed 0ms  loop 0ms  alive 5 done 0 failed 0 cancelled 0  queue 0  lag 0ms (max 0ms)',
      '  ID▲ NAME           STATE       PARENT    TOTAL     BUSY     IDLE STEPS WAITING  SPAWNED AT',
      '›   1 main           ╌ blocked        -      0ms   0.25ms      0ms     1 join     small.js:32:7',
      '    2 failing        ─ sleeping       1      0ms   0.25ms      0ms     1 sleep    small.js:21:20',
      '    3 forever        ─ sleeping       1      0ms   0.25ms      0ms     1 sleep    small.js:22:10',
      '    4 Task-4         ─ sleeping       1      0ms   0.25ms      0ms     1 sleep    small.js:23:10',
      '    5 Task-5         ─ sleeping       1      0ms   0.25ms      0ms     1 sleep    small.js:23:10',
    ]);
  });

  test('played to the end it shows the known final frame', async () => {
    const { store, press } = replay();
    store.advance(3000);
    const frame = await press();
    expect(frame.split('\n').slice(0, 2)).toEqual([
      'loop-console  replay small.jsonl  replay ended  event 41/41  speed ×1',
      'elapsed 3.000s  loop 3.000s  alive 0 done 3 failed 1 cancelled 1  queue 0  lag 0ms (max 0ms)',
    ]);
    expect(frame.split('\n').slice(8, 14)).toEqual([
      'timeline 0ms .. 3.000s  zoom ×1',
      `   1 main         │█${'╌'.repeat(78)}✓│`,
      `   2 failing      │█${'─'.repeat(12)}✗${' '.repeat(66)}│`,
      `   3 forever      │█${'─'.repeat(78)}⊘│`,
      `   4 Task-4       │█${'─'.repeat(78)}✓│`,
      `   5 Task-5       │█${'─'.repeat(78)}✓│`,
    ]);
  });

  test('half way through, the failing task has failed and the others still sleep', async () => {
    const { store, press } = replay();
    store.advance(1500);
    const lines = (await press()).split('\n');
    expect(lines[1]).toBe('elapsed 1.500s  loop 1.500s  alive 4 done 0 failed 1 cancelled 0  queue 0  lag 0ms (max 0ms)');
    expect(lines[4]).toBe('    2 failing        ✗ failed         1    500ms    0.5ms  499.5ms     2          small.js:21:20');
  });

  test('n steps one event and pauses; , and . seek; < and > change the speed; space plays', async () => {
    const { store, press } = replay();
    let header = (await press('n')).split('\n')[0];
    expect([header, store.elapsed()]).toEqual(['loop-console  replay small.jsonl  paused  event 21/41  speed ×1', 500]);
    header = (await press('.')).split('\n')[0];
    expect([header, store.elapsed()]).toEqual(['loop-console  replay small.jsonl  paused  event 25/41  speed ×1', 800]);
    header = (await press('.', '.', '.', '.')).split('\n')[0];
    expect([header, store.elapsed()]).toEqual(['loop-console  replay small.jsonl  paused  event 25/41  speed ×1', 2000]);
    header = (await press(',', ',', ',', ',', ',', ',', ',')).split('\n')[0];
    expect([header, store.elapsed()]).toEqual(['loop-console  replay small.jsonl  paused  event 20/41  speed ×1', 0]);
    header = (await press('>', '>', '<')).split('\n')[0];
    expect(header).toBe('loop-console  replay small.jsonl  paused  event 20/41  speed ×2');
    header = (await press(' ')).split('\n')[0];
    expect(header).toBe('loop-console  replay small.jsonl  playing ×2  event 20/41  speed ×2');
    store.advance(1500);
    expect(store.position).toBe(41);
  });
});
