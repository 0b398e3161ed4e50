/**
 * Reading what only the engine knows about a coroutine: the name of the
 * generator function that made a generator object, and the source line a
 * suspended generator is waiting on. JavaScript has no API for either; V8
 * exposes both as internal properties (`[[GeneratorFunction]]`,
 * `[[GeneratorLocation]]`) to its inspector protocol, which Node lets a
 * program open on itself (`node:inspector`'s `Session`, in-process: no
 * port, no network, nothing another process can reach).
 *
 * Costs: a probe is a few inspector round trips (about 0.2 ms), so names
 * are cached per generator function (by the generator's prototype, which
 * every generator object of one function shares): a program of 100,000
 * `randn()` tasks probes once. Script ids are mapped to file URLs by briefly
 * enabling the debugger domain (it reports every loaded script) and
 * disabling it again; source lines are read once per file. Nothing runs
 * until something asks for a name or a location; even `node:inspector` is
 * loaded then (importing it costs ~3 ms at startup otherwise).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setCoroutineNamer } from '@loop/runtime';

/** Where a suspended coroutine is waiting. */
export interface SourceLocation {
  /** The file (a path for `file:` URLs, else the script's URL). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The text of that line, trimmed, or null when the source cannot be read. */
  readonly text: string | null;
}

interface RemoteObject {
  objectId?: string;
  description?: string;
  value?: unknown;
}

interface InternalProperty {
  name: string;
  value?: RemoteObject;
}

const PROBE = Symbol.for('@loop/node coroutine probe');

/** A synchronous in-process inspector session (Node dispatches a same-thread session's messages at once). */
class Probe {
  private readonly session = new (process.getBuiltinModule('node:inspector').Session)();
  private readonly names = new WeakMap<object, string | null>();
  private readonly scripts = new Map<string, string>();
  private readonly sources = new SourceFiles();

  constructor() {
    this.session.connect();
  }

  name(generator: object): string | undefined {
    const proto = Object.getPrototypeOf(generator) as object | null;
    if (proto !== null) {
      const known = this.names.get(proto);
      if (known !== undefined) return known ?? undefined;
    }
    const fn = this.internal(generator, '[[GeneratorFunction]]');
    const name = fn?.description === undefined ? null : (generatorFunctionName(fn.description) ?? null);
    if (proto !== null) this.names.set(proto, name);
    return name ?? undefined;
  }

  location(generator: object): SourceLocation | undefined {
    const where = this.internal(generator, '[[GeneratorLocation]]')?.value as { scriptId?: string; lineNumber?: number; columnNumber?: number } | undefined;
    if (where?.scriptId === undefined || where.lineNumber === undefined) return undefined;
    let url = this.scripts.get(where.scriptId);
    if (url === undefined) {
      this.loadScripts();
      url = this.scripts.get(where.scriptId);
    }
    return url === undefined ? undefined : this.sources.locate(url, where.lineNumber, where.columnNumber);
  }

  close(): void {
    this.session.disconnect();
  }

  private post<R>(method: string, params: object = {}): R {
    const answer: { error: Error | null; result?: R } = { error: null };
    this.session.post(method, params, (error: Error | null, value?: object) => {
      answer.error = error;
      answer.result = value as R;
    });
    if (answer.error !== null) throw answer.error;
    if (answer.result === undefined) throw new Error(`the inspector did not answer ${method} synchronously`);
    return answer.result;
  }

  private internal(value: object, property: string): RemoteObject | undefined {
    const host = globalThis as { [PROBE]?: object };
    host[PROBE] = value;
    let objectId: string | undefined;
    try {
      objectId = this.post<{ result: RemoteObject }>('Runtime.evaluate', { expression: 'globalThis[Symbol.for("@loop/node coroutine probe")]' }).result.objectId;
    } finally {
      delete host[PROBE];
    }
    if (objectId === undefined) return undefined;
    try {
      const { internalProperties } = this.post<{ internalProperties?: InternalProperty[] }>('Runtime.getProperties', { objectId, ownProperties: true });
      return internalProperties?.find((p) => p.name === property)?.value;
    } finally {
      this.post('Runtime.releaseObject', { objectId });
    }
  }

  /** Enabling the debugger domain reports every script loaded so far; then it is disabled again. */
  private loadScripts(): void {
    const listener = (message: { params: { scriptId: string; url: string } }): void => {
      this.scripts.set(message.params.scriptId, message.params.url);
    };
    this.session.on('Debugger.scriptParsed', listener);
    try {
      this.post('Debugger.enable');
      this.post('Debugger.disable');
    } finally {
      this.session.off('Debugger.scriptParsed', listener);
    }
  }
}

/**
 * The name of a generator function from its source text, as the inspector
 * describes a `[[GeneratorFunction]]` (`function* randn() {…}`, a method
 * `*randn() {…}`, `async function* …`), or `undefined` for an anonymous one.
 * For tools that talk to an inspector themselves (`loop-console ps`).
 *
 * @example
 * ```ts
 * generatorFunctionName('function* randn() { yield* sleep(3000); }'); // 'randn'
 * generatorFunctionName('function* () {}');                          // undefined
 * ```
 */
export function generatorFunctionName(source: string): string | undefined {
  const match = /^\s*(?:async\s+)?(?:function\s*)?\*?\s*([\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_]*)\s*\(/u.exec(source);
  return match === null ? undefined : match[1]!;
}

/**
 * Turns an inspector position (a script's URL, 0-based line and column, as
 * `[[GeneratorLocation]]` gives them) into a {@link SourceLocation}, reading
 * each file once. For tools that talk to an inspector themselves
 * (`loop-console ps`); `coroutineLocation` uses it too.
 *
 * @example
 * ```ts
 * const sources = new SourceFiles();
 * sources.locate('file:///app/main.js', 11, 4); // { file: '/app/main.js', line: 12, column: 5, text: 'yield* sleep(3000);' }
 * ```
 */
export class SourceFiles {
  private readonly lines = new Map<string, string[] | null>();

  /** The location, or `undefined` for a script without a URL. */
  locate(url: string, lineNumber: number, columnNumber = 0): SourceLocation | undefined {
    if (url === '') return undefined;
    let file = url;
    try {
      if (url.startsWith('file:')) file = fileURLToPath(url);
    } catch {
      // Not a path we can read: keep the URL.
    }
    let lines = this.lines.get(file);
    if (lines === undefined) {
      try {
        lines = readFileSync(file, 'utf8').split('\n');
      } catch {
        lines = null;
      }
      this.lines.set(file, lines);
    }
    const text = lines?.[lineNumber];
    return { file, line: lineNumber + 1, column: columnNumber + 1, text: text === undefined ? null : text.trim() };
  }
}

let probe: Probe | null = null;

function theProbe(): Probe {
  return (probe ??= new Probe());
}

/**
 * Names tasks after their coroutine functions (`randn`, not `Task-7`) for
 * the rest of the program, in Node: installs a namer in `@loop/runtime`
 * that reads a generator object's function through the in-process
 * inspector, once per coroutine function. Unnamed tasks are named when
 * their name is first read (a trace, the console, an error message), so an
 * unobserved program pays nothing per task.
 *
 * @example
 * ```ts
 * import { run, spawn, sleep } from '@loop/runtime';
 * import { nameCoroutines } from '@loop/node';
 *
 * nameCoroutines();
 * function* randn() { yield* sleep(3000); return 4; }
 * await run(function* main() {
 *   const task = yield* spawn(randn());
 *   console.log(task.name); // 'randn'
 * });
 * ```
 */
export function nameCoroutines(): void {
  setCoroutineNamer((generator) => theProbe().name(generator));
}

/**
 * Where a suspended coroutine (a generator object) is waiting: file, line,
 * column and the line's text, through the in-process inspector; `undefined`
 * when the engine does not say (a finished generator, code without a file).
 *
 * @example
 * ```ts
 * const where = coroutineLocation(generator);
 * console.log(`${where.file}:${where.line}  ${where.text}`); // main.ts:12  yield* sleep(3000);
 * ```
 */
export function coroutineLocation(generator: object): SourceLocation | undefined {
  return theProbe().location(generator);
}

/**
 * The name of the generator function that made `generator`, through the
 * in-process inspector (cached per function), or `undefined` for an
 * anonymous one.
 *
 * @example
 * ```ts
 * coroutineName(randn()); // 'randn'
 * ```
 */
export function coroutineName(generator: object): string | undefined {
  return theProbe().name(generator);
}
