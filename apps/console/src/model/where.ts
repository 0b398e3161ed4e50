/**
 * Where every task is: one entry per live task (from the runtime's
 * `loop.tasks()` plus the source line its coroutine is suspended at), and
 * the text the `where` view, the detail view and `loop-console ps`/`pstree`
 * draw from it. Plain data, JSON-serialisable: the child runner and the
 * inspector client (attach.ts) both produce it.
 *
 * A task's chain is its ancestors, outermost first (`main → randn`), each
 * with the line it waits at: parents are the tasks whose code started them
 * (a task group's or gather's children have the task that opened it as
 * their parent, and that task waits on "the N child task(s) of its gather").
 *
 * @module
 */
import { sanitize } from '../sanitize.js';
import { fit, shortSite } from './table.js';

/** A source position a suspended coroutine waits at. */
export interface WhereLocation {
  file: string;
  /** 1-based line and column (V8 positions of the JavaScript that runs). */
  line: number;
  column: number;
  /** The line's text, trimmed, or null when the file cannot be read. */
  text: string | null;
}

/** One live task. */
export interface WhereEntry {
  id: number;
  name: string;
  parentId: number | null;
  /** The runtime's state: `ready`, `running`, `suspended`, `finishing`. */
  state: string;
  waitingOn: string | null;
  /** Where its coroutine is suspended, or null (not a generator, not started, or the engine does not say). */
  location: WhereLocation | null;
}

/** What the child (or an attached process) answered, and when (ms since the epoch). */
export interface WhereSnapshot {
  entries: WhereEntry[];
  at: number;
}

/**
 * `file:line:col` with the file's directories dropped (`full` keeps them).
 *
 * @example
 * ```ts
 * locationText({ file: '/app/demo.js', line: 12, column: 5, text: null }); // 'demo.js:12:5'
 * ```
 */
export function locationText(location: WhereLocation | null, full = false): string {
  if (location === null) return '';
  return `${full ? location.file : shortSite(location.file)}:${location.line}:${location.column}`;
}

/**
 * The task and its ancestors, outermost first (stops at a missing parent or a cycle).
 *
 * @example
 * ```ts
 * whereChain(entries, 4).map((e) => e.name); // ['main', 'randn']
 * ```
 */
export function whereChain(entries: readonly WhereEntry[], id: number): WhereEntry[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const chain: WhereEntry[] = [];
  const seen = new Set<number>();
  for (let entry = byId.get(id); entry !== undefined && !seen.has(entry.id); entry = entry.parentId === null ? undefined : byId.get(entry.parentId)) {
    seen.add(entry.id);
    chain.unshift(entry);
  }
  return chain;
}

/**
 * The chain as one line, like a stack: `main demo.js:20 → randn demo.js:12`.
 *
 * @example
 * ```ts
 * chainText(whereChain(entries, 4)); // 'main demo-program.js:20 → randn demo-program.js:12'
 * ```
 */
export function chainText(chain: readonly WhereEntry[]): string {
  return chain
    .map((entry) => {
      const name = sanitize(entry.name, 30);
      return entry.location === null ? name : `${name} ${sanitize(shortSite(entry.location.file), 40)}:${entry.location.line}`;
    })
    .join(' → ');
}

/**
 * Entries in tree order (each task after its parent, siblings by id) with their depth.
 *
 * @example
 * ```ts
 * treeOrder(entries).map(({ entry, depth }) => '  '.repeat(depth) + entry.name);
 * ```
 */
export function treeOrder(entries: readonly WhereEntry[]): { entry: WhereEntry; depth: number }[] {
  const ids = new Set(entries.map((entry) => entry.id));
  const children = new Map<number | null, WhereEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    // A task whose parent is not in the list (finished, or another loop's) is shown at the top.
    const parent = entry.parentId !== null && ids.has(entry.parentId) ? entry.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(entry);
    children.set(parent, list);
  }
  const out: { entry: WhereEntry; depth: number }[] = [];
  const seen = new Set<number>();
  const stack: { entry: WhereEntry; depth: number }[] = (children.get(null) ?? []).map((entry) => ({ entry, depth: 0 })).reverse();
  let item: { entry: WhereEntry; depth: number } | undefined;
  while ((item = stack.pop()) !== undefined) {
    if (seen.has(item.entry.id)) continue;
    seen.add(item.entry.id);
    out.push(item);
    const kids = children.get(item.entry.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ entry: kids[i]!, depth: item.depth + 1 });
  }
  return out;
}

/** Column widths of {@link psLines}. */
const PS_WIDTHS = { id: 4, name: 16, state: 9, waiting: 40 } as const;

/**
 * `ps`: a table of the tasks (id, name, state, what each waits on, where), sanitised.
 *
 * @example
 * ```ts
 * psLines(entries).join('\n');
 * //   ID NAME             STATE     WAITING ON                               WHERE
 * //    1 main             suspended the 2 child task(s) of its gather      main.mjs:9:12  yield* gather(nap(60_000), nap(60_000));
 * ```
 */
export function psLines(entries: readonly WhereEntry[]): string[] {
  const head = `${fit('ID', PS_WIDTHS.id, 'right')} ${fit('NAME', PS_WIDTHS.name)} ${fit('STATE', PS_WIDTHS.state)} ${fit('WAITING ON', PS_WIDTHS.waiting)} WHERE`;
  const rows = [...entries]
    .sort((a, b) => a.id - b.id)
    .map((entry) =>
      [fit(String(entry.id), PS_WIDTHS.id, 'right'), fit(sanitize(entry.name), PS_WIDTHS.name), fit(entry.state, PS_WIDTHS.state), fit(sanitize(entry.waitingOn ?? '-', 200), PS_WIDTHS.waiting), whereText(entry)]
        .join(' ')
        .trimEnd(),
    );
  return [head, ...rows];
}

/**
 * `pstree`: the tasks as a tree, each line `name (id) state — waiting on — where`.
 *
 * @example
 * ```ts
 * pstreeLines(entries).join('\n');
 * // └── main (1) suspended: the 2 child task(s) of its gather  main.mjs:9:12  yield* gather(…)
 * //     ├── nap (2) suspended: sleep until 60.000s  main.mjs:4:10  yield* sleep(ms);
 * ```
 */
export function pstreeLines(entries: readonly WhereEntry[]): string[] {
  const ordered = treeOrder(entries);
  const lines: string[] = [];
  // For each depth, whether the ancestor at that depth has siblings still to come (draws │).
  const open: boolean[] = [];
  ordered.forEach(({ entry, depth }, i) => {
    let last = true;
    for (let j = i + 1; j < ordered.length; j++) {
      if (ordered[j]!.depth < depth) break;
      if (ordered[j]!.depth === depth) {
        last = false;
        break;
      }
    }
    open[depth] = !last;
    const prefix = open.slice(0, depth).map((more) => (more ? '│   ' : '    ')).join('') + (last ? '└── ' : '├── ');
    const where = whereText(entry);
    lines.push(`${prefix}${sanitize(entry.name)} (${entry.id}) ${entry.state}${entry.waitingOn === null ? '' : `: ${sanitize(entry.waitingOn, 200)}`}${where === '' ? '' : `  ${where}`}`);
  });
  return lines;
}

/** `demo.js:12:5  yield* sleep(3000);` or '' when unknown. */
export function whereText(entry: WhereEntry): string {
  if (entry.location === null) return '';
  const at = sanitize(locationText(entry.location), 80);
  return entry.location.text === null ? at : `${at}  ${sanitize(entry.location.text, 120)}`;
}
