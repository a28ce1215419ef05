import { describe, expect, it } from 'vitest';
import { formatScenarioCrossCore, LineProbe, lineSample, measureLineRoundTrip, scenarioCrossCore } from '../../../bench/harness/line-round-trip.ts';

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

  it('is a failed probe (NaN), not a hang, when the worker does not report itself started in time', async () => {
    // a worker thread takes milliseconds to start: a zero wait always runs out first
    expect(await measureLineRoundTrip(20, 200, 10_000, 0)).toBeNaN();
  });

  it('one probe serves many readings with one worker, asleep between them', async () => {
    const probe = new LineProbe();
    try {
      // on a busy machine a run completes only while both threads hold a core at once: many short runs (20 trips) get one through
      for (let i = 0; i < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // the worker sleeps (Atomics.wait); the reading wakes it
        const ns = await probe.measure(30, 20, 10_000);
        expect(ns).toBeGreaterThan(10);
        expect(ns).toBeLessThan(1e6);
      }
    } finally {
      await probe.close();
    }
  });

  it('a run slower per trip than the scheduler bound is dropped: NaN when every run is, and the next reading works again', async () => {
    const probe = new LineProbe();
    try {
      // a bound below any real trip stands for trips that waited for the scheduler (7.2 ms each once, at load 5)
      expect(await probe.measure(5, 20, 10_000, 30_000, 0.001)).toBeNaN();
      expect(Number.isFinite(await probe.measure(30, 20, 10_000))).toBe(true);
    } finally {
      await probe.close();
    }
  });

  it('a reading with a budget of nothing completes no run: NaN, and the next reading works again', async () => {
    const probe = new LineProbe();
    try {
      expect(await probe.measure(5, 200, 0)).toBeNaN();
      expect(Number.isFinite(await probe.measure(30, 20, 10_000))).toBe(true);
    } finally {
      await probe.close();
    }
  });
});

describe("a bench scenario's cross-core record (results.json crossCore, and its line in the output)", () => {
  it('readings rounded to whole ns, a failed one written as null', () => {
    expect(lineSample('before', 215.4)).toEqual({ at: 'before', ns: 215 });
    expect(lineSample('after', Number.NaN)).toEqual({ at: 'after', ns: null });
    expect(lineSample('after', 0)).toEqual({ at: 'after', ns: null });
  });

  it('one state before and after: its level; two states: changed while it ran; a failed probe: unknown, written as null', () => {
    const steady = scenarioCrossCore([lineSample('before', 215.4), lineSample('after', 188.2)]);
    expect(steady).toEqual({ lineSamples: [{ at: 'before', ns: 215 }, { at: 'after', ns: 188 }], stateNs: 188 });
    expect(formatScenarioCrossCore(steady)).toMatch(/^ {2}cross-core state: 188 ns \(.*before 215 ns, after 188 ns\)$/);
    const changed = scenarioCrossCore([lineSample('before', 210), lineSample('after', 905)]);
    expect(changed.stateNs).toBeNull();
    expect(formatScenarioCrossCore(changed)).toContain('cross-core state: changed while it ran');
    const failed = scenarioCrossCore([lineSample('before', 210), lineSample('after', Number.NaN)]);
    expect(failed).toEqual({ lineSamples: [{ at: 'before', ns: 210 }, { at: 'after', ns: null }], stateNs: null });
    expect(JSON.parse(JSON.stringify(failed))).toEqual(failed);
    expect(formatScenarioCrossCore(failed)).toContain('cross-core state: unknown (');
    expect(formatScenarioCrossCore(failed)).toContain('after not measured');
  });

  it('samples through a scenario: the state most of it ran in, and a count per state in its line', () => {
    const at = ['before', 'warm-up', 'cycle 1', 'cycle 2', 'cycle 3', 'cycle 4', 'cycle 5', 'after'];
    const ns = [212, 205, 220, 199, 230, 210, 215, 905];
    const cc = scenarioCrossCore(at.map((a, i) => lineSample(a, ns[i]!)));
    // 6 of 7 stretches in the fast state
    expect(cc.stateNs).toBe(212);
    expect(formatScenarioCrossCore(cc)).toBe("  cross-core state: 212 ns (one cache line's round trip between two threads, wall clock: 8 samples from before to after: 7 at 199–230 ns, 1 at 905–905 ns)");
    const half = scenarioCrossCore(at.map((a, i) => lineSample(a, i < 4 ? 210 : i === 5 ? Number.NaN : 900)));
    expect(half.stateNs).toBeNull();
    expect(formatScenarioCrossCore(half)).toContain('changed while it ran (one cache line\'s round trip between two threads, wall clock: 8 samples from before to after: 4 at 210–210 ns, 3 at 900–900 ns, 1 not measured)');
  });
});
