/**
 * Discrete-event simulation of one main core, one co-processor core and the NIC, running the
 * paper's main loop. Deterministic (no randomness): extern packets are spread evenly by share.
 *
 * Why discrete-event rather than a closed formula: throughput is mostly "the slowest of main core,
 * co-processor and line", but bursts (tasks wait until `burst` are queued, per-burst costs are
 * amortised only over full bursts), the in-flight limit (ring slots) and the sync mode's
 * serialisation of main core and co-processor interact; simulating the loop gets those right and
 * stays short. A closed-form bound (`boundPps`) is kept beside it to explain and cross-check.
 *
 * The loop (one iteration), after the paper's Algorithm 1 and p4ts' flush timeout:
 *  1. rx: take up to `rxBurst` arrived packets (input at line rate; beyond `rxRingSize` waiting
 *     packets the NIC drops), unless `maxInFlight` packets are parked (backpressure).
 *  2. run each packet: plain packets to the end and tx; extern packets
 *     - sync: submit the op, wait (co-processor service + `syncWaitCycles`), continue, tx;
 *     - context / longjump: run to the site, suspend (save frame / park descriptor), queue the task;
 *       with help when behind, a task the main core runs itself is run either at the site, the
 *       packet going on at once (`CallCost.helpAtSiteCycles`: the p4ts runtime), or after the
 *       suspend, the packet resumed like the others (the paper's loop).
 *  3. if `burst` tasks are queued (or the oldest waited `flushTimeoutNs`), send them all.
 *  4. if tasks are pending: poll the result ring and resume every finished packet, tx.
 * The co-processor serves bursts FIFO: per-burst cost, then the tasks one after the other; a
 * result becomes visible to the main core `asyncHandoffCycles` after it is done. A co-processor
 * that sleeps when idle (`coprocIdleSpinNs`: a worker thread, not a polling DPDK core) starts a
 * burst that finds it asleep `coprocWakeNs` late.
 *
 * Throughput is measured like the paper, after a warm-up long enough to fill the rx ring and the
 * in-flight slots (so a co-processor bottleneck has settled into backpressure): transmit
 * timestamps of `packets` packets, the first and last 25% dropped, packets in the middle half
 * divided by its duration.
 */
import type { ModelMode, PathCost } from './costs.ts';

/** Everything the simulation needs, in cycles of the core that pays them, plus clocks. */
export interface SimInput {
  mode: ModelMode;
  /** Fraction of packets that take the extern path (0..1). */
  share: number;
  plain: PathCost;
  extern: PathCost;
  mainClockHz: number;
  coprocClockHz: number;
  /** ns between two arriving frames (the line rate of the input frames); 0: frames are always waiting. */
  arrivalIntervalNs: number;
  rxBurst: number;
  rxRingSize: number;
  rxPacketCycles: number;
  txPacketCycles: number;
  burstCallCycles: number;
  /** Co-processor burst size: tasks queued before a burst is sent. */
  burst: number;
  coprocBurstCycles: number;
  /** The co-processor sleeps after this long without work (Infinity: it polls for ever) ... */
  coprocIdleSpinNs: number;
  /**
   * ... and a burst sent to it while it sleeps starts this much later (its wake-up), ns. A wake-up
   * is wall-clock time; the simulation's clock is the main core's: the two agree when each thread
   * has a core.
   */
  coprocWakeNs: number;
  syncWaitCycles: number;
  asyncBurstCycles: number;
  asyncPollCycles: number;
  asyncHandoffCycles: number;
  maxInFlight: number;
  flushTimeoutNs: number;
  /** async modes: the main core runs a task itself when more than a burst is queued or in flight. */
  helpWhenBehind: boolean;
  /**
   * How the co-processor's executor schedules tasks: the p4ts runtime's rules (the local target),
   * or, undefined, the paper's loop (a burst is sent after the rx burst is processed; "behind"
   * counts every task queued or not yet resumed).
   */
  executor?: ExecutorScheduling;
  /** Packets to transmit (more = smoother; 20,000 is plenty for steady state). */
  packets: number;
}

/**
 * The p4ts executor's scheduling (`runtime/p4ts/coprocessor-executor.ts`, `runtime/coprocessor/`),
 * which decides how many tasks the main thread runs itself ("help when behind"):
 * - a task is published to the worker as soon as `burst` are staged (a partial burst after the
 *   flush timeout);
 * - the main thread refuses a task (runs it itself, at once) when the worker's backlog — tasks
 *   staged plus tasks published that the worker has not released — exceeds `refuseAbove`;
 * - a partial burst of `idleBurst` tasks or more (a quarter burst) goes out at once to a worker
 *   that has released everything and has spun for work `drowsySpinShare` of its spin window
 *   without falling asleep (it has announced it is drowsy);
 * - the worker takes what is published, runs it task by task and releases its request slots
 *   (publishing the results) every `releaseEvery` tasks and after the last one it took.
 * So the main thread helps not only when the worker is slower than the tasks arrive but also
 * while the worker has not yet released the first slots of the previous burst.
 */
export interface ExecutorScheduling {
  readonly refuseAbove: number;
  readonly releaseEvery: number;
  /**
   * A partial burst of at least `idleBurst` tasks is published at once when the worker has
   * released everything, has spun on an empty ring `drowsySpinShare` of its spin window
   * (`coprocIdleSpinNs`) and is still awake (spinning): the runtime checks when it stages a task
   * (`Coprocessor.staged`, `SpscRing.consumerDrowsy`), so a partial burst smaller than that waits
   * for more tasks, a full burst or the flush timeout even when the worker is idle, and so does
   * one staged while the worker has run dry only lately (or has fallen asleep).
   */
  readonly publishWhenIdle: boolean;
  readonly idleBurst: number;
  /**
   * Share of its spin window the worker spins on an empty ring before it says it is drowsy and a
   * partial burst may go out to it: the calibration's record (`ExecutorPolicy.drowsySpinShare`),
   * else the runtime's `DROWSY_SPIN_SHARE` (since 2026-12-07; 0, a partial burst to any worker
   * that has just run dry, is the rule before it). A worker that never spins (a window of 0) never
   * says so.
   */
  readonly drowsySpinShare: number;
}

export interface SimResult {
  pps: number;
  /** Share of the measured window the main core / co-processor were busy (0..1). */
  mainBusy: number;
  coprocBusy: number;
  /** Packets dropped by the NIC (arrivals beyond the rx ring) per transmitted packet. */
  dropRatio: number;
  /** Mean tasks per co-processor burst (async modes), 1 in sync mode. */
  meanBurst: number;
  /** Share of extern tasks the main core ran itself (help when behind). */
  helpedShare: number;
  /** Main-core busy ns per transmitted packet (its CPU time per packet; idle waits excluded). */
  mainNsPerPacket: number;
}

interface Parked {
  path: PathCost;
  call: number;
  visibleAt: number;
}

/** Packets per second the co-processor sustains at this share with full bursts (async modes). */
export function coprocCapacityPps(input: SimInput): number {
  let perPacketNs = 0;
  for (const call of input.extern.calls) {
    perPacketNs += input.share * (call.serviceCycles + input.coprocBurstCycles / input.burst) * (1e9 / input.coprocClockHz);
  }
  return perPacketNs > 0 ? 1e9 / perPacketNs : Infinity;
}

/** Packets transmitted before measuring: enough to fill rx ring and in-flight slots four times over. */
export function warmupPackets(input: SimInput): number {
  if (input.mode === 'sync' || input.share <= 0) return Math.min(4 * input.rxRingSize, input.packets);
  const slots = input.maxInFlight + input.rxRingSize;
  return Math.min(400_000, Math.ceil((4 * slots) / Math.max(input.share, 0.01)));
}

/** True when the k-th accepted packet takes the extern path (even spread, exact share). */
export function isExternPacket(k: number, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  return Math.floor((k + 1) * share + 1e-9) > Math.floor(k * share + 1e-9);
}

export function simulate(input: SimInput): SimResult {
  const nsMain = 1e9 / input.mainClockHz;
  const nsCop = 1e9 / input.coprocClockHz;
  const cyc = (c: number): number => c * nsMain;
  const async = input.mode !== 'sync';

  const warmup = warmupPackets(input);
  const total = warmup + input.packets;
  const txTimes = new Float64Array(input.packets);
  let txCount = 0;
  let now = 0;
  let mainBusyNs = 0;
  let coprocBusyNs = 0;
  let coprocFreeAt = 0;
  /** When work reaching the co-processor at `at` can start: at once, or after a wake-up if it fell asleep. */
  const coprocStart = (at: number): number => {
    if (at - coprocFreeAt <= input.coprocIdleSpinNs) return Math.max(at, coprocFreeAt);
    return at + input.coprocWakeNs;
  };
  let nextArrival = 0; // index of the next packet the NIC holds
  let accepted = 0;
  let dropped = 0;
  let bursts = 0;
  let tasksSent = 0;
  let helped = 0;

  // async state
  const queued: Parked[] = []; // suspended, task not sent yet
  let queuedSince = 0;
  const inflight: Parked[] = []; // task sent, FIFO by visibleAt
  let inflightHead = 0;
  let parked = 0;

  // the p4ts executor: release times and sizes of the worker's slot groups, in time order
  const exec = input.executor;
  const releases: number[] = [];
  let releaseHead = 0;
  let unreleased = 0;
  /** Whether the co-processor counts as behind for the next task (so the main core runs it). */
  const behind = (): boolean => {
    if (exec === undefined) return queued.length + inflight.length - inflightHead >= input.burst;
    while (releaseHead < releases.length && releases[releaseHead]! <= now) {
      unreleased -= releases[releaseHead + 1]!;
      releaseHead += 2;
    }
    if (releaseHead > 8192) {
      releases.splice(0, releaseHead);
      releaseHead = 0;
    }
    return queued.length + unreleased > exec.refuseAbove;
  };

  /**
   * The worker has released every task sent to it, has spun for work `drowsySpinShare` of its
   * window since and is still spinning (not asleep): it has announced it is drowsy, as the
   * runtime's worker does in the ring's DROWSY word (`SpscRing.consumerDrowsy`).
   */
  const workerDrowsy = (share: number): boolean => {
    behind(); // takes the releases up to now
    if (unreleased !== 0 || !(input.coprocIdleSpinNs > 0)) return false;
    const idle = now - coprocFreeAt;
    return idle >= (share > 0 ? input.coprocIdleSpinNs * share : 0) && idle <= input.coprocIdleSpinNs;
  };

  const spend = (ns: number): void => {
    now += ns;
    mainBusyNs += ns;
  };
  const transmit = (): void => {
    if (txCount >= warmup && txCount < total) txTimes[txCount - warmup] = now;
    txCount++;
  };

  /** Runs a packet of `path` from call index `from` (after resuming) to its next site or the end. */
  const runFrom = (path: PathCost, from: number): void => {
    let call = from;
    while (call < path.calls.length) {
      const c = path.calls[call]!;
      spend(cyc(c.beforeCycles));
      if (!async) {
        spend(cyc(c.syncSubmitCycles));
        const service = (input.coprocBurstCycles + c.serviceCycles) * nsCop;
        const start = coprocStart(now);
        coprocFreeAt = start + service;
        coprocBusyNs += service;
        bursts++;
        tasksSent++;
        const waitUntil = coprocFreeAt + cyc(input.syncWaitCycles);
        // the main core spins: busy, but doing nothing useful; the round trip (the calibrated
        // wait) keeps the co-processor awake until the result is back
        spend(waitUntil - now);
        coprocFreeAt = waitUntil;
        spend(cyc(c.afterCycles));
        call++;
        continue;
      }
      if (input.helpWhenBehind && c.helpAtSiteCycles !== undefined && behind()) {
        // the co-processor is behind: the main core runs the task at the site, as a synchronous
        // call, and the packet goes on (no suspend, no resume)
        spend(cyc(c.helpAtSiteCycles) + c.inlineCycles * nsCop);
        helped++;
        spend(cyc(c.afterCycles));
        call++;
        continue;
      }
      spend(cyc(c.suspendCycles));
      parked++;
      if (input.helpWhenBehind && behind()) {
        // the co-processor is a burst behind: the main core runs the task itself
        spend(c.inlineCycles * nsCop);
        helped++;
        inflight.splice(inflightHead, 0, { path, call, visibleAt: now });
        return;
      }
      if (queued.length === 0) queuedSince = now;
      queued.push({ path, call, visibleAt: 0 });
      // the p4ts executor publishes a burst as soon as it is full, or a quarter burst (`idleBurst`)
      // at once to a drowsy worker, as it stages the task (`Coprocessor.staged`)
      if (exec !== undefined && (queued.length >= input.burst || (exec.publishWhenIdle && queued.length >= exec.idleBurst && workerDrowsy(exec.drowsySpinShare)))) sendQueued();
      return;
    }
    spend(cyc(path.afterCycles + input.txPacketCycles));
    transmit();
  };

  const sendQueued = (): void => {
    spend(cyc(input.asyncBurstCycles));
    const arrive = now + cyc(input.asyncHandoffCycles);
    let t = coprocStart(arrive) + input.coprocBurstCycles * nsCop;
    coprocBusyNs += input.coprocBurstCycles * nsCop;
    let group = 0;
    for (let i = 0; i < queued.length; i++) {
      const p = queued[i]!;
      const service = p.path.calls[p.call]!.serviceCycles * nsCop;
      t += service;
      coprocBusyNs += service;
      p.visibleAt = t + cyc(input.asyncHandoffCycles);
      inflight.push(p);
      if (exec !== undefined) {
        // the worker releases its slots (and publishes the results) every `releaseEvery` tasks
        // and after the last: a group's results become visible together
        group++;
        if (group === exec.releaseEvery || i === queued.length - 1) {
          for (let k = inflight.length - group; k < inflight.length; k++) inflight[k]!.visibleAt = p.visibleAt;
          releases.push(t, group);
          unreleased += group;
          group = 0;
        }
      }
    }
    coprocFreeAt = t;
    bursts++;
    tasksSent += queued.length;
    queued.length = 0;
  };

  const guardLimit = total * 50 + 1000;
  let iterations = 0;
  while (txCount < total && iterations++ < guardLimit) {
    let progressed = false;
    // 1. rx
    const arrived = input.arrivalIntervalNs > 0 ? Math.floor(now / input.arrivalIntervalNs) + 1 : nextArrival + input.rxBurst;
    if (arrived - nextArrival > input.rxRingSize) {
      dropped += arrived - input.rxRingSize - nextArrival;
      nextArrival = arrived - input.rxRingSize;
    }
    const room = async ? Math.max(0, input.maxInFlight - parked) : input.rxBurst;
    const n = Math.min(input.rxBurst, arrived - nextArrival, room);
    if (n > 0) {
      progressed = true;
      nextArrival += n;
      spend(cyc(input.burstCallCycles));
      for (let i = 0; i < n; i++) {
        spend(cyc(input.rxPacketCycles));
        const ext = isExternPacket(accepted++, input.share);
        runFrom(ext ? input.extern : input.plain, 0);
      }
    }
    if (async) {
      // 3. send a burst (the deadline compared as the idle jump computes it, so a jump to it always sends)
      if (queued.length >= input.burst || (queued.length > 0 && now >= queuedSince + input.flushTimeoutNs)) {
        sendQueued();
        progressed = true;
      }
      // 4. poll and resume
      if (inflight.length > inflightHead) {
        spend(cyc(input.asyncPollCycles));
        while (inflightHead < inflight.length && inflight[inflightHead]!.visibleAt <= now) {
          const p = inflight[inflightHead++]!;
          parked--;
          const c = p.path.calls[p.call]!;
          spend(cyc(c.resumeCycles + c.afterCycles));
          runFrom(p.path, p.call + 1);
          progressed = true;
        }
        if (inflightHead > 4096) {
          inflight.splice(0, inflightHead);
          inflightHead = 0;
        }
      }
    }
    if (n > 0) spend(cyc(input.burstCallCycles)); // tx burst
    if (!progressed) {
      // idle: jump to the next event (an arrival, a result, a flush deadline)
      let next = Infinity;
      if (!async || parked < input.maxInFlight) next = Math.max(now, nextArrival * input.arrivalIntervalNs);
      if (async && inflight.length > inflightHead) next = Math.min(next, inflight[inflightHead]!.visibleAt);
      if (async && queued.length > 0) next = Math.min(next, queuedSince + input.flushTimeoutNs);
      now = Math.max(now, next);
    }
  }

  const measured = Math.max(0, Math.min(txCount - warmup, input.packets));
  const first = txTimes[0] ?? 0;
  const last = txTimes[measured - 1] ?? 0;
  const span = last - first;
  const from = first + span * 0.25;
  const to = first + span * 0.75;
  let inWindow = 0;
  for (let i = 0; i < measured; i++) {
    const t = txTimes[i]!;
    if (t >= from && t < to) inWindow++;
  }
  const windowNs = to - from;
  const measuredPps = windowNs > 0 ? (inWindow / windowNs) * 1e9 : 0;
  // A backlog still growing at the end of the window (main core only slightly faster than the
  // co-processor fills the slots slowly) would overstate throughput: the long-run rate cannot
  // exceed the co-processor's capacity with full bursts.
  // (with help when behind the main core adds to the co-processor's capacity: no cap then)
  const pps = async && !input.helpWhenBehind ? Math.min(measuredPps, coprocCapacityPps(input)) : measuredPps;
  const elapsed = now > 0 ? now : 1;
  return {
    pps,
    mainBusy: Math.min(1, mainBusyNs / elapsed),
    coprocBusy: Math.min(1, coprocBusyNs / elapsed),
    dropRatio: txCount > 0 ? dropped / txCount : 0,
    meanBurst: bursts > 0 ? tasksSent / bursts : 0,
    helpedShare: helped + tasksSent > 0 ? helped / (helped + tasksSent) : 0,
    mainNsPerPacket: txCount > 0 ? mainBusyNs / txCount : 0,
  };
}

/**
 * Closed-form upper bound: the slowest of main core, co-processor and input line, per packet
 * averaged over the mix, full bursts assumed. Used by tests and docs to explain the simulation.
 */
export function boundPps(input: SimInput): number {
  const nsMain = 1e9 / input.mainClockHz;
  const nsCop = 1e9 / input.coprocClockHz;
  const s = input.share;
  const perPacketMain = (path: PathCost): number => {
    let c = input.rxPacketCycles + input.txPacketCycles + (2 * input.burstCallCycles) / input.rxBurst + path.afterCycles;
    for (const call of path.calls) {
      c += call.beforeCycles + call.afterCycles;
      if (input.mode === 'sync') {
        c += call.syncSubmitCycles + input.syncWaitCycles + ((input.coprocBurstCycles + call.serviceCycles) * nsCop) / nsMain;
      } else {
        c += call.suspendCycles + call.resumeCycles + input.asyncBurstCycles / input.burst;
      }
    }
    return c;
  };
  const mainNs = ((1 - s) * perPacketMain(input.plain) + s * perPacketMain(input.extern)) * nsMain;
  let copNs = 0;
  for (const call of input.extern.calls) {
    copNs += s * (call.serviceCycles + (input.mode === 'sync' ? input.coprocBurstCycles : input.coprocBurstCycles / input.burst)) * nsCop;
  }
  const perPacketNs = input.mode === 'sync' ? mainNs : Math.max(mainNs, copNs);
  return Math.min(1e9 / perPacketNs, 1e9 / input.arrivalIntervalNs);
}
