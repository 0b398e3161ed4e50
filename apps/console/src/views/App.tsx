/**
 * The console's screen and its keys. Reads a {@link ConsoleStore}; holds only
 * view state (selection, sort, filter, zoom, which view is open).
 *
 * Layout, top to bottom: header; task table; timeline (same rows, same
 * order); warnings; program output; a footer with key hints or the latest
 * notice. Enter swaps the table and timeline for the task's details, `?`
 * for the help overlay.
 *
 * @module
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { columnsFor, visibleTasks, waitingWidth, COLUMNS } from '../model/table.js';
import { sanitize } from '../sanitize.js';
import type { ConsoleStore } from '../store.js';
import { Detail } from './Detail.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { LogPane, Warnings } from './Panes.js';
import { TaskTable } from './TaskTable.js';
import { Timeline } from './Timeline.js';
import { Where } from './Where.js';

/** Props of {@link App}. */
export interface AppProps {
  store: ConsoleStore;
  /** Screen size (default: the terminal's, or 100×30). */
  columns?: number;
  rows?: number;
  /** Called after `q` stopped the store, before the app exits. */
  onQuit?: () => void;
}

const MAX_ZOOM = 1024;

interface ViewState {
  view: 'main' | 'detail' | 'help' | 'where';
  filtering: boolean;
  filter: string;
  sortIndex: number;
  selectedId: number | null;
  zoom: number;
  /** Timeline offset from the start (ms), or null to follow the latest events. */
  pan: number | null;
  quitting: boolean;
}

/**
 * The whole console UI.
 *
 * @example
 * ```tsx
 * render(<App store={new ReplayStore(loadTrace('t.jsonl'))} />);
 * ```
 */
export function App({ store, columns, rows, onQuit }: AppProps) {
  useSyncExternalStore(store.subscribe, () => store.version());
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [, setResized] = useState(0);
  useEffect(() => {
    const onResize = (): void => setResized((n) => n + 1);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  // View state lives in a ref so that keys typed faster than React re-renders
  // each see the state the previous key left (a closure would see a stale one).
  const state = useRef<ViewState>({ view: 'main', filtering: false, filter: '', sortIndex: 0, selectedId: null, zoom: 1, pan: null, quitting: false });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // While the details or the where view is open, ask a live program again every second (its tasks move on).
  useEffect(() => {
    if (store.kind !== 'live') return;
    const timer = setInterval(() => {
      const { view, selectedId } = state.current;
      if (view === 'where' || view === 'detail') store.requestWhere(selectedId);
    }, 1000);
    return () => clearInterval(timer);
  }, [store]);

  const width = columns ?? (stdout.columns > 0 ? stdout.columns : 100);
  const height = rows ?? (stdout.rows > 0 ? stdout.rows : 30);
  const tableColumns = columnsFor(width - 1, waitingWidth(store.model.tasks.values()));
  const layout = (s: ViewState) => {
    const model = store.model;
    const sortKey = (tableColumns[s.sortIndex % tableColumns.length] ?? COLUMNS[0]!).key;
    const tasks = visibleTasks(model, sortKey, s.filter);
    const found = tasks.findIndex((task) => task.id === s.selectedId);
    const index = found === -1 ? 0 : found;
    const origin = model.startTime ?? 0;
    const full = Math.max(1, store.now() - origin);
    const span = full / s.zoom;
    const offset = Math.max(0, Math.min(full - span, s.pan ?? full - span));
    return { model, sortKey, tasks, index, selected: tasks[index] ?? null, origin, full, span, offset };
  };

  useInput((input, key) => {
    const s = state.current;
    if (s.quitting) return;
    const { tasks, index, selected, full, span, offset } = layout(s);
    if (s.filtering) {
      if (key.escape) {
        s.filter = '';
        s.filtering = false;
      } else if (key.return) {
        s.filtering = false;
      } else if (key.backspace || key.delete) {
        s.filter = s.filter.slice(0, -1);
      } else if (input !== '' && !key.ctrl && !key.meta) {
        s.filter = (s.filter + input).slice(0, 100);
      }
      return redraw();
    }
    if (input === 'q') {
      s.quitting = true;
      redraw();
      void store.stop().then(() => {
        onQuit?.();
        exit();
      });
      return;
    }
    if (s.view === 'help') {
      if (key.escape || input === '?') s.view = 'main';
      return redraw();
    }
    if (key.escape) {
      if (s.view === 'detail' || s.view === 'where') s.view = 'main';
      else s.filter = '';
      return redraw();
    }
    if (input === '?') {
      s.view = 'help';
    } else if (key.upArrow || input === 'k') {
      s.selectedId = tasks[Math.max(0, index - 1)]?.id ?? s.selectedId;
    } else if (key.downArrow || input === 'j') {
      s.selectedId = tasks[Math.min(tasks.length - 1, index + 1)]?.id ?? s.selectedId;
    } else if (key.leftArrow) {
      s.sortIndex = (s.sortIndex - 1 + tableColumns.length) % tableColumns.length;
    } else if (key.rightArrow) {
      s.sortIndex = (s.sortIndex + 1) % tableColumns.length;
    } else if (key.return) {
      if (selected !== null) {
        s.selectedId = selected.id;
        s.view = 'detail';
        if (store.kind === 'live') store.requestWhere(selected.id);
      }
    } else if (input === 'w') {
      if (selected !== null) s.selectedId = selected.id;
      s.view = 'where';
      store.requestWhere(selected?.id ?? null);
    } else if (input === '/') {
      s.filtering = true;
    } else if (input === 'c') {
      if (selected !== null) store.cancel(selected.id);
    } else if (input === ' ') {
      store.setPaused(!store.paused);
    } else if (input === '+' || input === '=') {
      s.zoom = Math.min(MAX_ZOOM, s.zoom * 2);
    } else if (input === '-') {
      s.zoom = Math.max(1, s.zoom / 2);
    } else if (input === '[') {
      s.pan = Math.max(0, offset - span / 2);
    } else if (input === ']') {
      const next = offset + span / 2;
      s.pan = next >= full - span ? null : next;
    } else if (input === '0') {
      s.zoom = 1;
      s.pan = null;
    } else if (store.replay !== null) {
      if (input === 'n') store.replay.step();
      else if (input === ',') store.replay.seek(-0.1);
      else if (input === '.') store.replay.seek(0.1);
      else if (input === '>') store.replay.setSpeed(Math.min(1024, store.replay.speed * 2));
      else if (input === '<') store.replay.setSpeed(Math.max(1 / 64, store.replay.speed / 2));
    }
    redraw();
  });

  const s = state.current;
  const { view, filtering, filter, zoom, quitting } = s;
  const { model, sortKey, tasks, index, selected, origin, span, offset } = layout(s);
  const from = origin + offset;
  const to = from + span;
  const lintRows = Math.min(3, model.lints.length);
  const logRows = Math.min(4, store.logs.length);
  const fixed = 2 + 1 + 1 + 1 + 1 + (filtering || filter !== '' ? 1 : 0) + (lintRows > 0 ? lintRows + 1 : 0) + (logRows > 0 ? logRows + 1 : 0);
  const taskRows = Math.max(1, Math.floor((height - fixed) / 2));
  const top = index < taskRows ? 0 : index - taskRows + 1;
  const footer = store.notice ?? (store.replay !== null ? '? help  q quit  space pause  n step  , . seek  < > speed  ⏎ details  / filter' : '? help  q quit  ↑↓ move  ←→ sort  / filter  ⏎ details  w where  c cancel  space pause  +/- zoom');

  let body;
  if (view === 'help') {
    body = <Help replay={store.replay !== null} />;
  } else if (view === 'detail' && selected !== null) {
    body = <Detail model={model} task={selected} historyRows={Math.max(3, height - 18)} where={store.where} now={store.now()} />;
  } else if (view === 'where') {
    body = <Where where={store.where} selectedId={selected?.id ?? null} rows={Math.max(3, height - 8)} />;
  } else {
    body = (
      <Box flexDirection="column">
        <TaskTable tasks={tasks} columns={tableColumns} sortKey={sortKey} selectedId={selected?.id ?? null} top={top} rows={taskRows} now={store.now()} />
        <Timeline tasks={tasks} selectedId={selected?.id ?? null} top={top} rows={taskRows} from={from} to={to} origin={origin} now={store.now()} width={width} zoom={zoom} />
        <Warnings lints={model.lints} rows={lintRows} />
        <LogPane lines={store.logs} rows={logRows} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <Header store={store} />
      {filtering ? <Text>{`/${sanitize(filter, 100)}█`}</Text> : filter !== '' ? <Text dimColor>{`filter: ${sanitize(filter, 100)}  (Esc clears)`}</Text> : null}
      {body}
      <Text dimColor wrap="truncate">
        {quitting ? 'stopping…' : footer}
      </Text>
    </Box>
  );
}
