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
