// `pnpm --filter @loop/test catalogue`: schedules each catalogue bug needs under random and PCT (not part of `test`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['bench/catalogue.measure.ts'], testTimeout: 600_000 },
});
