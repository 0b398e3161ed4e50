/**
 * The help overlay: every key.
 *
 * @module
 */
import { Box, Text } from 'ink';

/** The keys, as shown in the overlay and the README. */
export const KEYS: readonly (readonly [string, string])[] = [
  ['↑/↓  j/k', 'move the selection'],
  ['←/→', 'choose the sort column'],
  ['/', 'filter by name, state, id or wait (Enter keeps, Esc clears)'],
  ['Enter', 'details of the selected task (Esc back)'],
  ['w', 'where: every task at the line it waits on, as a tree (live runs)'],
  ['c', 'cancel the selected task, any live task (live runs)'],
  ['space', 'pause / resume the display (replay: playback)'],
  ['+/-', 'zoom the timeline in / out'],
  ['[ ]', 'scroll the timeline left / right'],
  ['0', 'fit the whole run in the timeline'],
  ['?', 'this help (Esc or ? closes)'],
  ['q', 'quit (stops the program)'],
];

/** Extra keys of a replay. */
export const REPLAY_KEYS: readonly (readonly [string, string])[] = [
  ['n', 'step: apply the next event (pauses)'],
  [', .', 'seek back / forward by a tenth of the trace'],
  ['< >', 'half / double the speed'],
];

/** Props of {@link Help}. */
export interface HelpProps {
  replay: boolean;
}

/**
 * The overlay.
 *
 * @example
 * ```tsx
 * <Help replay={false} />
 * ```
 */
export function Help({ replay }: HelpProps) {
  const keys = replay ? [...KEYS, ...REPLAY_KEYS] : KEYS;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>keys</Text>
      {keys.map(([key, what]) => (
        <Text key={key}>
          <Text color="cyan">{key.padEnd(10)}</Text>
          {what}
        </Text>
      ))}
    </Box>
  );
}
