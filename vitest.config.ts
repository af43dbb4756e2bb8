import { defineConfig } from 'vitest/config';

/**
 * Three layers (DEVELOPERS.md, "Tests"): `unit` runs from the TypeScript sources in seconds, without a
 * build or a child process; `engine` runs the whole engine or a loader on inputs, still from the
 * sources; `process` spawns the built CLI and node, packs
 * and installs the package, runs validators and corpora, so it needs `npm run build` first.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core CI machine that ran one test file
    // at a time, and most process tests wait on a child process (npm, pre-commit, a synth). Two workers
    // took the whole run at load 10-16 to 1.7x the parallelism of one; timed tests assert ratios or
    // bounds scaled by the load, so they hold (DEVELOPERS.md, "Tests").
    maxWorkers: 2,
    globalSetup: ['test/support/test-run-directory.ts'],
    projects: [
      {
        extends: true,
        // Unit tests share module state safely (pure functions, hand-built inputs), so one worker thread
        // per core runs them without a fresh module graph per file: ~4x faster than isolated forks here.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/unit-layer-guard.ts', 'test/support/terraform-functions.ts', 'test/support/eslint-plugin-analysis.ts'],
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'engine', include: ['test/engine/**/*.test.ts'], setupFiles: ['test/support/terraform-functions.ts'] } },
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'] } },
    ],
  },
});
