import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { foldEvents } from '../../src/model/reducer.js';
import { COLUMNS, visibleTasks } from '../../src/model/table.js';
import { FixedStore } from '../../src/store.js';
import { Detail } from '../../src/views/Detail.js';
import { Header } from '../../src/views/Header.js';
import { Help } from '../../src/views/Help.js';
import { LogPane, Warnings } from '../../src/views/Panes.js';
import { TaskTable } from '../../src/views/TaskTable.js';
import { Timeline } from '../../src/views/Timeline.js';
import { Where } from '../../src/views/Where.js';
import { ENTRIES, fixtureTrace } from '../helpers.js';

const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });
const tasks = visibleTasks(model, 'id');

describe('Header', () => {
  test('shows the title, status and counters', () => {
    const { lastFrame } = render(<Header store={new FixedStore(model, 'replay small.jsonl')} />);
    expect(lastFrame()).toBe(
      'loop-console  replay small.jsonl  ended\nelapsed 3.000s  loop 3.000s  alive 0 done 3 failed 1 cancelled 1  queue 0  lag 0ms (max 0ms)',
    );
  });

  test('says when the display is paused', () => {
    const store = new FixedStore(model, 'x');
    store.setPaused(true);
    expect(render(<Header store={store} />).lastFrame()!.split('\n')[0]).toBe('loop-console  x  ended (display paused)');
  });
});

describe('TaskTable', () => {
  test('one row per task, the sort column marked, the selection marked with ›', () => {
    const columns = COLUMNS.filter((c) => c.key !== 'site');
    const { lastFrame } = render(<TaskTable tasks={tasks} columns={columns} sortKey="total" selectedId={2} top={0} rows={3} now={model.time} />);
    expect(lastFrame()).toBe(
      [
        '   ID NAME           STATE       PARENT   TOTAL▼     BUSY     IDLE STEPS WAITING',
        '    1 main           ✓ done           -   3.000s    0.5ms   2.999s     2',
        '›   2 failing        ✗ failed         1    500ms    0.5ms  499.5ms     2',
        '    3 forever        ⊘ cancelled      1   3.000s    0.5ms   2.999s     2',
        '… 2 more',
      ].join('\n'),
    );
  });

  test('an empty list says so', () => {
    expect(render(<TaskTable tasks={[]} columns={COLUMNS.slice(0, 2)} sortKey="id" selectedId={null} top={0} rows={3} now={0} />).lastFrame()).toBe('  ID▲ NAME\n(no tasks)');
  });
});

describe('Timeline', () => {
  test('one row of state glyphs per task over the window', () => {
    const { lastFrame } = render(<Timeline tasks={tasks.slice(1, 3)} selectedId={null} top={0} rows={5} from={0} to={3000} origin={0} now={3000} width={50} zoom={1} />);
    expect(lastFrame()).toBe(
      ['timeline 0ms .. 3.000s  zoom ×1', `   2 failing      │█────✗${' '.repeat(24)}│`, `   3 forever      │█${'─'.repeat(28)}⊘│`].join('\n'),
    );
  });
});

describe('Detail', () => {
  test('shows the task, its children and its history', () => {
    const { lastFrame } = render(<Detail model={model} task={model.tasks.get(3)!} historyRows={10} />);
    expect(lastFrame()).toBe(
      [
        'task 3  forever',
        'state     ⊘ cancelled',
        'parent    1 main',
        'spawned   0ms at small.js:22:10',
        'ended     3.000s',
        'time      total 3.000s  busy 0.5ms  idle 2.999s  steps 2  longest step 0.25ms',
        'cancel    the task that spawned it finished',
        'children  -',
        'history',
        '         0ms spawned by task 1',
        '         0ms suspended on sleep',
        '         0ms timer set for t=10.000s',
        '      3.000s cancel requested: the task that spawned it finished',
        '      3.000s resumed',
        '      3.000s cancelled',
        'Esc back',
      ].join('\n'),
    );
  });

  test('a failed task shows its error and what it waited on', () => {
    const frame = render(<Detail model={model} task={model.tasks.get(2)!} historyRows={1} />).lastFrame()!;
    expect(frame.split('\n')).toContain('error     Error: boom');
    expect(frame.split('\n').slice(-3)).toEqual(['history', '       500ms failed: Error: boom', 'Esc back']);
  });
});

describe('Detail: where the task waits', () => {
  test('with an answer from the program: the full file:line:col and its text, then the chain of ancestors', () => {
    const frame = render(<Detail model={model} task={model.tasks.get(3)!} historyRows={1} where={{ entries: ENTRIES, at: 0 }} />).lastFrame()!;
    expect(frame.split('\n').slice(0, 5)).toEqual([
      'task 3  forever',
      'state     ⊘ cancelled',
      'waits at  /app/demo.js:13:3  yield* helper;',
      'chain     main demo.js:20 → randn demo.js:13',
      'parent    1 main',
    ]);
  });

  test('a task the engine cannot place says so; a task the program did not list shows no where lines', () => {
    const unplaced = render(<Detail model={model} task={model.tasks.get(4)!} historyRows={1} where={{ entries: ENTRIES, at: 0 }} />).lastFrame()!;
    expect(unplaced.split('\n')[2]).toBe('waits at  (no source line: not a suspended generator)');
    const absent = render(<Detail model={model} task={model.tasks.get(5)!} historyRows={1} where={{ entries: ENTRIES, at: 0 }} />).lastFrame()!;
    expect(absent.split('\n')[2]).toBe('parent    1 main');
  });
});

describe('Detail: times of a live task', () => {
  test('total and idle run up to the time the app draws to, not only to the latest event', () => {
    const live = foldEvents([{ type: 'task.spawn', time: 0, taskId: 1, name: 'main', parentId: null }]);
    const frame = render(<Detail model={live} task={live.tasks.get(1)!} historyRows={1} now={500} />).lastFrame()!;
    expect(frame.split('\n')).toContain('time      total 500ms  busy 0ms  idle 500ms  steps 0  longest step 0ms');
  });
});

describe('Where', () => {
  test('the chain of the selected task, then every task as a tree at its line', () => {
    expect(render(<Where where={{ entries: ENTRIES, at: 0 }} selectedId={2} rows={10} />).lastFrame()).toBe(
      [
        'where: 4 live task(s), each at the line it waits on',
        'chain  main demo.js:20 → randn demo.js:12',
        '└── main (1) suspended: the 2 child task(s) of its gather  demo.js:20:3  yield* gather(randn(), ran…',
        '    ├── randn (2) suspended: sleep until 3.000s  demo.js:12:3  yield* sleep(3000);',
        '    └── randn (3) suspended: join task "helper" (id 4)  demo.js:13:3  yield* helper;',
        '        └── helper (4) suspended: queue.get() on Queue#1 (empty)',
        'Esc back',
      ].join('\n'),
    );
  });

  test('cut to the rows it has, with a count of the rest; before an answer it says it is asking', () => {
    const frame = render(<Where where={{ entries: ENTRIES, at: 0 }} selectedId={null} rows={2} />).lastFrame()!;
    expect(frame.split('\n').slice(1)).toEqual([
      '└── main (1) suspended: the 2 child task(s) of its gather  demo.js:20:3  yield* gather(randn(), ran…',
      '    ├── randn (2) suspended: sleep until 3.000s  demo.js:12:3  yield* sleep(3000);',
      '… 2 more',
      'Esc back',
    ]);
    expect(render(<Where where={null} selectedId={null} rows={2} />).lastFrame()).toBe('where\nasking the program where its tasks are…\nEsc back');
  });
});

describe('Help', () => {
  test('documents the where key', () => {
    expect(render(<Help replay={false} />).lastFrame()).toContain('w         where: every task at the line it waits on, as a tree (live runs)');
  });

  test('lists the replay keys only for a replay', () => {
    expect(render(<Help replay={false} />).lastFrame()).not.toContain('step: apply the next event');
    expect(render(<Help replay={true} />).lastFrame()).toContain('n         step: apply the next event (pauses)');
  });
});

describe('Warnings and LogPane', () => {
  test('warnings show the latest ones with a count', () => {
    const lints = [1, 2, 3].map((n) => ({ kind: 'blocking-step' as const, taskId: n, time: 0, message: `w${n}` }));
    expect(render(<Warnings lints={lints} rows={2} />).lastFrame()).toBe('warnings (3)\n  ! w2\n  ! w3');
    expect(render(<Warnings lints={[]} rows={2} />).lastFrame()).toBe('');
  });

  test('the log shows the last lines', () => {
    expect(render(<LogPane lines={['a', 'b', 'c']} rows={2} />).lastFrame()).toBe('output\n  b\n  c');
  });
});
