import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    // Guards against a hang only: tests wait on states, and a loaded machine may take many times longer than a quiet one.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: 'forks',
    maxWorkers: 2,
    // expect.poll waits for a state; a busy machine only makes it slower, so the bound is generous (it only matters
    // when the state never comes).
    expect: { poll: { timeout: 120_000 } },
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
