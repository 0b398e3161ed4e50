/**
 * The task detail view: everything known about one task, what it awaits,
 * its children and its history (latest last).
 *
 * @module
 */
import { Box, Text } from 'ink';
import { formatTime, taskIdle, taskTotal } from '../model/reducer.js';
import { stateLabel } from '../model/table.js';
import type { ConsoleModel, TaskInfo } from '../model/types.js';
import { chainText, locationText, whereChain, type WhereSnapshot } from '../model/where.js';
import { LINE_LIMIT, sanitize } from '../sanitize.js';
import { STATE_COLOR } from './colors.js';

/** Props of {@link Detail}. */
export interface DetailProps {
  model: ConsoleModel;
  task: TaskInfo;
  /** Lines available for the history. */
  historyRows: number;
  /** Where the program's tasks are (live runs), or null. */
  where?: WhereSnapshot | null;
  /** The loop time to measure a live task's total and idle up to (default: the latest event's). */
  now?: number;
}

/**
 * The detail view of `task`.
 *
 * @example
 * ```tsx
 * <Detail model={model} task={model.tasks.get(1)!} historyRows={10} />
 * ```
 */
export function Detail({ model, task, historyRows, where = null, now = model.time }: DetailProps) {
  const origin = model.startTime ?? 0;
  const parent = task.parentId === null ? null : model.tasks.get(task.parentId);
  const history = task.history.slice(-Math.max(1, historyRows));
  const entry = where?.entries.find((e) => e.id === task.id);
  const location = entry?.location ?? null;
  return (
    <Box flexDirection="column">
      <Text bold>{`task ${task.id}  ${sanitize(task.name)}`}</Text>
      <Text>
        {'state     '}
        <Text color={STATE_COLOR[task.status]}>{stateLabel(task.status)}</Text>
        {task.waitingOn !== null ? `  waiting on ${sanitize(task.waitingOn, 80)}` : ''}
      </Text>
      {entry !== undefined ? (
        <Text wrap="truncate">{`waits at  ${location === null ? '(no source line: not a suspended generator)' : `${sanitize(locationText(location, true), 200)}${location.text === null ? '' : `  ${sanitize(location.text, 200)}`}`}`}</Text>
      ) : null}
      {entry !== undefined ? <Text wrap="truncate">{`chain     ${chainText(whereChain(where!.entries, task.id))}`}</Text> : null}
      <Text>{`parent    ${parent === null ? '-' : parent === undefined ? String(task.parentId) : `${parent.id} ${sanitize(parent.name)}`}`}</Text>
      <Text>{`spawned   ${formatTime(task.spawnedAt - origin)}${task.site === null ? '' : ` at ${sanitize(task.site, 200)}`}`}</Text>
      <Text>{`ended     ${task.endedAt === null ? '-' : formatTime(task.endedAt - origin)}`}</Text>
      <Text>{`time      total ${formatTime(taskTotal(task, now))}  busy ${formatTime(task.busy)}  idle ${formatTime(taskIdle(task, now))}  steps ${task.steps}  longest step ${formatTime(task.longestStep)}`}</Text>
      {task.error !== null ? <Text color="red">{`error     ${sanitize(task.error, LINE_LIMIT)}`}</Text> : null}
      {task.cancelReason !== null ? <Text>{`cancel    ${sanitize(task.cancelReason, 200)}`}</Text> : null}
      <Text>
        {`children  ${task.children.length === 0 ? '-' : task.children
          .slice(0, 20)
          .map((id) => {
            const child = model.tasks.get(id);
            return child === undefined ? String(id) : `${id} ${sanitize(child.name, 20)} (${child.status})`;
          })
          .join(', ')}${task.children.length > 20 ? `, … ${task.children.length - 20} more` : ''}`}
      </Text>
      <Text bold>history</Text>
      {history.map((entry, i) => (
        <Text key={i} wrap="truncate">{`  ${fit10(formatTime(entry.time - origin))} ${sanitize(entry.text, 200)}`}</Text>
      ))}
      <Text dimColor>Esc back</Text>
    </Box>
  );
}

function fit10(text: string): string {
  return text.padStart(10);
}
