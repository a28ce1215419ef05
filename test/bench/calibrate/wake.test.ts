import { describe, expect, it } from 'vitest';
import { measureLineRoundTrip, measureRingRoundTrip } from '../../../bench/calibrate/wake.ts';
import { DEFAULT_SPIN_MICROS } from '../../../runtime/coprocessor/index.ts';

describe('the ring round trip microbenchmark', () => {
  it('times tasks through the runtime co-processor to a spinning and to a sleeping worker, and stops its worker', async () => {
    const r = await measureRingRoundTrip(3);
    expect(r.trials).toBe(3);
    for (const x of [r.spinningNs, r.sleepingNs]) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThan(0);
    }
    expect(r.spinWindowNs).toBe(DEFAULT_SPIN_MICROS * 1000);
  });

  it("times one cache line's round trip to a spinning worker thread (the machine's cross-core state), and stops its worker", async () => {
    const ns = await measureLineRoundTrip(20, 200, 10_000);
    expect(Number.isFinite(ns)).toBe(true);
    // a line each way: more than a core's own cache access, far less than a scheduler's time slice
    expect(ns).toBeGreaterThan(10);
    expect(ns).toBeLessThan(1e6);
  });
});
