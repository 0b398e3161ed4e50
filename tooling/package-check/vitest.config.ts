import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs every published package and installs the tarballs once, into a
    // scratch project outside the workspace that every test file reads.
    globalSetup: ['test/support/global-setup.ts'],
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
