import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the CPUs: on a 2-core machine, one. Many test
    // files wait on child processes, worker threads or sockets; two or more run side by side.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        // The compiler's tests are pure functions of their inputs: the files share one module
        // cache per worker (the compiler is loaded once, not once per file).
        extends: true,
        test: { name: 'compiler', include: ['test/compiler/**/*.test.ts', 'test/contract/**/*.test.ts'], isolate: false },
      },
      {
        // Everything that runs packets, threads, processes or sockets: a fresh module state per file.
        extends: true,
        test: { name: 'runtime', include: ['test/**/*.test.ts'], exclude: ['test/compiler/**', 'test/contract/**'] },
      },
    ],
  },
});
