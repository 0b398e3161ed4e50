import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type-aware rules: each RuleTester case builds a TypeScript program.
    testTimeout: 30_000,
  },
});
