import { describe, expect, it } from 'vitest';
import { formatScenarioCrossCore, measureLineRoundTrip, scenarioCrossCore } from '../../../bench/harness/line-round-trip.ts';

describe('the cross-core line round trip probe', () => {
  it("times one cache line's round trip to a spinning worker thread (the machine's cross-core state), and stops its worker", { retry: 2, timeout: 120_000 }, async () => {
    // a full suite at load 17 on 2 cores once had no run complete (both threads seldom hold a core
    // at once): a generous start-up wait, and another try before calling the probe broken
    const ns = await measureLineRoundTrip(20, 200, 10_000, 30_000);
    expect(Number.isFinite(ns)).toBe(true);
    // a line each way: more than a core's own cache access, far less than a scheduler's time slice
    expect(ns).toBeGreaterThan(10);
    expect(ns).toBeLessThan(1e6);
  });

  it("is a failed probe (NaN), not a hang, when the worker does not report itself started in time", async () => {
    // a worker thread takes milliseconds to start: a zero wait always runs out first
    expect(await measureLineRoundTrip(20, 200, 10_000, 0)).toBeNaN();
  });
});

describe("a bench scenario's cross-core record (results.json crossCore, and its line in the output)", () => {
  it('one state before and after: its level; two states: changed while it ran; a failed probe: unknown, written as null', () => {
    const steady = scenarioCrossCore(215.4, 188.2);
    expect(steady).toEqual({ lineSamples: [{ at: 'before', ns: 215 }, { at: 'after', ns: 188 }], stateNs: 188 });
    expect(formatScenarioCrossCore(steady)).toMatch(/^ {2}cross-core state: 188 ns \(.*before 215 ns, after 188 ns\)$/);
    const changed = scenarioCrossCore(210, 905);
    expect(changed.stateNs).toBeNull();
    expect(formatScenarioCrossCore(changed)).toContain('cross-core state: changed while it ran');
    const failed = scenarioCrossCore(210, Number.NaN);
    expect(failed).toEqual({ lineSamples: [{ at: 'before', ns: 210 }, { at: 'after', ns: null }], stateNs: null });
    expect(JSON.parse(JSON.stringify(failed))).toEqual(failed);
    expect(formatScenarioCrossCore(failed)).toContain('cross-core state: unknown (');
    expect(formatScenarioCrossCore(failed)).toContain('after not measured');
  });
});
