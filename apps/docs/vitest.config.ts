import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end test drives a real browser: give it room, but bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
