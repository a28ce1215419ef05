/**
 * Main-thread side of the co-processor.
 *
 * Tasks go to a worker thread through a ring (an `SpscRing` over a SharedArrayBuffer) and come
 * back in the same slots, the worker writing each result in place and releasing the slot; packet
 * bytes stay in a shared `PacketPool` and a task only names them. The main loop follows the paper's Algorithm 1:
 *
 *   - `submit` stages a task in the request ring without making it visible; once `burstSize` tasks
 *     are staged the burst is published — one atomic store of the tail and, if the worker went to
 *     sleep, one `Atomics.notify`. A partial burst of a quarter burst or more goes out at once when
 *     the worker has found no work for half its spin window and would soon sleep
 *     (`publishWhenIdle`): a smaller burst costs more cross-core traffic per task, worth paying
 *     to spare a wake-up, not to shorten a wait the next full burst ends anyway;
 *   - `tick(nowMicros)` (called by the main loop, no timer needed) publishes a partial burst older
 *     than `flushMicros`, so a burst never stalls at low load; `flush()` publishes at once;
 *   - `poll(onResult)` delivers the results the worker has released, calling `onResult` with
 *     numbers only;
 *   - `submit` returns false (backpressure) when `capacity` tasks are in flight, counting results
 *     not yet polled, so no slot is reused before its result is delivered.
 *
 * Faults: a throwing operation completes its task with `Status.OpError` and a message code. A dead
 * worker (exit, uncaught error, terminate) is seen through its `exit` event; a stuck one through
 * `hangMicros` in `tick`. Either way every task that was in flight is reported through `poll` —
 * results the worker had already published keep their status, the others come back as
 * `Status.Died` / `Status.Hung` (drop reason `coprocessor-died` / `coprocessor-hung`) — tasks
 * staged but not yet published move to a fresh ring, and a new worker starts. No task is lost:
 * `stats.submitted === stats.completed + stats.failed + inflight` at all times.
 *
 * "Help when behind": `behind` says when the worker's backlog exceeds `helpBacklog` (2 bursts,
 * at least 64 tasks), or the ring is full; the main loop then runs the task itself
 * (`runInline`, same registry and code) instead of submitting it.
 */
import { Worker } from 'node:worker_threads';
import { ownModuleUrl } from '../modules/index.ts';
import { PacketPool } from './pool.ts';
import {
  DROWSY_SPIN_SHARE,
  F_ARGS,
  F_BUF,
  F_HANDLE,
  F_OP,
  F_SPAN,
  MAX_ARGS,
  MAX_SPAN,
  SLOT_WORDS,
  STOP_FLAG,
  Status,
  codeOf,
  idleBurstOf,
  lengthOf,
  offsetOf,
  opOf,
  opWord,
  resultWord,
  spanWord,
  statusOf,
  WorkerStat,
} from './protocol.ts';
import type { WorkerInit, WorkerMessage } from './protocol.ts';
import { DEFAULT_NOMINAL_HZ, OpRegistry, OpRunner, calibrateBurn, loadOpModules, registerBuiltins } from './registry.ts';
import type { BurnCalibration, OpModuleSpec } from './registry.ts';
import { CTL_DROWSY, CTL_READY, CTL_STATS, CTL_USER, SpscRing } from './ring.ts';

/** A task. The object can (and on hot paths should) be reused: `submit` copies its fields. */
export interface CoTask {
  /** Opcode (`BuiltinOp` or `Coprocessor.opcode(name)`). */
  op: number;
  /** Ring-slot handle / descriptor id, returned unchanged with the result. */
  handle: number;
  /** Packet-pool buffer index. */
  buf: number;
  /** Offset of the data in the buffer. */
  offset: number;
  /** Length of the data. */
  length: number;
  /** Up to `MAX_ARGS` (4) integer arguments (missing ones are 0). */
  args?: ArrayLike<number>;
}

/**
 * Receives one result. `length` is the new length when `status` is `Status.Ok`; otherwise the
 * task failed (`reasonOf(status)` is the drop reason, `code` the message code).
 */
export type ResultCallback = (handle: number, status: number, buf: number, offset: number, length: number, code: number) => void;

export interface CoprocessorOptions {
  /** Shared packet pool; created from `poolBuffers` × `bufferSize` when absent. */
  pool?: PacketPool;
  /** Buffers in a created pool (default 4096). */
  poolBuffers?: number;
  /** Bytes per buffer in a created pool (default 2048). */
  bufferSize?: number;
  /** Request-ring slots = most tasks in flight; a power of two (default 1024). */
  capacity?: number;
  /** Tasks per burst (default 32). */
  burstSize?: number;
  /** Age after which `tick` publishes a partial burst, µs (default 100). */
  flushMicros?: number;
  /**
   * Publish a partial burst of at least a quarter burst (`idleBurst`) at once when the worker has
   * finished everything published and has spun for work half its spin window (it says so in the
   * ring, `SpscRing.announceDrowsy`; `DROWSY_SPIN_SHARE`) without falling asleep: it would sleep
   * before the burst is full, and the partial burst spares the wake-up (default true). A worker
   * that has only just run dry waits for the full burst: each publish moves the ring's tail and
   * head lines between the cores, so smaller bursts cost both threads more per task, and with the
   * quarter rule alone a main thread slower by a little than the worker fed it ever smaller
   * bursts (docs/notes/performance-log.md, "Publishing to an idle worker, with hysteresis"). The
   * quarter still bounds the cost per task. A sleeping worker gets full bursts (or the flush
   * timeout).
   */
  publishWhenIdle?: boolean;
  /**
   * `behind` (help when behind) once more than this many tasks wait for the worker, staged ones
   * included (default: 2 bursts, at least 64, at most half the capacity).
   */
  helpBacklog?: number;
  /** Also arm a timer (≥ 1 ms) to flush a partial burst when nobody calls `tick` (default false). */
  autoFlushTimer?: boolean;
  /** Op modules loaded in the worker and on the main thread, in this order. */
  opModules?: OpModuleSpec[];
  /** Nominal clock for `burn` cycle counts, Hz (default 3 GHz). */
  nominalHz?: number;
  /** How long the worker spins on an empty ring before sleeping, µs (default `DEFAULT_SPIN_MICROS`). */
  spinMicros?: number;
  /**
   * How long the worker spins on an empty ring before it says it is drowsy (`publishWhenIdle`),
   * µs (default `DROWSY_SPIN_SHARE` of `spinMicros`; at or past `spinMicros`: never, it sleeps
   * first). Tests set a short one in a long spin window, so that the worker is drowsy and still
   * awake for as long as they need, whatever the machine's load.
   */
  drowsyMicros?: number;
  /** Longest the worker sleeps before looking at its stop flag again, ms (default 50). */
  idleWaitMs?: number;
  /** Recycle a worker that completes nothing for this long while it has work, µs (0 = never, the default). */
  hangMicros?: number;
  /** Start a new worker after one dies (default true). */
  restart?: boolean;
  /** Longest `offloadSync` waits before declaring the worker hung, ms (default 2000). */
  syncTimeoutMs?: number;
}

export interface CoprocessorStats {
  /** Tasks accepted by `submit`. */
  submitted: number;
  /** Results delivered with `Status.Ok`. */
  completed: number;
  /** Results delivered with any other status. */
  failed: number;
  /** Of `failed`: tasks that were in flight in a worker that died, hung or was closed. */
  lost: number;
  /** Workers started after the first. */
  restarts: number;
  /** `submit` calls refused because `capacity` tasks were in flight. */
  ringFull: number;
  /** Bursts published. */
  bursts: number;
  /** Of `bursts`: partial bursts published by the flush timeout. */
  timeoutFlushes: number;
  /** Of `bursts`: partial bursts published at once because the worker was idle for a while (`publishWhenIdle`). */
  idleFlushes: number;
  /** Tasks run by `runInline`. */
  inline: number;
  /** Of `inline`: those that failed. */
  inlineFailed: number;
}

/** `Coprocessor.workerStats()`: the worker's own counters (see `WorkerStat`). */
export interface WorkerStats {
  served: number;
  batches: number;
  busyMicros: number;
  spinMicros: number;
  sleepMicros: number;
  sleeps: number;
  threadId: number;
  /** Whether it has announced it has found no work for a while (`publishWhenIdle` publishes a partial burst to it then). */
  drowsy: boolean;
}

export type CoprocessorState = 'new' | 'starting' | 'running' | 'restarting' | 'broken' | 'closed';

/** Microseconds from an arbitrary origin, for `tick`. */
export function nowMicros(): number {
  return performance.now() * 1000;
}

/**
 * How long the worker spins on an empty request ring before it sleeps in `Atomics.wait`, µs
 * (`spinMicros`'s default; `offloadSync` spins as long for a result before it sleeps). The model's
 * wake-up microbenchmark (bench/calibrate/wake.ts) imports it. Why 50: a wake-up from
 * `Atomics.wait` costs tens of µs, so a spin of that order catches the next burst of a steady
 * stream, while a longer spin burns the worker's core for nothing once traffic stops. 100 and
 * 200 µs were measured side by side against 50 (docs/notes/performance-log.md, "The worker's spin
 * window"):
 * once on a quiet machine 200 µs halved the main thread's help share in bench/coprocessor.ts'
 * 1-task-in-50 case, but on the shared 2-core machine it did not (the worker is descheduled either
 * way, and its spinning takes a core the main thread needs), so the default stays at 50.
 */
export const DEFAULT_SPIN_MICROS = 50;

/** Consecutive restarted workers that may die before becoming ready before we give up. */
const MAX_START_FAILURES = 3;
/** Longest `offloadSync` waits for a (re)starting worker to come up, ms. */
const START_TIMEOUT_MS = 10_000;

const WORKER_BOOT = new URL('./worker-boot.mjs', import.meta.url);
const WORKER_ENTRY = ownModuleUrl('./worker.ts', import.meta.url);

export class Coprocessor {
  readonly pool: PacketPool;
  readonly capacity: number;
  readonly burstSize: number;
  readonly flushMicros: number;
  /** `behind` once the backlog exceeds this (see `CoprocessorOptions.helpBacklog`). */
  readonly helpBacklog: number;
  /** Staged tasks that go out at once to a worker idle for a while (`publishWhenIdle`): a quarter burst. */
  readonly idleBurst: number;
  /** µs the worker spins on an empty ring before it says it is drowsy (`CoprocessorOptions.drowsyMicros`). */
  readonly drowsyMicros: number;
  readonly stats: CoprocessorStats = {
    submitted: 0,
    completed: 0,
    failed: 0,
    lost: 0,
    restarts: 0,
    ringFull: 0,
    bursts: 0,
    timeoutFlushes: 0,
    idleFlushes: 0,
    inline: 0,
    inlineFailed: 0,
  };
  /** Registry used by `runInline` (same modules as the worker's). */
  readonly registry = new OpRegistry();
  /** Last worker error, op error message or startup failure, for diagnostics. */
  lastError: string | undefined = undefined;
  /** Calibration of `burn` in the current worker (after `start`). */
  workerBurn: BurnCalibration | undefined = undefined;
  /** New length of the last `runInline` (the data's length when it failed). */
  inlineLength = 0;
  /** Message code of the last `runInline`. */
  inlineCode = 0;

  private readonly opts: Required<Omit<CoprocessorOptions, 'pool' | 'poolBuffers' | 'bufferSize' | 'helpBacklog' | 'drowsyMicros'>>;
  private req: SpscRing;
  /** Free-running index in `req` of the next result to deliver (the worker writes results in place). */
  private resultHead = 0;
  private worker: Worker | undefined = undefined;
  private generation = 0;
  private stateValue: CoprocessorState = 'new';
  private runner: OpRunner | undefined = undefined;
  private delivered = 0;
  private polling = false;
  private lastStatus = 0;
  private firstGeneration = 1;
  private startFailures = 0;

  // Results to deliver before the ring's (salvaged from a dead worker's ring).
  private readonly pending: Int32Array;
  private pendingHead = 0;
  private pendingCount = 0;

  // The arguments of the result being delivered: read from its slot (`argsWords` at `argsSlot`)
  // only when the callback asks (`resultArg`), and copied out before a task the callback submits
  // can take the slot (`reserve`): the slot counts as free once the callback runs.
  private readonly resultArgs = new Int32Array(MAX_ARGS);
  private argsWords: Int32Array = this.resultArgs;
  /** Where the arguments of the result being delivered still are, or -1 (in `resultArgs`, or none). */
  private argsSlot = -1;

  // Flush timeout and hang detection.
  /** `tick` time that first saw the staged partial burst; -1 until a `tick` has seen it. */
  private firstStagedAt = -1;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.req.staged > 0) {
      this.flush();
      this.stats.timeoutFlushes++;
    }
  };
  private progressTail = 0;
  private progressAt = -1;

  constructor(options: CoprocessorOptions = {}) {
    this.pool = options.pool ?? PacketPool.create(options.poolBuffers ?? 4096, options.bufferSize ?? 2048);
    if (this.pool.bufferSize >= MAX_SPAN) {
      // a slot names offset and length in 16 bits each, and a value it cannot carry becomes
      // MAX_SPAN, which must then lie outside every buffer (the task fails as BadTask)
      throw new RangeError(`co-processor pool buffers of ${this.pool.bufferSize} bytes: at most ${MAX_SPAN - 1} (a task names offset and length in 16 bits each)`);
    }
    this.opts = {
      capacity: options.capacity ?? 1024,
      burstSize: options.burstSize ?? 32,
      flushMicros: options.flushMicros ?? 100,
      publishWhenIdle: options.publishWhenIdle ?? true,
      autoFlushTimer: options.autoFlushTimer ?? false,
      opModules: options.opModules ?? [],
      nominalHz: options.nominalHz ?? DEFAULT_NOMINAL_HZ,
      spinMicros: options.spinMicros ?? DEFAULT_SPIN_MICROS,
      idleWaitMs: options.idleWaitMs ?? 50,
      hangMicros: options.hangMicros ?? 0,
      restart: options.restart ?? true,
      syncTimeoutMs: options.syncTimeoutMs ?? 2000,
    };
    this.capacity = this.opts.capacity;
    this.burstSize = Math.max(1, Math.min(this.opts.burstSize, this.capacity));
    this.flushMicros = this.opts.flushMicros;
    this.idleBurst = idleBurstOf(this.burstSize);
    this.drowsyMicros = options.drowsyMicros ?? this.opts.spinMicros * DROWSY_SPIN_SHARE;
    this.helpBacklog = options.helpBacklog ?? Math.max(1, Math.min(Math.max(2 * this.burstSize, 64), this.capacity >> 1));
    this.req = SpscRing.create(this.capacity, SLOT_WORDS);
    this.pending = new Int32Array(this.capacity * SLOT_WORDS);
  }

  /** Lifecycle state. `broken`: a worker failed to start, so nothing is offloaded any more. */
  get state(): CoprocessorState {
    return this.stateValue;
  }

  /**
   * Loads the operations on the main thread (for `runInline`), starts the worker and resolves
   * once it is ready. Rejects if the worker fails to start.
   */
  async start(): Promise<void> {
    if (this.stateValue !== 'new') throw new Error(`Coprocessor.start: already ${this.stateValue}`);
    this.stateValue = 'starting';
    try {
      registerBuiltins(this.registry, calibrateBurn(this.opts.nominalHz));
      await loadOpModules(this.registry, this.opts.opModules);
      this.runner = new OpRunner(this.registry, this.pool);
      this.firstGeneration = this.generation + 1;
      await this.spawn();
    } catch (err) {
      this.stateValue = 'broken';
      throw err;
    }
  }

  /** The opcode registered under `name` (built-ins and op modules), or -1. */
  opcode(name: string): number {
    return this.registry.opcode(name);
  }

  // ------------------------------------------------------------------ submitting

  /** Stages a task; publishes the burst when `burstSize` are staged. False when `capacity` tasks are in flight. */
  submit(task: CoTask): boolean {
    const args = task.args;
    if (args === undefined) return this.submitOp(task.op, task.handle, task.buf, task.offset, task.length);
    const s = this.reserve();
    if (s < 0) return false;
    const w = this.req.words;
    this.writeHeader(w, s, task.op, task.handle, task.buf, task.offset, task.length);
    const n = args.length < MAX_ARGS ? args.length : MAX_ARGS;
    let a = 0;
    for (; a < n; a++) w[s + F_ARGS + a] = args[a]!;
    for (; a < MAX_ARGS; a++) w[s + F_ARGS + a] = 0;
    this.staged();
    return true;
  }

  /** `submit` with the task as numbers (the four arguments). */
  submitOp(op: number, handle: number, buf: number, offset: number, length: number, a0 = 0, a1 = 0, a2 = 0, a3 = 0): boolean {
    const s = this.reserve();
    if (s < 0) return false;
    const w = this.req.words;
    this.writeHeader(w, s, op, handle, buf, offset, length);
    w[s + F_ARGS] = a0;
    w[s + F_ARGS + 1] = a1;
    w[s + F_ARGS + 2] = a2;
    w[s + F_ARGS + 3] = a3;
    this.staged();
    return true;
  }

  private reserve(): number {
    if (this.argsSlot >= 0) this.keepResultArgs();
    const state = this.stateValue;
    if (state === 'closed' || state === 'new') throw new Error(`Coprocessor: submit ${state === 'new' ? 'before start' : 'after close'}`);
    if (this.stats.submitted - this.delivered >= this.capacity || state === 'broken') {
      this.stats.ringFull++;
      return -1;
    }
    const s = this.req.reserve();
    if (s < 0) this.stats.ringFull++; // cannot happen while in-flight ≤ capacity
    return s;
  }

  private writeHeader(w: Int32Array, s: number, op: number, handle: number, buf: number, offset: number, length: number): void {
    w[s + F_OP] = opWord(op);
    w[s + F_HANDLE] = handle;
    w[s + F_BUF] = buf;
    w[s + F_SPAN] = spanWord(offset, length);
  }

  private staged(): void {
    this.stats.submitted++;
    const req = this.req;
    const staged = req.staged;
    if (staged >= this.burstSize) {
      this.flush();
    } else if (this.opts.publishWhenIdle && staged >= this.idleBurst && req.consumerDrowsy()) {
      this.flush();
      this.stats.idleFlushes++;
    } else if (staged === 1) {
      this.firstStagedAt = -1;
      if (this.opts.autoFlushTimer && this.timer === undefined) {
        this.timer = setTimeout(this.onTimer, Math.max(1, this.flushMicros / 1000));
        this.timer.unref();
      }
    }
  }

  /** Publishes the staged tasks as one burst. Returns how many were published. */
  flush(): number {
    const req = this.req;
    const n = req.staged;
    if (n === 0) return 0;
    // Work after an idle spell: the no-progress clock restarts at the next tick.
    if (this.opts.hangMicros > 0 && req.published === req.loadHead()) this.progressAt = -1;
    if (req.publish()) req.wake();
    this.stats.bursts++;
    return n;
  }

  /**
   * True when `tick` has something to do: a partial burst is staged (its flush timeout runs), or
   * hang detection is on. A main loop reads the clock for `tick` only then.
   */
  get needsTick(): boolean {
    return this.req.staged > 0 || this.opts.hangMicros > 0;
  }

  /**
   * Main-loop clock: publishes a partial burst once `flushMicros` have passed since the first
   * `tick` that saw it staged, and (with `hangMicros`) recycles a worker that stopped completing
   * tasks. A loop need not read the clock while nothing is staged (`needsTick`).
   */
  tick(now: number): void {
    if (this.req.staged === 0) {
      // nothing waits for the flush timeout
    } else if (this.firstStagedAt < 0) {
      this.firstStagedAt = now;
    } else if (now - this.firstStagedAt >= this.flushMicros) {
      this.flush();
      this.stats.timeoutFlushes++;
    }
    if (this.opts.hangMicros > 0 && this.stateValue === 'running') this.checkProgress(now);
  }

  private checkProgress(now: number): void {
    const done = this.req.loadHead();
    if (this.progressAt < 0 || done !== this.progressTail || this.req.published === done) {
      this.progressTail = done;
      this.progressAt = now;
    } else if (now - this.progressAt >= this.opts.hangMicros) {
      this.lastError = `coprocessor made no progress for ${Math.round(now - this.progressAt)} µs`;
      this.recycle(Status.Hung);
    }
  }

  // ------------------------------------------------------------------ results

  /** Tasks submitted whose result has not been delivered by `poll` yet. */
  get inflight(): number {
    return this.stats.submitted - this.delivered;
  }

  /** Tasks staged or published that the worker has not finished. */
  get backlog(): number {
    return this.req.staged + this.req.backlog();
  }

  /**
   * True when the worker is behind — more than `helpBacklog` tasks wait for it (staged ones
   * included), or there is no room for a task, or it is broken: time to `runInline` instead of
   * submitting ("help when behind").
   */
  get behind(): boolean {
    return this.inflight >= this.capacity || !this.req.waitingAtMost(this.helpBacklog) || this.stateValue === 'broken';
  }

  /** Delivers every available result to `onResult`; returns how many. Allocation-free. */
  poll(onResult: ResultCallback): number {
    if (this.polling) return 0;
    this.polling = true;
    let count = 0;
    try {
      const pending = this.pending;
      while (this.pendingCount > 0) {
        const base = this.pendingHead * SLOT_WORDS;
        this.pendingHead = this.pendingHead + 1 === this.capacity ? 0 : this.pendingHead + 1;
        this.pendingCount--;
        this.deliver(pending, base, onResult);
        count++;
      }
      // Results are the request slots the worker has released, in order: a slot is not reused
      // before its result is delivered (`submit` refuses once `capacity` tasks are in flight).
      const req = this.req;
      const done = req.loadHead();
      const n = (done - this.resultHead) | 0;
      if (n > 0) {
        let k = this.resultHead;
        // Taken before the callbacks, so that a worker recycled from inside one does not salvage
        // these results a second time.
        this.resultHead = done;
        const words = req.words;
        for (let i = 0; i < n; i++, k = (k + 1) | 0) this.deliver(words, req.slotOf(k), onResult);
        count += n;
      }
    } finally {
      this.polling = false;
      this.argsSlot = -1;
    }
    return count;
  }

  private deliver(words: Int32Array, s: number, onResult: ResultCallback): void {
    const head = words[s + F_OP]!;
    const status = statusOf(head);
    this.delivered++;
    if (status === Status.Ok) this.stats.completed++;
    else this.stats.failed++;
    this.lastStatus = status;
    this.argsWords = words;
    this.argsSlot = s;
    const span = words[s + F_SPAN]!;
    onResult(words[s + F_HANDLE]!, status, words[s + F_BUF]!, offsetOf(span), lengthOf(span), codeOf(head));
    this.argsSlot = -1;
  }

  /** Copies the arguments of the result being delivered out of its slot (before the slot can be taken). */
  private keepResultArgs(): void {
    const words = this.argsWords;
    const s = this.argsSlot;
    const args = this.resultArgs;
    for (let a = 0; a < MAX_ARGS; a++) args[a] = words[s + F_ARGS + a]!;
    this.argsSlot = -1;
  }

  /** Argument `i` of the result being delivered (valid only inside a `poll` callback). */
  resultArg(i: number): number {
    if (this.argsSlot >= 0) this.keepResultArgs();
    return this.resultArgs[i]!;
  }

  // ------------------------------------------------------------------ inline and sync

  /**
   * Runs a task on the calling thread with the same registry and code as the worker ("help when
   * behind", `sync inline`). Calls `onResult` (if given) synchronously and returns the status;
   * `inlineLength` / `inlineCode` hold the new length and message code.
   */
  runInline(task: CoTask, onResult?: ResultCallback): number {
    const runner = this.runner;
    if (runner === undefined) throw new Error('Coprocessor.runInline before start');
    const args = runner.args;
    const src = task.args;
    const n = src === undefined ? 0 : src.length < MAX_ARGS ? src.length : MAX_ARGS;
    let a = 0;
    for (; a < n; a++) args[a] = src![a]!;
    for (; a < MAX_ARGS; a++) args[a] = 0;
    const status = runner.run(task.op, task.buf, task.offset, task.length);
    this.stats.inline++;
    if (status !== Status.Ok) {
      this.stats.inlineFailed++;
      if (runner.lastError !== undefined) {
        this.lastError = String(runner.lastError);
        runner.lastError = undefined;
      }
    }
    this.inlineLength = runner.newLength;
    this.inlineCode = runner.code;
    if (onResult !== undefined) onResult(task.handle, status, task.buf, task.offset, runner.newLength, runner.code);
    return status;
  }

  /** Arguments of the last `runInline`, after the operation ran. */
  inlineArg(i: number): number {
    return this.runner === undefined ? 0 : this.runner.args[i]!;
  }

  /**
   * `sync offload`: sends one task and blocks the calling thread (Atomics.wait on the ring's
   * released count) until its result is back; every result delivered meanwhile (earlier tasks too) goes to
   * `onResult`. Returns the task's status. If nothing comes back within `syncTimeoutMs` the worker
   * is recycled and the task fails with `Status.Hung` (a dead worker's `exit` event cannot be seen
   * while the thread is blocked).
   */
  offloadSync(task: CoTask, onResult: ResultCallback): number {
    while (!this.submit(task)) {
      if (this.stateValue === 'broken') return Status.Died;
      this.flush();
      if (this.poll(onResult) === 0) this.req.sleepUntilReleased(this.resultHead, 1);
    }
    const target = this.stats.submitted;
    this.flush();
    // The clock starts once the worker is serving (a restarted one may still be loading; its
    // 'ready' message cannot arrive while this thread is blocked, so the ring's flag is read).
    let startedAt = performance.now();
    let serving = this.workerServing();
    for (;;) {
      this.poll(onResult);
      if (this.delivered >= target) return this.lastStatus;
      const now = performance.now();
      if (!serving && (serving = this.workerServing())) startedAt = now;
      const limit = serving ? this.opts.syncTimeoutMs : START_TIMEOUT_MS;
      const left = startedAt + limit - now;
      if (left <= 0) {
        this.lastError = `offloadSync: no result within ${limit} ms`;
        this.recycle(Status.Hung);
        startedAt = performance.now();
        serving = false;
        continue;
      }
      // Spin a little first: waking from Atomics.wait costs tens of µs.
      if (!this.spinForResult()) this.req.sleepUntilReleased(this.resultHead, left < 10 ? left : 10);
    }
  }

  /**
   * For a main loop that has nothing else to do until a result comes back: publishes a partial
   * burst (nothing else will fill it), then sleeps until the worker publishes a result or
   * `timeoutMs` passes. Waiting costs no CPU, so the main thread's CPU time counts its work only.
   */
  waitForResult(timeoutMs = 1): void {
    if (this.inflight === 0 || this.req.loadHead() !== this.resultHead) return;
    this.flush();
    this.req.sleepUntilReleased(this.resultHead, timeoutMs);
  }

  /** Spins up to `spinMicros` for a result; true when one is available. */
  private spinForResult(): boolean {
    const req = this.req;
    if (req.loadHead() !== this.resultHead) return true;
    const until = performance.now() + this.opts.spinMicros / 1000;
    let k = 0;
    while (req.loadHead() === this.resultHead) {
      if ((++k & 63) === 0 && performance.now() >= until) return false;
    }
    return true;
  }

  /** True once the current worker has loaded its operations and serves the ring. */
  private workerServing(): boolean {
    return Atomics.load(this.req.ctl, CTL_READY) === 1;
  }

  /**
   * Flushes and polls until nothing is in flight or `timeoutMs` passes, yielding to the event loop
   * between polls (so worker deaths are seen). Resolves to the number still in flight.
   */
  async drain(onResult: ResultCallback, timeoutMs = 5000): Promise<number> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      this.flush();
      this.poll(onResult);
      if (this.inflight === 0 || performance.now() >= end) return this.inflight;
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  }

  // ------------------------------------------------------------------ worker lifecycle

  private spawn(): Promise<void> {
    const gen = ++this.generation;
    const init: WorkerInit & { entry: string } = {
      request: this.req.sab,
      pool: this.pool.sab,
      bufferSize: this.pool.bufferSize,
      poolBuffers: this.pool.count,
      opModules: this.opts.opModules,
      nominalHz: this.opts.nominalHz,
      spinMicros: this.opts.spinMicros,
      drowsyMicros: this.drowsyMicros,
      idleWaitMs: this.opts.idleWaitMs,
      entry: WORKER_ENTRY.href,
    };
    const worker = new Worker(WORKER_BOOT, { workerData: init });
    this.worker = worker;
    let ready = false;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (gen !== this.generation) return;
        if (m.type === 'ready') {
          ready = true;
          this.workerBurn = {
            nominalHz: this.opts.nominalHz,
            iterationsPerSecond: m.iterationsPerSecond,
            iterationsPerCycle: m.iterationsPerCycle,
          };
          const mine = JSON.stringify(this.registry.entries());
          if (JSON.stringify(m.ops) !== mine) this.lastError = `worker registered ${JSON.stringify(m.ops)}, main ${mine}`;
          this.stateValue = 'running';
          this.startFailures = 0;
          this.progressAt = -1;
          worker.unref();
          resolve();
        } else if (m.type === 'op-error') {
          this.lastError = `op ${m.op} failed (code ${m.code}): ${m.message}`;
        }
      });
      worker.on('error', (err: Error) => {
        if (gen !== this.generation) return;
        this.lastError = `coprocessor worker error: ${err.name}: ${err.message}`;
      });
      worker.on('exit', (code: number) => {
        if (gen !== this.generation || this.stateValue === 'closed') return;
        if (this.lastError === undefined) this.lastError = `coprocessor worker exited with code ${code}`;
        if (!ready && (gen === this.firstGeneration || ++this.startFailures >= MAX_START_FAILURES)) {
          // A worker that cannot even start (bad op module...) would fail again: stop offloading.
          this.worker = undefined;
          this.generation++;
          this.salvage(Status.Died, true);
          this.stateValue = 'broken';
          reject(new Error(this.lastError));
          return;
        }
        this.recycle(Status.Died);
      });
    });
  }

  /**
   * Gives up on the current worker: everything it had is delivered through `poll` (results it
   * published keep their status, the rest get `status`), staged tasks move to a fresh ring, and a
   * new worker starts (unless `restart` is off).
   */
  private recycle(status: number): void {
    const old = this.worker;
    this.worker = undefined;
    this.generation++;
    if (old !== undefined) void old.terminate();
    if (!this.opts.restart) {
      this.salvage(status, true);
      this.stateValue = 'broken';
      return;
    }
    this.salvage(status, false);
    this.stats.restarts++;
    this.stateValue = 'restarting';
    this.spawn().catch(() => {
      // state is already 'broken' and lastError set by the exit handler.
    });
  }

  /**
   * Moves the current ring's undelivered results and unanswered tasks into `pending` and installs
   * a fresh ring. Staged tasks are failed too when `failStaged`, else copied to the new ring.
   */
  private salvage(status: number, failStaged: boolean): void {
    const oldReq = this.req;
    Atomics.store(oldReq.ctl, CTL_USER, STOP_FLAG);
    oldReq.wake();
    // Results the worker released that `poll` has not delivered keep their status; published
    // tasks with no result fail with `status`.
    const done = oldReq.loadHead();
    for (let k = this.resultHead; k !== done; k = (k + 1) | 0) this.pushPending(oldReq.words, oldReq.slotOf(k), -1);
    for (let k = done; k !== oldReq.published; k = (k + 1) | 0) {
      this.pushPending(oldReq.words, oldReq.slotOf(k), status);
      this.stats.lost++;
    }
    const staged = oldReq.staged;
    const req = SpscRing.create(this.capacity, SLOT_WORDS);
    for (let i = 0; i < staged; i++) {
      const from = oldReq.stagedSlot(i);
      if (failStaged) {
        this.pushPending(oldReq.words, from, status);
        this.stats.lost++;
      } else {
        req.words.set(oldReq.words.subarray(from, from + SLOT_WORDS), req.reserve());
      }
    }
    this.req = req;
    this.resultHead = 0;
    this.progressAt = -1;
  }

  private pushPending(words: Int32Array, s: number, status: number): void {
    if (this.argsSlot >= 0) this.keepResultArgs(); // (salvaged from inside a callback: the slot being delivered may be overwritten)
    let slot = this.pendingHead + this.pendingCount;
    if (slot >= this.capacity) slot -= this.capacity;
    const base = slot * SLOT_WORDS;
    for (let i = 0; i < SLOT_WORDS; i++) this.pending[base + i] = words[s + i]!;
    if (status >= 0) this.pending[base + F_OP] = resultWord(opOf(words[s + F_OP]!), status, 0);
    this.pendingCount++;
  }

  /**
   * Stops the worker. Tasks still in flight are not lost: results already published and the
   * failures (`Status.Closed`) of the rest can still be collected with `poll`.
   */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    const wasStarted = this.stateValue !== 'new';
    this.stateValue = 'closed';
    this.generation++;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    Atomics.store(this.req.ctl, CTL_USER, STOP_FLAG);
    this.req.wake();
    if (worker !== undefined) await worker.terminate();
    if (wasStarted) this.salvage(Status.Closed, true);
  }

  /**
   * The current worker's own counters (`WorkerStat`, kept in the ring by the worker itself; they
   * restart with a new worker), for benchmarks and diagnostics: tasks it ran, its batches, time
   * spinning and asleep on an empty ring, and its Linux thread id (its CPU time is in
   * `/proc/self/task/<threadId>/schedstat`, see runtime/testing/thread-cpu.ts).
   */
  workerStats(): WorkerStats {
    const c = this.req.ctl;
    return {
      served: c[CTL_STATS + WorkerStat.Served]!,
      batches: c[CTL_STATS + WorkerStat.Batches]!,
      busyMicros: c[CTL_STATS + WorkerStat.BusyMicros]!,
      spinMicros: c[CTL_STATS + WorkerStat.SpinMicros]!,
      sleepMicros: c[CTL_STATS + WorkerStat.SleepMicros]!,
      sleeps: c[CTL_STATS + WorkerStat.Sleeps]!,
      threadId: c[CTL_STATS + WorkerStat.ThreadId]!,
      drowsy: Atomics.load(c, CTL_DROWSY) === 1,
    };
  }

  /** The worker thread (for tests and diagnostics). */
  get workerThread(): Worker | undefined {
    return this.worker;
  }
}
