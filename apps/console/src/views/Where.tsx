/**
 * The `where` view: every live task as a tree, each with what it waits on
 * and the source line its coroutine is suspended at (asked of the running
 * program, refreshed every second while the view is open), and the selected
 * task's chain of ancestors on top.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { chainText, pstreeLines, whereChain, type WhereSnapshot } from '../model/where.js';

/** Props of {@link Where}. */
export interface WhereProps {
  where: WhereSnapshot | null;
  selectedId: number | null;
  /** Lines available for the tree. */
  rows: number;
}

/**
 * The view.
 *
 * @example
 * ```tsx
 * <Where where={store.where} selectedId={3} rows={20} />
 * ```
 */
export function Where({ where, selectedId, rows }: WhereProps) {
  if (where === null) {
    return (
      <Box flexDirection="column">
        <Text bold>where</Text>
        <Text dimColor>asking the program where its tasks are…</Text>
        <Text dimColor>Esc back</Text>
      </Box>
    );
  }
  const chain = selectedId === null ? [] : whereChain(where.entries, selectedId);
  const lines = pstreeLines(where.entries);
  const shown = lines.slice(0, Math.max(1, rows));
  return (
    <Box flexDirection="column">
      <Text bold>{`where: ${where.entries.length} live task(s), each at the line it waits on`}</Text>
      {chain.length > 0 ? <Text wrap="truncate">{`chain  ${chainText(chain)}`}</Text> : null}
      {where.entries.length === 0 ? <Text dimColor>no live tasks</Text> : null}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line}
        </Text>
      ))}
      {lines.length > shown.length ? <Text dimColor>{`… ${lines.length - shown.length} more`}</Text> : null}
      <Text dimColor>Esc back</Text>
    </Box>
  );
}
