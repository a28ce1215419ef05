import { readlinkSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { taskCpuSeconds, threadCpuSeconds } from '../../../runtime/testing/thread-cpu.ts';

const linux = process.platform === 'linux';

describe('thread CPU time', () => {
  test.runIf(linux)("taskCpuSeconds reads a thread by its id: this thread's, growing with work like threadCpuSeconds", () => {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const a0 = threadCpuSeconds();
    const b0 = taskCpuSeconds(tid);
    let x = 1;
    // 30 ms of this thread's CPU (not of wall clock: on a busy machine the thread waits for a core);
    // the loop's condition reads the CPU clock, so the thread spends that time whatever the
    // compiler makes of the arithmetic, and nothing needs to read `x`
    const end = performance.now() + 3000;
    while (threadCpuSeconds() - a0 < 0.03 && performance.now() < end) {
      for (let i = 0; i < 100_000; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
    }
    const a = threadCpuSeconds() - a0;
    const b = taskCpuSeconds(tid) - b0;
    expect(a).toBeGreaterThan(0.01);
    expect(b).toBeGreaterThan(0.01);
    expect(Math.abs(a - b)).toBeLessThan(0.02);
  });

  test('taskCpuSeconds is NaN for no thread', () => {
    expect(taskCpuSeconds(0)).toBeNaN();
    expect(taskCpuSeconds(-3)).toBeNaN();
    expect(taskCpuSeconds(2 ** 30)).toBeNaN();
  });
});
