/**
 * One cache line's round trip between two threads (`measureLineRoundTrip`): the probe of the
 * machine's cross-core state (`runtime/model/cross-core.ts`), taken by the calibration
 * (`bench/calibrate/`) before and after each draw and by `npm run bench` before and after each
 * scenario.
 */
import { Worker } from 'node:worker_threads';
import { steadyStateNs } from '../../runtime/model/cross-core.ts';
import type { ScenarioCrossCore } from './scenario.ts';

/** The worker of `measureLineRoundTrip`: answers each new value of word 0 by writing it into word 16 (another cache line), spinning; stops at a negative one. */
const LINE_ECHO = `
const { workerData, parentPort } = require('node:worker_threads');
const a = new Int32Array(workerData);
parentPort.postMessage('up');
let last = 0;
for (;;) {
  const v = Atomics.load(a, 0);
  if (v < 0) break;
  if (v !== last) { last = v; Atomics.store(a, 16, v); }
}`;

/**
 * The machine's cross-core state (`runtime/model/cross-core.ts`): one cache line from this thread
 * to a spinning worker thread and another line back, ns — the least over `trials` runs of `trips`
 * round trips each. A trip completes only while both threads hold a core at once, so on a machine
 * busy with other jobs many runs are slowed by a descheduled thread; the least run is the line
 * crossing itself. A run that takes over 100 ms is dropped and the next ones are half as long
 * (down to 10 trips), and the runs stop after `budgetMs`.
 * No runtime code is involved: it is what sync-offload's round trip is made of. About 20 ms of two
 * threads' CPU on a quiet machine. NaN when no run completed, or when the worker did not report
 * itself started within `upTimeoutMs`.
 */
export async function measureLineRoundTrip(trials = 20, trips = 500, budgetMs = 2000, upTimeoutMs = 5000): Promise<number> {
  const words = new Int32Array(new SharedArrayBuffer(128));
  const worker = new Worker(LINE_ECHO, { eval: true, workerData: words.buffer });
  try {
    // the worker's 'up', or NaN after `upTimeoutMs` (a machine so busy the thread never starts is a failed probe, not a hang)
    let timer: ReturnType<typeof setTimeout> | undefined;
    const up = await new Promise<boolean>((resolve, reject) => {
      worker.once('message', () => resolve(true));
      worker.once('error', reject);
      timer = setTimeout(() => resolve(false), upTimeoutMs);
    });
    clearTimeout(timer);
    if (!up) return Number.NaN;
    let value = 0;
    /** One run's ns per round trip, or NaN once it has taken over 100 ms. */
    const run = (n: number): number => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        value = (value + 1) & 0x3fffffff;
        Atomics.store(words, 0, value);
        for (let k = 0; Atomics.load(words, 16) !== value; k++) if ((k & 0x3ff) === 0 && process.hrtime.bigint() - t0 > 100_000_000n) return Number.NaN;
      }
      return Number(process.hrtime.bigint() - t0) / n;
    };
    const until = performance.now() + budgetMs;
    run(trips); // warm-up: both loops optimised
    let least = Number.POSITIVE_INFINITY;
    let n = trips;
    for (let t = 0; t < trials && performance.now() < until; t++) {
      const ns = run(n);
      if (ns < least) least = ns;
      // the two threads seldom hold a core at once: shorter runs (each still µs of trips)
      if (Number.isNaN(ns)) n = Math.max(10, n >> 1);
    }
    return Number.isFinite(least) ? least : Number.NaN;
  } finally {
    Atomics.store(words, 0, -1);
    await worker.terminate();
  }
}

/** The bench's probe: the least of 10 runs of 500 round trips (a few ms of two threads), stopped after 200 ms on a busy machine; starting and stopping its worker adds about 0.1 s of wall time (measured 01:15, load 0.9). */
export const probeLine = async (): Promise<number> => measureLineRoundTrip(10, 500, 200);

/** A scenario's cross-core record from its line round trips before and after it ran (ns; NaN where the probe did not complete). */
export function scenarioCrossCore(before: number, after: number): ScenarioCrossCore {
  const ns = (x: number): number | null => (Number.isFinite(x) && x > 0 ? Math.round(x) : null);
  const state = steadyStateNs([before, after]);
  return { lineSamples: [{ at: 'before', ns: ns(before) }, { at: 'after', ns: ns(after) }], stateNs: state === null ? null : Math.round(state) };
}

/** `  cross-core state: 210 ns (one cache line's round trip between two threads, before 205 ns, after 215 ns)`. */
export function formatScenarioCrossCore(c: ScenarioCrossCore): string {
  const samples = c.lineSamples.map((s) => `${s.at} ${s.ns === null ? 'not measured' : `${s.ns} ns`}`).join(', ');
  const state = c.stateNs !== null ? `${c.stateNs} ns` : c.lineSamples.some((s) => s.ns === null) ? 'unknown' : 'changed while it ran';
  return `  cross-core state: ${state} (one cache line's round trip between two threads, wall clock: ${samples})`;
}
