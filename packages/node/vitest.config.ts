import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real processes, sockets and threads: every test is bounded, none may hang.
    testTimeout: 20_000,
  },
});
