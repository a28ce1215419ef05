/**
 * The co-processor: a worker thread that takes tasks from the request ring, runs them on the
 * shared packet pool with the operation registry, and writes each result into the task's own slot
 * (released to the main thread with the slot).
 *
 * Started by `Coprocessor` through `worker-boot.mjs` (which registers tsx's loader so this .ts
 * file loads both under `tsx` and under vitest). The loop is synchronous: it spins for
 * `spinMicros` when the request ring runs dry (saying so in the ring's DROWSY word once
 * `drowsyMicros` have passed, half the window by default, `SpscRing.announceDrowsy`), then parks
 * in `Atomics.wait` on the ring's tail (woken by the main thread's `Atomics.notify` when it
 * publishes a burst, or after `idleWaitMs` to bump the heartbeat and look at the stop flag).
 * Results are released every `PUBLISH_EVERY` tasks so the main loop can re-enter packets while
 * the rest of a burst is still being worked on.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PacketPool } from './pool.ts';
import { F_ARGS, F_BUF, F_OP, F_SPAN, MAX_ARGS, PUBLISH_EVERY, STOP_FLAG, Status, WorkerStat, lengthOf, offsetOf, opOf, resultWord, spanWord } from './protocol.ts';
import type { WorkerInit, WorkerMessage } from './protocol.ts';
import { OpRegistry, OpRunner, calibrateBurn, loadOpModules, registerBuiltins } from './registry.ts';
import { CTL_READY, CTL_STATS, CTL_USER, SpscRing } from './ring.ts';

const MAX_ERROR_MESSAGES = 16;

/** This thread's Linux thread id (from `/proc/thread-self` → `<pid>/task/<tid>`), or 0. */
function threadId(): number {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : 0;
  } catch {
    return 0;
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  const port = parentPort;
  if (port === null) throw new Error('coprocessor worker started outside worker_threads');

  const pool = new PacketPool(init.pool, init.bufferSize, init.poolBuffers);
  const registry = new OpRegistry();
  const burn = calibrateBurn(init.nominalHz);
  registerBuiltins(registry, burn);
  await loadOpModules(registry, init.opModules);
  const runner = new OpRunner(registry, pool);

  const req = new SpscRing(init.request);
  const ready: WorkerMessage = {
    type: 'ready',
    iterationsPerSecond: burn.iterationsPerSecond,
    iterationsPerCycle: burn.iterationsPerCycle,
    ops: registry.entries(),
  };
  port.postMessage(ready);
  Atomics.store(req.ctl, CTL_READY, 1);
  serve(req, runner, port, init.spinMicros, init.drowsyMicros, init.idleWaitMs);
}

function serve(
  req: SpscRing,
  runner: OpRunner,
  port: NonNullable<typeof parentPort>,
  spinMicros: number,
  drowsyMicros: number,
  idleWaitMs: number,
): void {
  const rw = req.words;
  const args = runner.args;
  const ctl = req.ctl;
  const spinMs = Math.max(0, spinMicros / 1000);
  // After spinning this long on an empty ring the worker says so (`announceDrowsy`): the main
  // thread then publishes a partial burst rather than let it fall asleep (see `publishWhenIdle`;
  // `DROWSY_SPIN_SHARE` of the spin window unless the co-processor was given another).
  const drowsyMs = Math.max(0, drowsyMicros / 1000);
  let drowsy = false;
  let reportedErrors = 0;
  // Counters (WorkerStat) in the ring's stats words: stored when results are released and when the
  // ring runs dry, never per task. The clock is read only around idle spells (their ends are the
  // busy spells' ends and starts).
  let served = 0;
  let batches = 0;
  let busyMs = 0;
  let spunMs = 0;
  let sleptMs = 0;
  let sleeps = 0;
  ctl[CTL_STATS + WorkerStat.ThreadId] = threadId();
  let busySince = performance.now();

  for (;;) {
    let n = req.available();
    if (n === 0) {
      if (Atomics.load(ctl, CTL_USER) === STOP_FLAG) return;
      let now = performance.now();
      busyMs += now - busySince;
      if (spinMs > 0) {
        const from = now;
        const until = from + spinMs;
        const drowsyAt = from + drowsyMs;
        let k = 0;
        while ((n = req.available()) === 0) {
          if ((++k & 63) === 0) {
            now = performance.now();
            if (now >= until) break;
            if (!drowsy && now >= drowsyAt) {
              drowsy = true;
              req.announceDrowsy(true);
            }
          }
        }
        if (n !== 0) now = performance.now();
        spunMs += now - from;
      }
      if (n === 0) {
        req.beat();
        const from = now;
        req.sleep(idleWaitMs);
        now = performance.now();
        sleptMs += now - from;
        sleeps++;
      }
      busySince = now;
      ctl[CTL_STATS + WorkerStat.BusyMicros] = (busyMs * 1000) | 0;
      ctl[CTL_STATS + WorkerStat.SpinMicros] = (spunMs * 1000) | 0;
      ctl[CTL_STATS + WorkerStat.SleepMicros] = (sleptMs * 1000) | 0;
      ctl[CTL_STATS + WorkerStat.Sleeps] = sleeps;
      if (n === 0) continue;
    }
    if (drowsy) {
      drowsy = false;
      req.announceDrowsy(false);
    }
    ctl[CTL_STATS + WorkerStat.Batches] = ++batches;
    let unpublished = 0;
    for (let i = 0; i < n; i++) {
      const s = req.slotAt(unpublished);
      const op = opOf(rw[s + F_OP]!);
      const buf = rw[s + F_BUF]!;
      const span = rw[s + F_SPAN]!;
      const offset = offsetOf(span);
      const length = lengthOf(span);
      for (let a = 0; a < MAX_ARGS; a++) args[a] = rw[s + F_ARGS + a]!;
      const status = runner.run(op, buf, offset, length);

      // The result goes into the request's own slot, a line this thread has just read: no
      // response ring, so no other line to fetch from the main thread's cache per task.
      rw[s + F_OP] = resultWord(op, status, runner.code);
      if (status === Status.Ok) rw[s + F_SPAN] = spanWord(offset, runner.newLength);
      for (let a = 0; a < MAX_ARGS; a++) rw[s + F_ARGS + a] = args[a]!;
      // Results go out every PUBLISH_EVERY tasks and at the end of what was available: few
      // atomic stores for short ops, early results for long ones.
      if (++unpublished === PUBLISH_EVERY || i === n - 1) {
        if (req.releaseResults(unpublished)) req.wakeProducer();
        served = (served + unpublished) | 0;
        ctl[CTL_STATS + WorkerStat.Served] = served;
        unpublished = 0;
      }

      if (status === Status.OpError && reportedErrors < MAX_ERROR_MESSAGES && runner.lastError !== undefined) {
        reportedErrors++;
        const msg: WorkerMessage = { type: 'op-error', op, code: runner.code, message: errorText(runner.lastError) };
        port.postMessage(msg);
        runner.lastError = undefined;
      }
    }
  }
}

await main();
