import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Exploration runs hundreds of schedules per test; the catalogue's worst case takes a few seconds on a busy machine.
    testTimeout: 60_000,
  },
});
