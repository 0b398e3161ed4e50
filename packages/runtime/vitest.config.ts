/**
 * The runtime's test projects, run together by `pnpm test` (one JSON report,
 * so the CI total counts every project):
 *
 * - `unit`: the specification suite, the property-based tests
 *   (test/reliability), bad input and trace fuzzing, in FIFO order (or under
 *   `LOOP_SEED` when the caller sets it).
 * - `seed-1`, `seed-2`, `seed-3`: the same suite with same-time ready work
 *   shuffled by a fixed seed (test/seeds/setup.ts), to catch order
 *   dependence. The property tests are left out: they draw their own seeds.
 * - `stress`: a million tasks, 100,000 cancelled sleepers, a 16×16 queue and
 *   a memory check; its workers start with `--expose-gc`.
 *
 * Run one project with `vitest run --project <name>` (see the package's
 * `test:*` scripts and RELIABILITY.md).
 */
import { defineConfig } from 'vitest/config';

const SUITE = ['test/**/*.test.ts'];
const SEEDS = [1, 2, 3];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: SUITE, exclude: ['test/stress/**'], setupFiles: ['./test/seeds/setup.ts'] },
      },
      ...SEEDS.map((seed) => ({
        test: {
          name: `seed-${seed}`,
          include: SUITE,
          // The property tests draw their own seeds; the trace fuzz never runs a loop.
          exclude: ['test/stress/**', 'test/reliability/**', 'test/trace/parse-trace.fuzz.test.ts'],
          setupFiles: ['./test/seeds/setup.ts'],
          env: { LOOP_SEED: String(seed) },
          // Files share one module graph per worker (several times faster to import); the setup file resets the
          // default seed before every test, and the runtime keeps no other state between loops.
          isolate: false,
        },
      })),
      {
        test: { name: 'stress', include: ['test/stress/**/*.test.ts'], execArgv: ['--expose-gc'], testTimeout: 180_000 },
      },
    ],
  },
});
