/**
 * The timeline pane: each task a row of coloured cells over loop time
 * (running █, ready ▓, sleeping ─, blocked ╌; ✓ done, ✗ failed, ⊘
 * cancelled), in the table's order, over the window `[from, to]`.
 *
 * @module
 */
import { Box, Text } from 'ink';
import { formatTime } from '../model/reducer.js';
import { fit } from '../model/table.js';
import { GLYPHS, timelineRow, type Cell } from '../model/timeline.js';
import type { TaskInfo } from '../model/types.js';
import { sanitize } from '../sanitize.js';
import { STATE_COLOR } from './colors.js';

/** Props of {@link Timeline}. */
export interface TimelineProps {
  tasks: readonly TaskInfo[];
  selectedId: number | null;
  top: number;
  rows: number;
  /** Window in loop time, relative labels from `origin`. */
  from: number;
  to: number;
  origin: number;
  now: number;
  width: number;
  zoom: number;
}

/** Width of the `  12 name         ` label before each row. */
export const LABEL_WIDTH = 4 + 1 + 12 + 1;

function segments(cells: readonly Cell[]): { state: Cell; text: string }[] {
  const out: { state: Cell; text: string }[] = [];
  for (const cell of cells) {
    const glyph = cell === null ? ' ' : GLYPHS.unicode[cell];
    const last = out[out.length - 1];
    if (last !== undefined && last.state === cell) last.text += glyph;
    else out.push({ state: cell, text: glyph });
  }
  return out;
}

/**
 * The pane: a title with the window and zoom, then one row per task.
 *
 * @example
 * ```tsx
 * <Timeline tasks={tasks} selectedId={null} top={0} rows={10} from={0} to={3000} origin={0} now={3000} width={80} zoom={1} />
 * ```
 */
export function Timeline({ tasks, selectedId, top, rows, from, to, origin, now, width, zoom }: TimelineProps) {
  const cellsWidth = Math.max(10, width - LABEL_WIDTH - 2);
  const title = `timeline ${formatTime(from - origin)} .. ${formatTime(to - origin)}  zoom ×${zoom}`;
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {tasks.slice(top, top + rows).map((task) => (
        <Text key={task.id} wrap="truncate">
          <Text inverse={task.id === selectedId}>{`${fit(String(task.id), 4, 'right')} ${fit(sanitize(task.name), 12)} `}</Text>
          {'│'}
          {segments(timelineRow(task, from, to, cellsWidth, now)).map((segment, i) =>
            segment.state === null ? (
              segment.text
            ) : (
              <Text key={i} color={STATE_COLOR[segment.state]}>
                {segment.text}
              </Text>
            ),
          )}
          {'│'}
        </Text>
      ))}
    </Box>
  );
}
