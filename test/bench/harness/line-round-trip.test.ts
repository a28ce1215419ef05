import { describe, expect, it } from 'vitest';
import { formatScenarioCrossCore, LineProbe, lineSample, scenarioCrossCore, SCHEDULER_BOUND_NS, type LineReadingOptions } from '../../../bench/harness/line-round-trip.ts';

/**
 * A clock that advances `stepNs` each time it is read. The probe reads its clock once per round
 * trip and once per 1024 spins waiting for one, so with this clock a run's limits (100 ms, the
 * budget) count the main thread's own spinning: a run completes once the worker has answered
 * every trip, however long a loaded machine keeps either thread off its core (a broken worker
 * still ends in NaN: about 10^9 spins, a second of the main thread's time, per run).
 */
function steppingClock(stepNs = 100n): () => bigint {
  let t = 0n;
  return () => (t += stepNs);
}

/** A reading that must complete whatever the load: the stepping clock, no scheduler bound (its own test below), a long start-up wait. */
const ANSWERED = { trials: 3, trips: 20, upTimeoutMs: 60_000, maxTripNs: Number.POSITIVE_INFINITY } as const;

/** One reading by a probe of its own, closed after it. */
async function readOnce(options: LineReadingOptions): Promise<number> {
  const probe = new LineProbe();
  try {
    return await probe.measure(options);
  } finally {
    await probe.close();
  }
}

describe('the cross-core line round trip probe', () => {
  it("times one cache line's round trip to a spinning worker thread (the machine's cross-core state): a reading is at most the scheduler bound, or NaN (not measured) when no run stayed under it", async () => {
    // at load 12-17 on 2 cores every run can wait for the scheduler (no reading then): what the
    // probe guarantees is the range of a reading it does return
    const ns = await readOnce({ trials: 20, trips: 200, budgetMs: 10_000, upTimeoutMs: 30_000 });
    // a line each way: more than a core's own cache access; a run slower per trip is dropped
    if (!Number.isNaN(ns)) {
      expect(ns).toBeGreaterThan(10);
      expect(ns).toBeLessThanOrEqual(SCHEDULER_BOUND_NS);
    }
  });

  it('a run completes once the worker has answered each of its trips: finite with a clock that counts only the main thread’s spinning', async () => {
    const ns = await readOnce({ ...ANSWERED, clockNs: steppingClock() });
    expect(Number.isFinite(ns)).toBe(true);
    expect(ns).toBeGreaterThanOrEqual(100); // a clock reading (100 ns) per trip at least
  });

  it('is a failed probe (NaN), not a hang, when the worker does not report itself started in time', async () => {
    // a worker thread takes milliseconds to start: a zero wait always runs out first
    expect(await readOnce({ trials: 20, trips: 200, budgetMs: 10_000, upTimeoutMs: 0 })).toBeNaN();
  });

  it('one probe serves many readings with one worker, asleep between them', async () => {
    const probe = new LineProbe();
    try {
      for (let i = 0; i < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // the worker sleeps (Atomics.wait); the reading wakes it
        expect(Number.isFinite(await probe.measure({ ...ANSWERED, clockNs: steppingClock() }))).toBe(true);
      }
    } finally {
      await probe.close();
    }
  });

  it('a run slower per trip than the scheduler bound is dropped: NaN when every run is, and the next reading works again', async () => {
    const probe = new LineProbe();
    try {
      // a bound below any real trip stands for trips that waited for the scheduler (7.2 ms each once, at load 5)
      expect(await probe.measure({ trials: 5, trips: 20, budgetMs: 10_000, upTimeoutMs: 30_000, maxTripNs: 0.001 })).toBeNaN();
      // the same with the stepping clock: 100 ns a trip at least, over a bound of 99
      expect(await probe.measure({ ...ANSWERED, clockNs: steppingClock(), maxTripNs: 99 })).toBeNaN();
      expect(Number.isFinite(await probe.measure({ ...ANSWERED, clockNs: steppingClock() }))).toBe(true);
    } finally {
      await probe.close();
    }
  });

  it('a reading with a budget of nothing completes no run: NaN, and the next reading works again', async () => {
    const probe = new LineProbe();
    try {
      expect(await probe.measure({ trials: 5, trips: 200, budgetMs: 0, upTimeoutMs: 30_000 })).toBeNaN();
      expect(Number.isFinite(await probe.measure({ ...ANSWERED, clockNs: steppingClock() }))).toBe(true);
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
