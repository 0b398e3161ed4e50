/**
 * The colour of each task state, shared by the table and the timeline.
 *
 * @module
 */
import type { TaskStatus } from '../model/types.js';

/** Ink colour names per state. */
export const STATE_COLOR: Record<TaskStatus, string> = {
  running: 'green',
  ready: 'yellow',
  sleeping: 'blue',
  blocked: 'magenta',
  done: 'gray',
  failed: 'red',
  cancelled: 'yellowBright',
};
