import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { foldEvents } from '../src/model/reducer.js';
import { renderStatic } from '../src/static.js';
import type { ChromeEvent } from '../src/trace/chrome.js';
import { loadTrace } from '../src/trace/load.js';
import { FIXTURE, fixtureTrace } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const program = (name: string): string => fileURLToPath(new URL(`./fixtures/programs/${name}`, import.meta.url));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'loop-console-'));

/** Runs the built CLI without a terminal (pipes), as CI would. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('loop-console without a terminal', () => {
  test('demo prints the program output, then a static timeline and summary of ten randn() tasks', () => {
    const { code, stdout } = cli('demo', '--virtual');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe('took 3.00 seconds');
    expect(lines).toContain('loop-console: demo: ten randn() gathered');
    expect(lines).toContain('loop 3.000s  alive 0 done 11 failed 0 cancelled 0  queue 0  lag 0ms (max 0ms)');
    expect(lines.filter((line) => /^ +\d+ randn +\[#-+o\]$/.test(line)).length).toBe(10);
    expect(stdout).not.toContain('\x1b');
  });

  test('replay prints the static report of a trace', () => {
    const { code, stdout } = cli('replay', fileURLToPath(FIXTURE));
    const model = foldEvents(fixtureTrace().events, { virtual: true, startTime: 0, end: true });
    expect([code, stdout]).toEqual([0, renderStatic(model, { title: `replay ${fileURLToPath(FIXTURE)}`, width: 100 })]);
  });

  test('a malformed trace is one line naming the line, and exit code 1', () => {
    const dir = tmp();
    const file = join(dir, 'bad.jsonl');
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    lines[4] = '{"type":"task.spawn",';
    writeFileSync(file, lines.join('\n'));
    const { code, stdout, stderr } = cli('replay', file);
    expect([code, stdout, stderr]).toEqual([1, '', `loop-console: ${file}:5: not valid JSON\n`]);
  });

  test('a missing trace file is one line and exit code 1', () => {
    expect(cli('replay', '/nonexistent/t.jsonl')).toEqual({ code: 1, stdout: '', stderr: 'loop-console: /nonexistent/t.jsonl: cannot read the trace (no such file)\n' });
  });

  test('export --chrome writes a Chrome trace that parses back with a track and slices per task', () => {
    const out = join(tmp(), 'out.json');
    const { code, stderr } = cli('export', fileURLToPath(FIXTURE), '--chrome', out);
    expect(code).toBe(0);
    const chrome = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: ChromeEvent[] };
    expect(chrome.traceEvents.filter((e) => e.name === 'thread_name').length).toBe(5);
    expect(chrome.traceEvents.filter((e) => e.ph === 'X').length).toBe(10);
    expect(stderr).toBe(`loop-console: wrote ${chrome.traceEvents.length} trace events to ${out} (open it in https://ui.perfetto.dev)\n`);
  });

  test('record writes a trace that replays', () => {
    const out = join(tmp(), 'demo.jsonl');
    const { code } = cli('record', program('sleeper.mjs'), '-o', out, '--virtual');
    expect(code).toBe(0);
    const trace = loadTrace(out);
    expect(trace.header.clock).toBe('virtual');
    const model = foldEvents(trace.events, { virtual: true, startTime: trace.header.time, end: true });
    expect(model.order.map((id) => model.tasks.get(id)!.name)).toEqual(['main', 'sleeper']);
    expect(model.time - trace.header.time).toBe(60_000);
  });

  test('lints: a blocking step, a step that never yielded, an error never retrieved', () => {
    const { code, stdout } = cli('run', program('blocking.mjs'));
    expect(code).toBe(0);
    // The exception report and the events travel separately, so the unretrieved error may come first or last;
    // step durations are real time, so a loaded machine may add more blocking-step warnings: look for each.
    const warnings = stdout.split('\n').filter((line) => line.startsWith('  ! '));
    // The lint comes from the task.unretrieved event, with the error it carries.
    expect(warnings).toContain('  ! Task exception was never retrieved (task "fails"): Error: nobody reads this');
    expect(warnings.some((line) => /^ {2}! task 1 never yielded for \d+\.\d\d s \(one step\)$/.test(line))).toBe(true);
    // The 150 ms step: a blocking-step warning (or, if the machine stalled the process for a second, a never-yielded one).
    expect(warnings.filter((line) => /^ {2}! task 1 (blocked the loop for \d+ ms in one step|never yielded for \d+\.\d\d s \(one step\))$/.test(line)).length).toBeGreaterThanOrEqual(2);
  });

  test('hostile program output and task names are shown neutralised; a failed main exits 1', () => {
    const { code, stdout, stderr } = cli('run', program('hostile.mjs'));
    expect(code).toBe(1);
    expect(stdout).not.toContain('\x1b');
    expect(stderr).not.toContain('\x1b');
    expect(stdout.split('\n')[0]).toBe('␛[2J␛[Hcleared?␇');
    expect(stderr.split('\n')[0]).toBe('␛]0;retitled␇');
    expect(stdout).toContain('   2 ␛[31mred␛[0m␍… o done');
    expect(stdout).toContain('main failed: TypeError: main failed; program exited with code 1');
  });

  test('arguments after -- reach the program in process.argv', () => {
    const { code, stdout } = cli('run', program('args.mjs'), '--', 'a', '--b');
    expect([code, stdout.split('\n')[0]]).toEqual([0, 'args: ["a","--b"]']);
  });

  test('a module without a coroutine export is one clear error', () => {
    const { code, stderr } = cli('run', program('not-a-coroutine.mjs'));
    expect(code).toBe(1);
    expect(stderr).toBe(`loop-console: ${program('not-a-coroutine.mjs')} must export a coroutine function as its default export or as "main" (function* main() { … })\n`);
  });

  test('bad usage prints the usage and exits 2', () => {
    const { code, stderr } = cli('replay');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('loop-console: replay needs a trace file');
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('replay', fileURLToPath(FIXTURE), '--speed', '0').stderr).toBe('loop-console: --speed must be a positive number, got 0\n');
  });
});
