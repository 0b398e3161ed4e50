/**
 * The `loop-bench` command line: `loop-bench run <file> [options]`.
 *
 * It imports the bench file (a module exporting `suite()`s), runs every
 * suite, prints the terminal table and writes the requested files. Exit
 * codes: 0 success, 1 a case or the bench file failed, 2 a usage error
 * (bad flag, missing file, a module with no suites).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isSuite, type Suite } from './define.js';
import { toJson } from './format/json.js';
import { toMarkdown } from './format/markdown.js';
import { resultsChartSvg } from './format/svg.js';
import { formatTable } from './format/table.js';
import { runBench, type SuiteResult } from './runner.js';

export const USAGE = `Usage: loop-bench run <file> [options]

Runs the benchmark suites that <file> exports (made with suite() and
defineBench() from @loop/bench) and prints a table of the results.

Options:
  --json <file>      write the results, raw samples included, as JSON
  --md <file>        write the results as a Markdown table
  --svg <file>       write an SVG bar chart of the mean times
  --time <ms>        sampling time budget per case (default 500)
  --filter <regexp>  run only the cases whose name matches
  -h, --help         show this help

Exit codes: 0 success, 1 a case or the file failed, 2 usage error.
`;

/** Where the command writes; the process streams in real use. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
}

class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs the command with `argv` (without `node` and the script); resolves with the exit code. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr(`loop-bench: ${error.message}\nRun 'loop-bench --help' for usage.\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const { file, time, filter, json, md, svg } = parsed;
  const path = resolve(file);
  if (!existsSync(path)) {
    io.stderr(`loop-bench: no such file: ${file}\nRun 'loop-bench --help' for usage.\n`);
    return 2;
  }
  let moduleValue: Record<string, unknown>;
  try {
    moduleValue = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    io.stderr(`loop-bench: could not load ${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  const suites = suitesOf(moduleValue);
  if (suites.length === 0) {
    io.stderr(`loop-bench: ${file} exports no suites; export one, e.g. \`export default suite('name', { case: () => work() })\`\n`);
    return 2;
  }
  const results: SuiteResult[] = [];
  try {
    for (const s of suites) {
      const result = await runBench(s, { ...(time === undefined ? {} : { time }), ...(filter === undefined ? {} : { filter }) });
      if (result.cases.length > 0) results.push(result);
    }
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (results.length === 0) {
    io.stderr(`loop-bench: no case matches --filter ${String(filter)}\n`);
    return 2;
  }
  io.stdout(`${formatTable(results, { color: io.color })}\n`);
  try {
    if (json !== undefined) await writeFile(json, toJson(results));
    if (md !== undefined) await writeFile(md, toMarkdown(results));
    if (svg !== undefined) await writeFile(svg, resultsChartSvg(results, { title: `loop-bench: ${file}` }));
  } catch (error) {
    io.stderr(`loop-bench: could not write a result file: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  return 0;
}

interface Parsed {
  file: string;
  time: number | undefined;
  filter: RegExp | undefined;
  json: string | undefined;
  md: string | undefined;
  svg: string | undefined;
}

function parse(argv: readonly string[]): Parsed | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'string' },
      md: { type: 'string' },
      svg: { type: 'string' },
      time: { type: 'string' },
      filter: { type: 'string' },
    },
  });
  if (values.help === true) return 'help';
  const [command, file, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command: loop-bench run <file>');
  if (command !== 'run') throw new UsageError(`unknown command '${command}'; the command is: loop-bench run <file>`);
  if (file === undefined) throw new UsageError('missing <file>: loop-bench run <file>');
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'; give one bench file`);
  let time: number | undefined;
  if (values.time !== undefined) {
    time = Number(values.time);
    if (values.time.trim() === '' || !Number.isFinite(time) || time <= 0) throw new UsageError(`--time must be a number of milliseconds > 0, got '${values.time}'`);
  }
  let filter: RegExp | undefined;
  if (values.filter !== undefined) {
    try {
      filter = new RegExp(values.filter);
    } catch (error) {
      throw new UsageError(`--filter is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const flag of ['json', 'md', 'svg'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} needs a file name`);
  }
  return { file, time, filter, json: values.json, md: values.md, svg: values.svg };
}

/** The suites a bench module exports: the default export first, then named ones; arrays of suites too. */
function suitesOf(moduleValue: Record<string, unknown>): Suite[] {
  const found: Suite[] = [];
  const add = (value: unknown): void => {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isSuite(item) && !found.includes(item)) found.push(item);
    }
  };
  add(moduleValue['default']);
  for (const [key, value] of Object.entries(moduleValue)) if (key !== 'default') add(value);
  return found;
}
