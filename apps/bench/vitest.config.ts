import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The smoke test runs its child processes a few at a time: most of each child's time is starting up and loading its library.
    maxConcurrency: 3,
  },
});
