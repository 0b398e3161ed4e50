/**
 * The header: what is shown, its status, and the counters (elapsed, loop
 * time, tasks alive/done/failed/cancelled, run-queue length, loop lag).
 *
 * @module
 */
import { Box, Text } from 'ink';
import { formatTime } from '../model/reducer.js';
import { sanitize } from '../sanitize.js';
import { countersLine } from '../static.js';
import type { ConsoleStore } from '../store.js';

/** Props of {@link Header}. */
export interface HeaderProps {
  store: ConsoleStore;
}

/**
 * Two lines: title and status, then counters.
 *
 * @example
 * ```tsx
 * <Header store={store} />
 * ```
 */
export function Header({ store }: HeaderProps) {
  const { model, replay } = store;
  const status = store.paused && store.kind !== 'replay' ? `${store.status} (display paused)` : store.status;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold color="cyan">
          loop-console
        </Text>
        {`  ${sanitize(store.title, 80)}  `}
        <Text color={store.paused ? 'yellow' : 'green'}>{status}</Text>
        {replay !== null ? `  event ${replay.position}/${replay.total}  speed ×${replay.speed}` : ''}
      </Text>
      <Text wrap="truncate">{`elapsed ${formatTime(store.elapsed())}  ${countersLine(model, store.now())}`}</Text>
    </Box>
  );
}
