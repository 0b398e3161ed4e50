/**
 * The two small panes under the timeline: warnings (lints) and the
 * program's output (already sanitised by the store).
 *
 * @module
 */
import { Box, Text } from 'ink';
import type { Lint } from '../model/types.js';
import { sanitize } from '../sanitize.js';

/** Props of {@link Warnings}. */
export interface WarningsProps {
  lints: readonly Lint[];
  rows: number;
}

/**
 * The latest `rows` warnings, with a count of the rest.
 *
 * @example
 * ```tsx
 * <Warnings lints={model.lints} rows={3} />
 * ```
 */
export function Warnings({ lints, rows }: WarningsProps) {
  if (lints.length === 0) return null;
  const shown = lints.slice(-rows);
  return (
    <Box flexDirection="column">
      <Text bold color="yellow">{`warnings (${lints.length})`}</Text>
      {shown.map((lint, i) => (
        <Text key={i} color="yellow" wrap="truncate">{`  ! ${sanitize(lint.message, 300)}`}</Text>
      ))}
    </Box>
  );
}

/** Props of {@link LogPane}. */
export interface LogPaneProps {
  lines: readonly string[];
  rows: number;
}

/**
 * The last `rows` lines the program printed (stderr lines start with `!`).
 *
 * @example
 * ```tsx
 * <LogPane lines={store.logs} rows={4} />
 * ```
 */
export function LogPane({ lines, rows }: LogPaneProps) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column">
      <Text bold>output</Text>
      {lines.slice(-rows).map((line, i) => (
        <Text key={i} wrap="truncate">{`  ${line}`}</Text>
      ))}
    </Box>
  );
}
