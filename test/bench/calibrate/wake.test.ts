import { describe, expect, it } from 'vitest';
import { measureRingRoundTrip } from '../../../bench/calibrate/wake.ts';
import { DEFAULT_SPIN_MICROS } from '../../../runtime/coprocessor/index.ts';

describe('the ring round trip microbenchmark', () => {
  it('times tasks through the runtime co-processor to a spinning and to a sleeping worker', async () => {
    const r = await measureRingRoundTrip(3);
    expect(r.trials).toBe(3);
    for (const x of [r.spinningNs, r.sleepingNs]) {
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThan(0);
    }
    expect(r.spinWindowNs).toBe(DEFAULT_SPIN_MICROS * 1000);
  });
});
