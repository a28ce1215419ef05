import { describe, expect, it } from 'vitest';
import { measureLineRoundTrip } from '../../../bench/harness/line-round-trip.ts';

describe('the cross-core line round trip probe', () => {
  it("times one cache line's round trip to a spinning worker thread (the machine's cross-core state), and stops its worker", async () => {
    const ns = await measureLineRoundTrip(20, 200, 10_000);
    expect(Number.isFinite(ns)).toBe(true);
    // a line each way: more than a core's own cache access, far less than a scheduler's time slice
    expect(ns).toBeGreaterThan(10);
    expect(ns).toBeLessThan(1e6);
  });
});
