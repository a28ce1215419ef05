/**
 * One cache line's round trip between two threads (`LineProbe`): the
 * probe of the machine's cross-core state (`runtime/model/cross-core.ts`), taken by the
 * calibration (`bench/calibrate/`) before and after each draw and by `npm run bench` before and
 * after each scenario and between the cycles of its rounds.
 */
import { Worker } from 'node:worker_threads';
import { crossCoreStates, runStateNs, type LineSample } from '../../runtime/model/cross-core.ts';
import type { ScenarioCrossCore } from './scenario.ts';

/**
 * A run slower than this per round trip (ns) waited for the scheduler, not for a cache line (the
 * slow state is about 1 µs): it is dropped like a run over 100 ms. A `--quick` calibration at
 * load 5 (session 9) read 7.2 ms per trip from a run of 10 trips that finished in 72 ms, and
 * measured a draw again for a change of state that was not one.
 */
export const SCHEDULER_BOUND_NS = 100_000;

/** How `LineProbe.measure` takes a reading (every field optional). */
export interface LineReadingOptions {
  /** Runs of round trips, at most (default 20). */
  readonly trials?: number;
  /** Round trips per run (default 500; halved after each dropped run, down to 10). */
  readonly trips?: number;
  /** The runs stop after this long, ms (default 2000); no run may take longer (nor over 100 ms). */
  readonly budgetMs?: number;
  /** Longest wait for the worker to report itself started, ms (default 5000). */
  readonly upTimeoutMs?: number;
  /** A run slower than this per round trip is dropped, ns (default `SCHEDULER_BOUND_NS`). */
  readonly maxTripNs?: number;
  /**
   * The clock runs and the budget are timed by, ns (default `process.hrtime.bigint`). Tests pass
   * one that advances a fixed step per reading: the limits then count the main thread's own
   * spinning, not the wall-clock time a loaded machine keeps either thread off its core.
   */
  readonly clockNs?: () => bigint;
}

/** Word 0's values besides a trip's (0 .. 2^30-1): the worker stops, or sleeps until woken. */
const STOP = -1;
const SLEEP = -2;

/**
 * The probe's worker: answers each new value of word 0 by writing it into word 16 (another cache
 * line), spinning; sleeps (Atomics.wait, no CPU) while word 0 is SLEEP, stops at STOP.
 */
const LINE_ECHO = `
const { workerData, parentPort } = require('node:worker_threads');
const a = new Int32Array(workerData);
parentPort.postMessage('up');
let last = ${SLEEP};
for (;;) {
  const v = Atomics.load(a, 0);
  if (v === ${STOP}) break;
  if (v === ${SLEEP}) Atomics.wait(a, 0, ${SLEEP});
  else if (v !== last) { last = v; Atomics.store(a, 16, v); }
}`;

/**
 * The machine's cross-core state (`runtime/model/cross-core.ts`): one cache line from this thread
 * to a worker thread spinning on it and another line back, ns. One worker serves every
 * measurement (`measure`) until `close`, asleep in between (it costs no CPU then), so a probe
 * costs only its trips: a bench run can take one between every cycle of its rounds.
 */
export class LineProbe {
  private readonly words = new Int32Array(new SharedArrayBuffer(128));
  private readonly worker: Worker;
  private readonly up: Promise<void>;
  private started = false;
  private value = 0;

  constructor() {
    this.words[0] = SLEEP;
    this.worker = new Worker(LINE_ECHO, { eval: true, workerData: this.words.buffer });
    this.worker.unref(); // a probe left open never keeps the process alive
    this.up = new Promise<void>((resolve, reject) => {
      this.worker.once('message', () => {
        this.started = true;
        resolve();
      });
      this.worker.once('error', reject);
    });
    this.up.catch(() => {}); // a worker that fails to start is a failed probe (NaN), seen by `measure`
  }

  /**
   * The least over `trials` runs of `trips` round trips each (ns). A trip completes only while
   * both threads hold a core at once, so on a machine busy with other jobs many runs are slowed
   * by a descheduled thread; the least run is the line crossing itself. A run that takes over
   * 100 ms (or over `budgetMs`) is dropped and the next ones are half as long (down to 10 trips),
   * and the runs stop after `budgetMs`: a reading takes at most about twice the budget. A run
   * slower than `maxTripNs` per trip (`SCHEDULER_BOUND_NS`) is dropped too, so a finite reading
   * is at most `maxTripNs`. No runtime code is involved: it is what sync-offload's round trip is
   * made of. NaN when no run completed, or when the worker has not reported itself started within
   * `upTimeoutMs` (a machine so busy the thread never starts is a failed probe, not a hang).
   */
  async measure(options: LineReadingOptions = {}): Promise<number> {
    const { trials = 20, trips = 500, budgetMs = 2000, upTimeoutMs = 5000, maxTripNs = SCHEDULER_BOUND_NS, clockNs = process.hrtime.bigint } = options;
    if (!this.started) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const up = await Promise.race([this.up.then(() => true, () => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), upTimeoutMs)))]);
      clearTimeout(timer);
      if (!up) return Number.NaN;
    }
    const words = this.words;
    const limit = BigInt(Math.round(Math.min(100, budgetMs) * 1e6));
    /** One run's ns per round trip, or NaN once it has taken over 100 ms (or the whole budget), or when its trips waited for the scheduler (over `maxTripNs` each). */
    const run = (n: number): number => {
      const t0 = clockNs();
      for (let i = 0; i < n; i++) {
        this.value = (this.value + 1) & 0x3fffffff;
        Atomics.store(words, 0, this.value);
        for (let k = 0; Atomics.load(words, 16) !== this.value; k++) if ((k & 0x3ff) === 0 && clockNs() - t0 > limit) return Number.NaN;
      }
      const ns = Number(clockNs() - t0) / n;
      return ns > maxTripNs ? Number.NaN : ns;
    };
    try {
      // the first trip wakes the worker (its Atomics.wait)
      this.value = (this.value + 1) & 0x3fffffff;
      Atomics.store(words, 0, this.value);
      Atomics.notify(words, 0);
      const until = clockNs() + BigInt(Math.round(budgetMs * 1e6));
      run(trips); // warm-up: both loops optimised, the worker awake
      let least = Number.POSITIVE_INFINITY;
      let n = trips;
      for (let t = 0; t < trials && clockNs() < until; t++) {
        const ns = run(n);
        if (ns < least) least = ns;
        // the two threads seldom hold a core at once: shorter runs (each still µs of trips)
        if (Number.isNaN(ns)) n = Math.max(10, n >> 1);
      }
      return Number.isFinite(least) ? least : Number.NaN;
    } finally {
      Atomics.store(words, 0, SLEEP);
    }
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    Atomics.store(this.words, 0, STOP);
    Atomics.notify(this.words, 0);
    await this.worker.terminate();
  }
}


/**
 * The bench's reading, before and after each scenario and between the cycles of its rounds: the
 * least of 10 runs of 500 round trips (a few ms of two threads on a quiet machine), stopped after
 * 100 ms (so at most about 0.2 s) on a busy one.
 */
export const probeLine = (probe: LineProbe): Promise<number> => probe.measure({ trials: 10, trips: 500, budgetMs: 100 });

/** A probe's reading as recorded: whole ns, or null where it did not complete. */
export function lineSample(at: string, ns: number): LineSample {
  return { at, ns: Number.isFinite(ns) && ns > 0 ? Math.round(ns) : null };
}

/** A scenario's cross-core record from the line samples taken through it, in order (`runStateNs` reads its state from them). */
export function scenarioCrossCore(samples: readonly LineSample[]): ScenarioCrossCore {
  return { lineSamples: samples, stateNs: runStateNs(samples.map((s) => s.ns)) };
}

/**
 * `  cross-core state: 210 ns (one cache line's round trip between two threads, wall clock: before 205 ns, after 215 ns)`;
 * past four samples, how many read each state (and over which range) and how many failed.
 */
export function formatScenarioCrossCore(c: ScenarioCrossCore): string {
  const ns = c.lineSamples.map((s) => s.ns);
  const states = crossCoreStates(ns);
  const state = c.stateNs !== null ? `${c.stateNs} ns` : states.levels.length === 2 ? 'changed while it ran' : 'unknown';
  const failed = ns.filter((x) => x === null).length;
  let samples: string;
  if (c.lineSamples.length <= 4) samples = c.lineSamples.map((s) => `${s.at} ${s.ns === null ? 'not measured' : `${s.ns} ns`}`).join(', ');
  else {
    const byState = states.levels.map((_, k) => ns.filter((_, i) => states.stateOf[i] === k) as number[]);
    const levels = byState.map((xs) => `${xs.length} at ${Math.min(...xs)}–${Math.max(...xs)} ns`);
    samples = `${c.lineSamples.length} samples from ${c.lineSamples[0]!.at} to ${c.lineSamples[c.lineSamples.length - 1]!.at}: ${[...levels, ...(failed > 0 ? [`${failed} not measured`] : [])].join(', ')}`;
  }
  return `  cross-core state: ${state} (one cache line's round trip between two threads, wall clock: ${samples})`;
}
