/**
 * `loop-console ps <pid>` / `pstree <pid>`: every loop's tasks in a running
 * Node program that was started without the console, read through Node's
 * own inspector, for as short a time as the dump takes.
 *
 * The steps, and why each is safe:
 * 1. Refuse a process that is not ours or not Node (target.ts): the
 *    inspector runs code with the target's rights, so only its owner may
 *    open it, exactly as the owner may signal it.
 * 2. If nothing answers on the target's inspector port, send `SIGUSR1`:
 *    Node's documented signal to open its inspector, on 127.0.0.1 only
 *    (port 9229 or its `--inspect-port`). A program that installed its own
 *    SIGUSR1 listener does not open it (that is the opt-out); we give up
 *    after a short wait and say so.
 * 3. Connect over loopback, check `process.pid` is the target (another
 *    process may hold the port), and evaluate one expression that reads
 *    the process registry of loops (`globalThis[Symbol.for('@loop/runtime')]`)
 *    and each loop's `tasks()` snapshot. The coroutine objects come back by
 *    reference; their internal properties give each one's function (the
 *    name, when the target has no namer) and where it is suspended; the
 *    debugger domain is enabled only to map script ids to files, then
 *    disabled.
 * 4. Close the inspector in the target (`process._debugEnd()`, what
 *    `inspector.close()` calls, run 150 ms after our last request, once
 *    our connection has closed: run while a session is still
 *    disconnecting, Node 20 was seen to crash) and check that the port no
 *    longer accepts connections. An inspector that was
 *    already open before we came (`--inspect`) is left open, as it was.
 *
 * While the inspector is open, anything that can connect to
 * 127.0.0.1:<port> as any user could drive it: that window is what
 * {@link AttachResult.openMs} measures.
 *
 * @module
 */
import type * as NodeIo from '@loop/node';
import type { SourceFiles as Sources } from '@loop/node';
import type { WhereEntry, WhereLocation } from '../model/where.js';
import { AttachError } from './errors.js';
import { InspectorSession, debuggerUrl, portOpen } from './inspector.js';
import { checkTarget } from './target.js';

/** Options for {@link attach}. */
export interface AttachOptions {
  /** How long to wait for the inspector to open after SIGUSR1 (ms, default 3000). */
  openTimeoutMs?: number;
}

/** What {@link attach} read. */
export interface AttachResult {
  pid: number;
  command: string;
  port: number;
  /** Each open loop's live tasks, in the order the registry lists the loops. */
  loops: WhereEntry[][];
  /** From sending SIGUSR1 until the port was seen closed (ms); 0 when it was already open and left so. */
  openMs: number;
  /** True when the inspector was open before we came, so it was left open. */
  wasOpen: boolean;
  /** How long reading the loops took, connected (ms). */
  dumpMs: number;
}

/** Reads the registry in the target: the loops' snapshots as JSON, and the coroutine objects by reference. */
const DUMP = `(() => {
  const registries = globalThis[Symbol.for('@loop/runtime')];
  if (!Array.isArray(registries)) return null;
  const loops = [];
  const coroutines = [];
  for (const registry of registries) {
    if (registry === null || typeof registry !== 'object' || registry.version !== 1) continue;
    for (const loop of registry.loops()) {
      loops.push(loop.tasks().map((t) => ({
        id: t.id, name: String(t.name), parentId: t.parentId, state: t.state, waitingOn: t.waitingOn,
        coroutine: t.coroutine === null ? -1 : coroutines.push(t.coroutine) - 1,
      })));
    }
  }
  return { json: JSON.stringify(loops), coroutines };
})()`;

interface RemoteObject {
  type?: string;
  value?: unknown;
  objectId?: string;
  description?: string;
}

interface Property {
  name: string;
  value?: RemoteObject;
}

interface Properties {
  result: Property[];
  internalProperties?: Property[];
}

interface DumpedTask {
  id: number;
  name: string;
  parentId: number | null;
  state: string;
  waitingOn: string | null;
  coroutine: number;
}

const GROUP = 'loop-console-ps';
const POLL_MS = 25;
/** How long after our last request the target closes its inspector (our connection is closed by then). */
const CLOSE_DELAY_MS = 150;

/**
 * Attaches to process `pid`, reads every loop's tasks, and closes the
 * inspector again. Throws {@link AttachError} with a one-line reason.
 *
 * @example
 * ```ts
 * const { loops } = await attach(1234);
 * for (const tasks of loops) console.log(psLines(tasks).join('\n'));
 * ```
 */
export async function attach(pid: number, options: AttachOptions = {}): Promise<AttachResult> {
  const target = checkTarget(pid);
  const { port } = target;
  // @loop/node reads function names and source lines the way its in-process namer does; loaded before the target opens its inspector.
  const reading = await import('@loop/node');
  const openTimeoutMs = options.openTimeoutMs ?? 3000;
  let url = await debuggerUrl(port);
  const wasOpen = url !== null;
  const signalledAt = performance.now();
  if (!wasOpen) {
    try {
      process.kill(pid, 'SIGUSR1');
    } catch (error) {
      throw new AttachError(`cannot signal process ${pid}: ${(error as Error).message}`);
    }
    const deadline = signalledAt + openTimeoutMs;
    while (url === null && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      url = await debuggerUrl(port);
    }
    if (url === null) {
      throw new AttachError(
        `process ${pid} did not open its inspector on 127.0.0.1:${port} within ${openTimeoutMs / 1000} s of SIGUSR1: it handles SIGUSR1 itself (a program opts out of attaching that way), or its inspector is disabled`,
      );
    }
  }
  const session = await InspectorSession.open(url!).catch((error: unknown) => {
    throw new AttachError(`${(error as Error).message}; the inspector of process ${pid} may still be open on 127.0.0.1:${port}`);
  });
  let ownsInspector = false;
  let loops: WhereEntry[][] = [];
  // A failure (no loop, say) is reported after the inspector is closed again.
  let failure: Error | null = null;
  let dumpMs = 0;
  try {
    const answered = await session.call<{ result: RemoteObject }>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
    if (answered.result.value !== pid) {
      throw new AttachError(`127.0.0.1:${port} is the inspector of process ${String(answered.result.value)}, not ${pid} (another program holds the port; start the target with --inspect-port=N)`);
    }
    ownsInspector = !wasOpen;
    const dumpStart = performance.now();
    loops = await dump(session, pid, reading);
    dumpMs = performance.now() - dumpStart;
  } catch (error) {
    failure = error instanceof Error ? error : new AttachError(String(error));
  } finally {
    if (ownsInspector) {
      // Scheduled, not called, and not at once: Node 20 can crash (SIGSEGV, seen here after a few rounds) when
      // _debugEnd runs while a session is still disconnecting; we close ours now, the target ends its inspector
      // CLOSE_DELAY_MS later.
      await session.call('Runtime.evaluate', { expression: `void setTimeout(() => process._debugEnd(), ${CLOSE_DELAY_MS})` }).catch(() => undefined);
    }
    await session.close();
  }
  let openMs = 0;
  if (ownsInspector) {
    const deadline = performance.now() + 2000;
    while ((await portOpen(port)) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    openMs = performance.now() - signalledAt;
    if (await portOpen(port)) throw new AttachError(`process ${pid} did not close its inspector on 127.0.0.1:${port}; it is still open`);
  }
  if (failure !== null) throw failure;
  return { pid, command: target.command, port, loops, openMs, wasOpen, dumpMs };
}

/** One evaluate for the snapshot, then the coroutines' function names and locations. */
async function dump(session: InspectorSession, pid: number, { SourceFiles, generatorFunctionName }: typeof NodeIo): Promise<WhereEntry[][]> {
  const evaluated = await session.call<{ result: RemoteObject; exceptionDetails?: { text?: string } }>('Runtime.evaluate', { expression: DUMP, objectGroup: GROUP, silent: true });
  if (evaluated.exceptionDetails !== undefined) throw new AttachError(`reading the loops of process ${pid} failed: ${evaluated.exceptionDetails.text ?? 'an exception'}`);
  if (evaluated.result.objectId === undefined) throw new AttachError(`no loop in process ${pid}`);
  try {
    const top = await session.call<Properties>('Runtime.getProperties', { objectId: evaluated.result.objectId, ownProperties: true });
    const json = top.result.find((p) => p.name === 'json')?.value?.value;
    const coroutinesId = top.result.find((p) => p.name === 'coroutines')?.value?.objectId;
    const dumped = typeof json === 'string' ? (JSON.parse(json) as DumpedTask[][]) : [];
    if (dumped.length === 0) throw new AttachError(`no loop in process ${pid}`);
    const objects = coroutinesId === undefined ? [] : (await session.call<Properties>('Runtime.getProperties', { objectId: coroutinesId, ownProperties: true })).result;
    const byIndex = new Map<number, string>();
    for (const property of objects) {
      const index = Number(property.name);
      if (Number.isInteger(index) && property.value?.objectId !== undefined) byIndex.set(index, property.value.objectId);
    }
    // All at once: the inspector answers in order, and one round trip per coroutine would hold it open longer.
    const internals = new Map<number, { name: string | null; where: { scriptId?: string; lineNumber?: number; columnNumber?: number } | null }>();
    await Promise.all(
      [...byIndex].map(async ([index, objectId]) => {
        const { internalProperties = [] } = await session.call<Properties>('Runtime.getProperties', { objectId, ownProperties: true });
        const fn = internalProperties.find((p) => p.name === '[[GeneratorFunction]]')?.value?.description;
        const where = internalProperties.find((p) => p.name === '[[GeneratorLocation]]')?.value?.value as { scriptId?: string } | undefined;
        internals.set(index, { name: fn === undefined ? null : (generatorFunctionName(fn) ?? null), where: where ?? null });
      }),
    );
    const scripts = [...internals.values()].some((i) => i.where !== null) ? await scriptUrls(session) : new Map<string, string>();
    const sources = new SourceFiles();
    return dumped.map((tasks) =>
      tasks.map((task) => {
        const known = internals.get(task.coroutine);
        // The target's own name wins (given at spawn, or from its namer); the function's name replaces only the fallback.
        const name = task.name === `Task-${task.id}` && known?.name != null ? known.name : task.name;
        return { id: task.id, name, parentId: task.parentId, state: task.state, waitingOn: task.waitingOn, location: locate(known?.where ?? null, scripts, sources) };
      }),
    );
  } finally {
    await session.call('Runtime.releaseObjectGroup', { objectGroup: GROUP }).catch(() => undefined);
  }
}

/** Enabling the debugger domain reports every script loaded so far (id → URL); it is disabled again at once. */
async function scriptUrls(session: InspectorSession): Promise<Map<string, string>> {
  const scripts = new Map<string, string>();
  session.on('Debugger.scriptParsed', (params) => {
    const { scriptId, url } = params as { scriptId?: string; url?: string };
    if (typeof scriptId === 'string' && typeof url === 'string') scripts.set(scriptId, url);
  });
  try {
    await session.call('Debugger.enable');
  } finally {
    await session.call('Debugger.disable').catch(() => undefined);
    session.on('Debugger.scriptParsed', null);
  }
  return scripts;
}

function locate(where: { scriptId?: string; lineNumber?: number; columnNumber?: number } | null, scripts: Map<string, string>, sources: Sources): WhereLocation | null {
  if (where?.scriptId === undefined || where.lineNumber === undefined) return null;
  const url = scripts.get(where.scriptId);
  return (url === undefined ? undefined : sources.locate(url, where.lineNumber, where.columnNumber)) ?? null;
}
