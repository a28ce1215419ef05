/**
 * The co-processor ring's round trip, timed on the runtime's own `Coprocessor` (one `burn(0)` task,
 * published alone, its result polled by a spinning main thread), in two cases:
 *
 * - the worker is **spinning** (the task follows the previous result at once): the ring crossing
 *   both ways, what a busy worker adds to a task;
 * - the worker is **asleep** (the task follows an idle spell well beyond the worker's spin window,
 *   `DEFAULT_SPIN_MICROS`, so it has parked in `Atomics.wait`): the crossing plus the thread's
 *   wake-up — on a machine shared with other jobs, the time until the scheduler gives the worker
 *   a core again.
 *
 * Wall-clock time, median of the trials: a wake-up is not CPU time of either thread, it is the time
 * the main thread goes on without the worker (and so runs tasks itself: "help when behind").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { BuiltinOp, Coprocessor, DEFAULT_SPIN_MICROS } from '../../runtime/coprocessor/index.ts';
import { medianOf } from '../../runtime/model/statistics.ts';

export interface RingRoundTrip {
  /** Round trip of one task to a spinning worker, ns (median). */
  readonly spinningNs: number;
  /** Round trip of one task to a sleeping worker, ns (median). */
  readonly sleepingNs: number;
  /** The worker's spin window before it sleeps, ns (the runtime's setting, not measured). */
  readonly spinWindowNs: number;
  readonly trials: number;
}

/** `trials` sleeping and `trials` spinning round trips (about 4 ms each sleeping one). */
export async function measureRingRoundTrip(trials = 60): Promise<RingRoundTrip> {
  const cop = new Coprocessor({ poolBuffers: 4, capacity: 8, burstSize: 1 });
  await cop.start();
  let got = 0;
  const onResult = (): void => void got++;
  /** One task, published at once; returns the ns until its result is back (the caller spins). */
  const roundTrip = (): number => {
    const before = got;
    const t0 = performance.now();
    if (!cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0)) throw new Error('the calibration co-processor refused a task');
    cop.flush();
    while (got === before) cop.poll(onResult);
    return (performance.now() - t0) * 1e6;
  };
  const idleMs = Math.max(2, (4 * DEFAULT_SPIN_MICROS) / 1000);
  try {
    for (let i = 0; i < 20; i++) roundTrip(); // warm-up: JIT of both sides
    const sleeping: number[] = [];
    const spinning: number[] = [];
    for (let i = 0; i < trials; i++) {
      await sleep(idleMs);
      sleeping.push(roundTrip());
      spinning.push(roundTrip());
      spinning.push(roundTrip());
    }
    return { spinningNs: medianOf(spinning), sleepingNs: medianOf(sleeping), spinWindowNs: DEFAULT_SPIN_MICROS * 1000, trials };
  } finally {
    await cop.close();
  }
}

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
 * threads' CPU on a quiet machine. NaN when no run completed.
 */
export async function measureLineRoundTrip(trials = 20, trips = 500, budgetMs = 2000): Promise<number> {
  const words = new Int32Array(new SharedArrayBuffer(128));
  const worker = new Worker(LINE_ECHO, { eval: true, workerData: words.buffer });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
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
