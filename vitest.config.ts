import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files that only call functions and build switches in memory (no worker threads, child
 * processes, sockets or allocation measurements): they share one module cache per worker, so
 * the compiler and the runtime are loaded once per worker instead of once per file.
 */
const SHARED = [
  'test/compiler/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/bench/**/*.test.ts',
  'test/runtime/layers.test.ts',
  ...['bits', 'control', 'crypto', 'externs', 'loader', 'model', 'packet', 'psa', 'tables', 'testing', 'v1model', 'io/order'].map((d) => `test/runtime/${d}/**/*.test.ts`),
  'test/runtime/io/pcap*.test.ts',
  'test/runtime/io/stf.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the CPUs: on a 2-core machine, one. Many test
    // files wait on child processes, worker threads or sockets; two or more run side by side.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      // Everything with threads, processes, sockets or timing: a fresh module state per file.
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: SHARED } },
    ],
  },
});
