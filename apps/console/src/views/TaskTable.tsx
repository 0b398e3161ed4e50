/**
 * The task table: one row per task (id, name, state with symbol, parent,
 * total/busy/idle time, steps, what it waits on, spawn site), the sort
 * column marked with ▼/▲, the selected row marked with › and inverted.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { cellText, fit, type Column } from '../model/table.js';
import type { TaskInfo } from '../model/types.js';
import { STATE_COLOR } from './colors.js';

/** Props of {@link TaskTable}. */
export interface TaskTableProps {
  tasks: readonly TaskInfo[];
  columns: readonly Column[];
  sortKey: Column['key'];
  selectedId: number | null;
  /** Index of the first row shown. */
  top: number;
  rows: number;
  now: number;
}

/**
 * The table, `rows` task rows from `top`.
 *
 * @example
 * ```tsx
 * <TaskTable tasks={tasks} columns={COLUMNS} sortKey="id" selectedId={1} top={0} rows={10} now={model.time} />
 * ```
 */
export function TaskTable({ tasks, columns, sortKey, selectedId, top, rows, now }: TaskTableProps) {
  const head = columns
    .map((c) => {
      const title = c.key === sortKey ? `${c.title}${c.descending ? '▼' : '▲'}` : c.title;
      return fit(title, c.width, c.align);
    })
    .join(' ');
  const shown = tasks.slice(top, top + rows);
  return (
    <Box flexDirection="column">
      <Text bold>{` ${head}`}</Text>
      {shown.length === 0 ? <Text dimColor>(no tasks)</Text> : null}
      {shown.map((task) => (
        <Text key={task.id} inverse={task.id === selectedId} wrap="truncate">
          {task.id === selectedId ? '›' : ' '}
          {columns.map((c, i) => {
            const text = fit(cellText(task, c.key, now), c.width, c.align) + (i < columns.length - 1 ? ' ' : '');
            return c.key === 'state' ? (
              <Text key={c.key} color={STATE_COLOR[task.status]}>
                {text}
              </Text>
            ) : (
              text
            );
          })}
        </Text>
      ))}
      {tasks.length > top + rows ? <Text dimColor>{`… ${tasks.length - top - rows} more`}</Text> : null}
    </Box>
  );
}
