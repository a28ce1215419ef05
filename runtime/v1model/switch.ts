/**
 * The v1model software switch: runs a compiled `V1Program` the way bmv2 `simple_switch` does,
 * in any of the three execution modes.
 *
 * Packet life (simple_switch order):
 *   parser → verifyChecksum → ingress → end of ingress:
 *     1. clone requested → I2E clone of the packet as it *entered* this ingress (re-parsed from the
 *        original bytes), user metadata reset then the clone's field list copied, standard
 *        metadata all 0 but instance_type = INGRESS_CLONE; to the mirroring session's port and/or
 *        multicast group; a session that is not configured makes no clone;
 *     2. digest requested → delivered to the control plane;
 *     3. resubmit requested → the original bytes go back to the parser: headers invalid, user
 *        metadata reset then the field list copied back, standard metadata all 0 except
 *        instance_type = RESUBMIT and packet_length (as bmv2's `reset_metadata`, so
 *        ingress_port is 0 unless the program preserves its own copy);
 *        else mcast_grp ≠ 0 → one copy per group member (egress_rid, egress_port), instance_type
 *        REPLICATION; no member → dropped `multicast-no-members`;
 *        else egress_spec = drop port → dropped `ingress-drop`;
 *        else unicast to egress_spec with instance_type = NORMAL.
 *   egress (egress_port set, egress_spec = drop port + 1, packet_length = ingress length) →
 *   end of egress:
 *     1. clone requested → E2E clone: headers as at the end of egress, metadata reset then field
 *        list, instance_type = EGRESS_CLONE, through egress again on the session port/group;
 *     2. egress_spec = drop port → dropped `egress-drop`;
 *   computeChecksum → deparser → headers + unparsed payload, truncated if requested →
 *     recirculate requested → the deparsed bytes back to the parser (metadata reset, field list
 *     kept, instance_type = RECIRC, packet_length = new length); else transmitted on egress_port.
 * Resubmitted/recirculated packets go ahead of new packets. `maxPasses` bounds resubmit +
 * recirculate loops (`loop-limit`). Every instance ends transmitted or dropped with a reason:
 * `received + created === transmitted + dropped + inFlight` at all times.
 */
import { V1MODEL_STAGES } from '../../contract/v1model.ts';
import { copyBytes } from '../packet/copy.ts';
import { ExternFailure, InlineExecutor, type ExternExecutor, type ExternTask } from '../tasks/executor.ts';
import { DEFAULT_DROP_PORT, InstanceType, PORT_COUNT, STAGE_NAMES, Stage, StageStatus, StraightStatus } from './constants.ts';
import { Flow, PacketDescriptor, type SwitchServices } from './descriptor.ts';
import { DescriptorPool } from './descriptor-pool.ts';
import { DescriptorQueue } from './descriptor-queue.ts';
import { beginDeparse, placeHeaders } from './deparse-frame.ts';
import { MonotonicClock, type Clock } from './externs/clock.ts';
import { siteOf, type Tracer } from '../trace/index.ts';
import { PacketAbort } from './externs/primitives.ts';
import { Prng } from './externs/random.ts';
import { MirroringSessions, MulticastGroups } from './pre.ts';
import type { ContextStage, ExecutionMode, LongjumpProgram, LongjumpStage, StraightPath, StraightPathServices, StraightResume, SyncProgram, SyncStage, V1Program } from './program.ts';
import type { ControlPlaneRegistry } from './registry.ts';
import type { V1SwitchOptions } from './switch-options.ts';
import { V1SwitchStats, type DigestRecord } from './switch-stats.ts';

/**
 * `runUntilIdle` reads the clock again after this many work items at most, and `runNow` every
 * this many packet ids (as the literal mask 255: a power of two, checked by a test).
 */
export const CLOCK_REFRESH = 256;

const MODE_SYNC = 0;
const MODE_LONGJUMP = 1;
const MODE_CONTEXT = 2;

type AnyStage<S> = SyncStage<S> | LongjumpStage<S> | ContextStage<S>;

const GeneratorFunctionPrototype: unknown = Object.getPrototypeOf(function* () {
  /* marker */
});

export class V1Switch<S> implements SwitchServices {
  readonly program: V1Program<S>;
  readonly mode: ExecutionMode;
  readonly stats = new V1SwitchStats();
  readonly multicast = new MulticastGroups();
  readonly mirroring = new MirroringSessions();
  /** Digests received when no `onDigest` callback is given. */
  readonly digests: DigestRecord[] = [];
  readonly dropPort: number;
  readonly executor: ExternExecutor;
  /** The packet tracer (`options.tracer`), or null: every trace report below checks this first. */
  readonly tracer: Tracer | null;

  private readonly modeCode: number;
  private readonly fns: AnyStage<S>[];
  private readonly isGenerator: boolean[];
  /** The stages as plain functions (sync mode, or context mode without generator stages), else null. */
  private readonly plainStages: SyncProgram<S> | null;
  /** The stages in longjump mode (each returns DONE or PARKED), else null. */
  private readonly longjumpStages: LongjumpProgram<S> | null;
  /** The program's straight path, else null. */
  private readonly straight: StraightPath<S> | null;
  /** Longjump: where a parked packet goes on after its task (`V1ProgramBase.straightResume`), with the straight path only; else null. */
  private readonly straightResume: StraightResume<S> | null;
  private readonly straightServices: StraightPathServices<S>;
  /**
   * The descriptor of the packet running in generated straight-path code now, when it has one
   * (taken by `StraightPathServices.descriptor`, or the one a queued or resumed packet came
   * in); null between calls. Whoever calls that code sets it and puts back what it found after
   * (another packet may be run from a callback of one that is running).
   */
  private current: PacketDescriptor<S> | null = null;
  /** The packet id and the caller's `origin` of the frame `runFrame` runs now (its descriptor, if it takes one, gets them). */
  private frameId = 0;
  private frameOrigin = 0;
  /** `onOutputRaw`, else null (read once: one load per transmitted packet instead of two). */
  private readonly onOutputRaw: NonNullable<V1SwitchOptions<S>['onOutputRaw']> | null;
  /** `onOutput` when no `onOutputRaw` is given, else null. */
  private readonly onOutput: NonNullable<V1SwitchOptions<S>['onOutput']> | null;
  private readonly syncExecutor: ExternExecutor | null;
  private readonly inlineFallback: boolean;
  private readonly maxFrameSize: number;
  private readonly lendsBuffers: boolean;
  private readonly headroom: number;
  private readonly bufferSize: number;
  /** The program's `maxEmitBytes` (deparser writes in place), or -1. */
  private readonly maxEmitBytes: number;
  /** Clock reading cached per `pump` for the timestamps (µs resolution; no clock call per packet). */
  private now = 0;
  private readonly maxPasses: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private readonly prng: Prng;
  private readonly assertPolicy: 'drop' | 'abort';
  private readonly errorPolicy: 'throw' | 'drop';
  private readonly stallTimeoutMs: number;
  private readonly options: V1SwitchOptions<S>;

  private readonly pool: DescriptorPool<S>;

  private readonly inputQ = new DescriptorQueue<S>();
  private readonly recircQ = new DescriptorQueue<S>();
  private readonly egressQ = new DescriptorQueue<S>();
  private readonly readyQ = new DescriptorQueue<S>();
  private readonly blockedQ = new DescriptorQueue<S>();
  private readonly egressDepth = new Int32Array(PORT_COUNT);
  private parkedCount = 0;
  private pendingError: unknown = null;
  private readonly onTaskDone: (task: ExternTask) => void;
  private syncWaiting: ExternTask | null = null;
  private syncDone = false;
  private readonly onSyncDone: (task: ExternTask) => void;

  constructor(program: V1Program<S>, options: V1SwitchOptions<S> = {}) {
    this.program = program;
    this.mode = program.mode;
    this.options = options;
    this.modeCode = program.mode === 'sync' ? MODE_SYNC : program.mode === 'longjump' ? MODE_LONGJUMP : MODE_CONTEXT;
    this.fns = V1MODEL_STAGES.map((name) => program[name]);
    this.isGenerator = this.fns.map((f) => Object.getPrototypeOf(f) === GeneratorFunctionPrototype);
    if (this.modeCode !== MODE_CONTEXT && this.isGenerator.some((g) => g)) {
      throw new Error(`program '${program.name}' declares mode '${program.mode}' but has generator stages`);
    }
    this.plainStages = this.modeCode === MODE_SYNC || (this.modeCode === MODE_CONTEXT && !this.isGenerator.some((g) => g)) ? (program as SyncProgram<S>) : null;
    this.longjumpStages = this.modeCode === MODE_LONGJUMP ? (program as LongjumpProgram<S>) : null;
    // A traced switch drives the stage functions: the tracer's events come from the general path.
    this.straight = (options.straightPath ?? true) && options.tracer === undefined ? (program.straightPath ?? null) : null;
    this.straightResume = this.straight !== null && this.modeCode === MODE_LONGJUMP ? (program.straightResume ?? null) : null;
    this.straightServices = {
      dropPort: options.dropPort ?? DEFAULT_DROP_PORT,
      now: () => this.now,
      egressDepth: (port) => this.egressDepth[port]!,
      descriptor: (data, start, length, port) => this.current ?? this.frameDescriptor(data, start, length, port),
      transmit: (port, data, start, length) => this.transmitStraight(port, data, start, length),
      takeOver: (d, egressPort) => this.takeOver(d, egressPort),
      runHere: (d, task) => this.runHere(d, task),
    };
    this.onOutputRaw = options.onOutputRaw ?? null;
    this.onOutput = this.onOutputRaw === null ? (options.onOutput ?? null) : null;
    this.executor = options.executor ?? new InlineExecutor();
    this.tracer = options.tracer ?? null;
    this.syncExecutor = options.syncExecutor ?? null;
    this.inlineFallback = options.inlineFallback ?? true;
    this.dropPort = options.dropPort ?? DEFAULT_DROP_PORT;
    this.maxFrameSize = options.maxFrameSize ?? 9216;
    this.lendsBuffers = options.allocateBuffer === undefined;
    this.headroom = options.headroom ?? 512;
    const maxEmit = program.maxEmitBytes;
    this.maxEmitBytes = typeof maxEmit === 'number' && Number.isInteger(maxEmit) && maxEmit >= 0 ? maxEmit : -1;
    // headroom in front + a frame that may have grown by headroom (recirculation) + headroom
    this.bufferSize = this.maxFrameSize + 2 * this.headroom;
    this.maxPasses = options.maxPasses ?? 16;
    this.burst = Math.max(1, options.burst ?? 32);
    this.clock = options.clock ?? new MonotonicClock();
    this.prng = new Prng(options.seed ?? 1);
    this.assertPolicy = options.assertPolicy ?? 'drop';
    this.errorPolicy = options.errorPolicy ?? 'throw';
    this.stallTimeoutMs = options.stallTimeoutMs ?? 10_000;
    this.onTaskDone = (task) => this.taskDone(task);
    this.onSyncDone = (task) => {
      if (task === this.syncWaiting) this.syncDone = true;
      else throw new Error('sync executor returned a task that was not submitted');
    };
    this.pool = new DescriptorPool(program, this, {
      bufferSize: this.bufferSize,
      headroom: this.headroom,
      initial: options.initialDescriptors ?? 64,
      max: options.maxDescriptors ?? 1024,
      allocateBuffer: options.allocateBuffer,
    });
  }

  /** The program's named objects (tables, counters, registers, ...) for the control plane. */
  get controlPlane(): ControlPlaneRegistry {
    return this.program.objects;
  }

  /** Instances inside the switch (queued, in a pipeline, or parked on an extern). */
  get inFlight(): number {
    return this.pool.live;
  }

  /** Packets parked on an extern task right now. */
  get parked(): number {
    return this.parkedCount;
  }

  /** Descriptors created so far (the pool grows on demand up to `maxDescriptors`). */
  get poolSize(): number {
    return this.pool.size;
  }

  // ---------------------------------------------------------------------------------------
  // SwitchServices
  // ---------------------------------------------------------------------------------------

  runSync(task: ExternTask): void {
    const ex = this.syncExecutor;
    if (ex === null) {
      task.failure = null;
      task.runInline();
      return;
    }
    task.failure = null;
    task.handle = -1;
    this.syncWaiting = task;
    this.syncDone = false;
    if (!ex.submit(task)) {
      this.syncWaiting = null;
      this.stats.inlineFallbacks++;
      task.runInline();
      return;
    }
    ex.flush();
    // The clock only every 1024 empty polls (the stall deadline starts at the first reading): a
    // reading allocates a heap number, and reading it per poll cost about 130 bytes per packet
    // at 10 % ESP, while a round trip to the co-processor takes a microsecond or so.
    let idle = 0;
    let deadline = -1;
    while (!this.syncDone) {
      if (ex.poll(this.onSyncDone) !== 0 || (++idle & 1023) !== 0) continue;
      const now = Date.now();
      if (deadline < 0) deadline = now + this.stallTimeoutMs;
      else if (now > deadline) throw new Error('sync executor made no progress');
    }
    this.syncWaiting = null;
  }

  nowMicros(): number {
    return this.clock.nowMicros();
  }

  random(lo: number, hi: number): number {
    return this.prng.range(lo, hi);
  }

  randomBig(lo: bigint, hi: bigint): bigint {
    return this.prng.rangeBig(lo, hi);
  }

  log(d: PacketDescriptor<unknown>, message: string): void {
    this.stats.logMessages++;
    const cb = this.options.onLog;
    if (cb) cb(message, d as PacketDescriptor<S>);
    if (this.tracer !== null) this.tracer.log(d.packetId, message);
  }

  /** Re-seeds `random`. */
  seedRandom(seed: number): void {
    this.prng.seed(seed);
  }

  // ---------------------------------------------------------------------------------------
  // Input and running
  // ---------------------------------------------------------------------------------------

  /**
   * Receives a frame on `port`. The bytes are copied; the packet is processed by the next
   * `runUntilIdle`/`pump`. Returns false when the packet was dropped at once (no buffer, oversize).
   * `origin` is handed back with every output the packet leads to (see `onOutputRaw`).
   */
  inject(port: number, bytes: Uint8Array, length: number = bytes.length, origin = 0): boolean {
    const d = this.admit(port, length, bytes.length);
    if (d === null) return false;
    const h = this.headroom;
    if (length === bytes.length) d.data.set(bytes, h);
    else copyBytes(d.data, h, bytes, 0, length);
    this.enqueueInput(d, port, length, origin);
    return true;
  }

  /** `inject` of `source[offset, offset + length)` (copied; no view of it is made). */
  injectFrom(port: number, source: Uint8Array, offset: number, length: number, origin = 0): boolean {
    const d = this.admit(port, length, source.length - offset);
    if (d === null) return false;
    // a frame (60 bytes and up): one native copy through a view beats a byte loop
    if (length > 32) d.data.set(source.subarray(offset, offset + length), this.headroom);
    else copyBytes(d.data, this.headroom, source, offset, length);
    this.enqueueInput(d, port, length, origin);
    return true;
  }

  /** Size of a buffer `injectBuffer` accepts without copying (what `createFrameBuffer` allocates). */
  get frameBufferSize(): number {
    return this.bufferSize;
  }

  /** Offset of the frame in a buffer given to `injectBuffer` (the headroom). */
  get frameOffset(): number {
    return this.headroom;
  }

  /** A buffer laid out for `injectBuffer`: `frameBufferSize` bytes, the frame goes at `frameOffset`. */
  createFrameBuffer(): Uint8Array {
    return new Uint8Array(this.bufferSize);
  }

  /**
   * Zero-copy `inject`: receives the frame `buffer[frameOffset, frameOffset + length)` on
   * `port` without copying it. The switch uses `buffer` as the packet's buffer (as it would
   * its own: the deparser writes the emitted headers in front of the payload, up to `headroom`
   * bytes before the frame; payload externs may write after it) until the packet has left the
   * switch (transmitted or dropped); the caller must not touch it before. Copies of the packet
   * (clones, multicast) get buffers of their own. A buffer shorter than `frameBufferSize`, or a
   * switch with `allocateBuffer` (shared packet pool), falls back to copying, as `inject`.
   * Returns false when the packet was dropped at once (no buffer, oversize).
   */
  injectBuffer(port: number, buffer: Uint8Array, length: number, origin = 0): boolean {
    const d = this.admit(port, length, buffer.length - this.headroom);
    if (d === null) return false;
    if (this.lendsBuffers && buffer.length >= this.bufferSize) d.data = buffer;
    else copyBytes(d.data, this.headroom, buffer, this.headroom, length);
    this.enqueueInput(d, port, length, origin);
    return true;
  }

  /**
   * Receives a frame on `port` and processes it at once, as far as it goes: when nothing waits in
   * the switch's queues (new, resubmitted, recirculated, resumed or egress packets, tasks blocked
   * on a full executor) and the program has a straight path, the packet runs through it in this
   * call — to the output or the drop, or until it parks on an extern task or leaves the common
   * case (multicast, ...), when the next `pump`/`runUntilIdle` takes it on. Otherwise it is queued
   * behind the others as by `inject`, so the order is the one `inject` gives. The bytes are
   * copied, as by `inject`.
   *
   * Timestamps: the clock is read for the switch's first packet, then once every 256 packet ids
   * (one packet in 256 received this way, fewer when copies take ids) and at each `pump`, not per
   * packet (a reading costs more than a packet's whole straight path); a driver calling `receive`
   * also calls `pump` or `runUntilIdle` regularly, which finishes what is left.
   */
  receive(port: number, bytes: Uint8Array, length: number = bytes.length, origin = 0): boolean {
    // The common case first, in few instructions, as in `receiveBuffer`: the straight path may
    // run now (every packet inside, if any, parked: the spare exists only with a straight path),
    // the spare descriptor free, a port and a length `admit` accepts, no error to throw. (The
    // literal 511 is PORT_COUNT - 1, as in `receiveBuffer`; test/runtime/v1model/switch.test.ts
    // checks the constants this path writes as literals.)
    const pool = this.pool;
    const spare = pool.spare;
    if (spare !== null && spare.free === true && pool.live === this.parkedCount && length <= this.maxFrameSize && length <= bytes.length && (port & 511) === port && this.pendingError === null) {
      const stats = this.stats;
      stats.received++;
      stats.rxByPort[port]!++;
      // the frame is copied into the spare's own buffer, which it holds until it is out (the
      // spare marked taken, so that a packet received meanwhile, from an output callback, takes
      // another); the spare becomes its descriptor only if it needs one
      const buffer = spare.ownData;
      spare.free = false;
      if (length > 32) buffer.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.headroom);
      else copyBytes(buffer, this.headroom, bytes, 0, length);
      // out (transmitted, or failed and dropped): its buffer free again; else the packet went on
      // in the spare as its descriptor (`straightLeft` detached it)
      if (this.runFrame(buffer, port, length, origin)) spare.free = true;
      return true;
    }
    return this.receiveAdmitted(port, bytes, length, origin);
  }

  /** `receive` of a packet that may have to wait, be dropped at once, or that needs a descriptor other than the spare. */
  private receiveAdmitted(port: number, bytes: Uint8Array, length: number, origin: number): boolean {
    const direct = this.mayGoFirst();
    const d = this.admit(port, length, bytes.length, direct);
    if (d === null) return false;
    d.data = d.ownData; // the spare may still point at the buffer last lent to it
    if (length > 32) d.data.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.headroom);
    else copyBytes(d.data, this.headroom, bytes, 0, length);
    if (direct) this.runNow(d, port, length, origin);
    else this.enqueueInput(d, port, length, origin);
    return true;
  }

  /** Zero-copy `receive`: the buffer is lent as to `injectBuffer` (frame at `frameOffset`). */
  receiveBuffer(port: number, buffer: Uint8Array, length: number, origin = 0): boolean {
    // The common case first, in few bytecodes (so that the caller's loop takes it in whole): no
    // packet inside the switch, the spare descriptor free, the buffer lent, a port and a length
    // `admit` accepts. Anything else takes the way below, which checks and counts it.
    // (`=== true` and the literal 511, PORT_COUNT - 1,
    // keep each check to a compare: V8 tests a boolean field for every falsy value and loads a
    // module constant through its cell.) Unlike `receive`, which also takes this way while every
    // packet inside is parked (`live === parkedCount`, the spare's `free` checked), it needs an
    // empty switch: a longjump switch fed through `receiveBuffer` takes the way below for every
    // packet that arrives while one is parked.
    const pool = this.pool;
    const spare = pool.spare;
    if (spare !== null && spare.free === true && pool.live === 0 && this.lendsBuffers === true && buffer.length >= this.bufferSize && length <= this.maxFrameSize && (port & 511) === port && this.pendingError === null) {
      const stats = this.stats;
      stats.received++;
      stats.rxByPort[port]!++;
      this.runFrame(buffer, port, length, origin);
      return true;
    }
    return this.receiveBufferAdmitted(port, buffer, length, origin);
  }

  /** `receiveBuffer` of a packet that may have to wait, or be dropped at once. */
  private receiveBufferAdmitted(port: number, buffer: Uint8Array, length: number, origin: number): boolean {
    const direct = this.mayGoFirst();
    const d = this.admit(port, length, buffer.length - this.headroom, direct);
    if (d === null) return false;
    if (this.lendsBuffers && buffer.length >= this.bufferSize) d.data = buffer;
    else {
      d.data = d.ownData; // the spare may still point at the buffer last lent to it
      copyBytes(d.data, this.headroom, buffer, this.headroom, length);
    }
    if (direct) this.runNow(d, port, length, origin);
    else this.enqueueInput(d, port, length, origin);
    return true;
  }

  /**
   * A new packet may run through the straight path at once: the program has one and nothing waits
   * (nothing can while every packet inside the switch is parked on an extern task — none at all
   * being the common case of a switch fed by `receive`, some parked that of longjump with an
   * executor: one comparison instead of looking at every queue).
   */
  private mayGoFirst(): boolean {
    return this.straight !== null && (this.pool.live === this.parkedCount ? this.pendingError === null : this.nothingWaits());
  }

  /** No packet waits in the switch's queues (nor a task blocked on a full executor, nor an error to throw): a new one may go first. */
  private nothingWaits(): boolean {
    return (
      this.inputQ.head === null &&
      this.recircQ.head === null &&
      this.egressQ.head === null &&
      this.readyQ.head === null &&
      this.blockedQ.head === null &&
      this.pendingError === null
    );
  }

  /**
   * A new packet, the frame `buffer[headroom, headroom + length)` from `port`, through the
   * straight path now, without a descriptor (`receive`, `receiveBuffer`; the pool's spare is
   * free: `StraightPathServices.descriptor` takes it if the packet needs one). Returns true when
   * the packet is out (transmitted or dropped), false when it went on in the spare. (No other
   * packet runs in straight-path code meanwhile: the fast paths that call this want no packet
   * with a descriptor inside but parked ones, and a packet without one calls nothing that could
   * receive another before its output. The other runners, which may be called from a callback of
   * a packet that has one, put back the `current` they found.)
   */
  private runFrame(buffer: Uint8Array, port: number, length: number, origin: number): boolean {
    const id = this.pool.nextPacketId++;
    this.frameId = id;
    this.frameOrigin = origin;
    // the clock read for the first packet and then every CLOCK_REFRESH packet ids (a counter of
    // its own would cost a load and a store per packet)
    if ((id & 255) === 1) this.now = this.clock.nowMicros(); // 255: CLOCK_REFRESH - 1
    let status: number;
    try {
      status = this.straight!(this.straightServices, buffer, this.headroom, length, port, true);
    } catch (err) {
      this.frameFailed(buffer, length, port, err);
      return true;
    }
    // 1: StraightStatus.DONE_FUSED, the greater of the two that mean done (DONE is 0)
    if (status <= 1) return true;
    this.frameLeft(status);
    return false;
  }

  /** `runFrame`'s packet left the straight path (`status`) in the descriptor it took (out of line: the common case stays small). */
  private frameLeft(status: number): void {
    const d = this.current!;
    this.current = null;
    this.straightLeft(d, status);
  }

  /** `runFrame`'s straight path threw `err`: the packet is dropped in its descriptor (taken now if it has none). */
  private frameFailed(buffer: Uint8Array, length: number, port: number, err: unknown): void {
    const d = this.current ?? this.frameDescriptor(buffer, this.headroom, length, port);
    this.current = null;
    this.straightFailed(d, err);
  }

  /**
   * The descriptor `runFrame`'s packet takes when it first needs one (`StraightPathServices.descriptor`):
   * the pool's spare, for the frame `data[start, start + length)` from `port`.
   */
  private frameDescriptor(data: Uint8Array, start: number, length: number, port: number): PacketDescriptor<S> {
    const d = this.pool.takeSpareFor(this.frameId);
    d.data = data;
    this.placeFrame(d, start, length, port, this.frameOrigin);
    this.current = d;
    return d;
  }

  /** Descriptor `d` holds a new packet's frame `d.data[start, start + length)`, from `port`, with the caller's `origin`. */
  private placeFrame(d: PacketDescriptor<S>, start: number, length: number, port: number, origin: number): void {
    d.origin = origin;
    d.start = start;
    d.cursor = start;
    d.end = start + length;
    d.ingressLength = length;
    d.std.ingress_port = port;
  }

  /** A new packet admitted in descriptor `d` (the spare, or another when the spare is in use) through the straight path now. */
  private runNow(d: PacketDescriptor<S>, port: number, length: number, origin: number): void {
    const h = this.headroom;
    this.placeFrame(d, h, length, port, origin);
    if ((d.packetId & 255) === 1) this.now = this.clock.nowMicros(); // as in `runFrame`
    const outer = this.current;
    this.current = d;
    let status: number;
    try {
      status = this.straight!(this.straightServices, d.data, h, length, port, true);
    } catch (err) {
      this.current = outer;
      this.straightFailed(d, err);
      return;
    }
    this.current = outer;
    if (status > 1) this.straightLeft(d, status);
  }

  /** A packet `runFrame` or `runNow` ran left the straight path (`status`) in descriptor `d`: the general path takes it on. */
  private straightLeft(d: PacketDescriptor<S>, status: number): void {
    this.pool.detachSpare(d);
    this.straightEnded(d, status, true);
    this.throwPending();
  }

  /** The straight path threw `err` for the packet in descriptor `d`. */
  private straightFailed(d: PacketDescriptor<S>, err: unknown): void {
    this.pool.detachSpare(d);
    this.fail(d, err);
    this.throwPending();
  }

  /** Counts a received frame and allocates its descriptor, or counts the drop and returns null. */
  private admit(port: number, length: number, available: number, direct = false): PacketDescriptor<S> | null {
    if (!(Number.isInteger(port) && port >= 0 && port < PORT_COUNT)) throw new RangeError(`port ${port} out of range [0, 511]`);
    this.stats.received++;
    this.stats.rxByPort[port]!++;
    if (length > this.maxFrameSize || length > available) {
      this.countDrop('oversize', null);
      return null;
    }
    const d = direct ? this.pool.takeSpare() : this.straight !== null ? this.pool.allocStraight() : this.pool.alloc();
    if (d === null) {
      this.countDrop('no-buffer', null);
      return null;
    }
    return d;
  }

  private enqueueInput(d: PacketDescriptor<S>, port: number, length: number, origin: number): void {
    const h = this.headroom;
    d.origin = origin;
    d.start = h;
    d.cursor = h;
    d.end = h + length;
    d.ingressLength = length;
    if (this.straight !== null) {
      // the straight path keeps state and standard metadata in its locals: only the port here
      d.std.ingress_port = port;
      this.inputQ.push(d);
      return;
    }
    this.program.resetState(d.state);
    const std = d.std;
    std.ingress_port = port;
    std.packet_length = length;
    std.instance_type = InstanceType.NORMAL;
    this.inputQ.push(d);
    if (this.tracer !== null) this.tracer.receive(d.packetId, port, length);
  }

  /**
   * Runs until every packet has left the switch (transmitted or dropped). In async modes it
   * flushes partial bursts when nothing else is runnable and waits for outstanding tasks.
   */
  runUntilIdle(): void {
    if (this.pool.live === 0) {
      // nothing inside (every packet `receive` took is out): no clock reading needed
      this.throwPending();
      return;
    }
    // The clock is read when the run starts, after each wait for the executor, and at least
    // every CLOCK_REFRESH work items (Node 20's clock allocates on each reading; the timestamps
    // are cached per pump anyway).
    this.now = this.clock.nowMicros();
    let sinceClock = 0;
    let waitingSince = -1;
    for (;;) {
      const worked = this.pumpWork(this.burst);
      if (worked > 0) {
        waitingSince = -1;
        sinceClock += worked;
        if (sinceClock >= CLOCK_REFRESH) {
          this.now = this.clock.nowMicros();
          sinceClock = 0;
        }
        continue;
      }
      if (this.parkedCount === 0 && this.blockedQ.size === 0) {
        if (this.pool.live !== 0) throw new Error(`switch idle with ${this.pool.live} instances unaccounted for`);
        return;
      }
      this.executor.flush();
      const done = this.executor.poll(this.onTaskDone);
      this.now = this.clock.nowMicros();
      sinceClock = 0;
      if (done > 0) {
        waitingSince = -1;
        this.throwPending();
        continue;
      }
      const t = Date.now();
      if (waitingSince < 0) waitingSince = t;
      else if (t - waitingSince > this.stallTimeoutMs) {
        throw new Error(`extern executor made no progress for ${this.stallTimeoutMs} ms with ${this.parkedCount} packets parked`);
      }
    }
  }

  /**
   * One step of the main loop (the paper's Algorithm 1 plus flush and backpressure): hands
   * blocked tasks to the executor, drains completed tasks, then processes up to `budget` work
   * items — resumed packets first, then egress, then resubmitted/recirculated, then new packets.
   * Returns the number of work items processed (completions count as work).
   */
  pump(budget: number = this.burst): number {
    this.now = this.clock.nowMicros();
    return this.pumpWork(budget);
  }

  /** `pump` with the clock reading already in `this.now`. */
  private pumpWork(budget: number): number {
    let n = 0;
    if (this.parkedCount > 0) n += this.executor.poll(this.onTaskDone);
    this.throwPending();
    this.retryBlocked();
    while (n < budget) {
      let d = this.readyQ.shift();
      if (d !== null && this.straightResume !== null) {
        n++;
        n += this.continueStraight(d, n < budget);
        this.throwPending();
        continue;
      }
      if (d === null) {
        d = this.egressQ.shift();
        if (d !== null) this.beginEgress(d);
        else {
          if (this.blockedQ.size > 0) break; // backpressure: start nothing new
          d = this.recircQ.shift();
          if (d === null) {
            d = this.inputQ.shift();
            if (d === null) break;
            if (this.straight !== null) {
              n++;
              n += this.runStraight(d, n < budget);
              this.throwPending();
              continue;
            }
            d.std.ingress_global_timestamp = this.now;
          }
        }
      }
      n++;
      if (this.plainStages !== null) n += this.advancePlain(d, this.plainStages, n < budget);
      else if (this.longjumpStages !== null) n += this.advanceLongjump(d, n < budget);
      // a resumed continuation goes on to egress also while other resumed packets wait (as in longjump)
      else if (d.continuation !== null) n += this.resumeStraight(d, n < budget && this.egressQ.head === null);
      else this.advance(d);
      this.throwPending();
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------
  // Straight path
  // ---------------------------------------------------------------------------------------

  /**
   * A new packet through the program's straight path; where it hands the packet over, the
   * general path goes on from there. Returns the work items done beyond the first (0 or 1).
   */
  private runStraight(d: PacketDescriptor<S>, fuse: boolean): number {
    let status: number;
    const outer = this.current;
    this.current = d;
    try {
      status = this.straight!(this.straightServices, d.data, d.start, d.ingressLength, d.std.ingress_port, fuse);
    } catch (err) {
      this.current = outer;
      this.fail(d, err);
      return 0;
    }
    this.current = outer;
    return this.straightEnded(d, status, fuse);
  }

  /** Where a straight path handed packet `d` over (`status`): the general path goes on. Returns the work items done beyond the first. */
  private straightEnded(d: PacketDescriptor<S>, status: number, fuse: boolean): number {
    switch (status) {
      case StraightStatus.DONE:
        return 0;
      case StraightStatus.DONE_FUSED:
        return 1;
      case StraightStatus.INGRESS_END:
        this.endIngress(d);
        return 0;
      case StraightStatus.EGRESS_END:
        if (this.endEgress(d)) this.deparseGeneral(d);
        return 1;
      case StraightStatus.DEPARSE:
        this.deparseGeneral(d);
        return 1;
      case StraightStatus.PARKED:
        if (!this.parkHere(d)) return 0;
        // the task ran at once: the packet goes on from its site
        return this.straightResume !== null ? this.continueStraight(d, fuse) : this.advanceLongjump(d, fuse);
      case StraightStatus.SUSPENDED:
        // context mode: the packet waits at a site as its continuation (made by the straight path)
        return this.waitStraight(d, fuse, Stage.PARSER);
      default:
        this.fail(d, new Error(`straight path returned ${status}`));
        return 0;
    }
  }

  /**
   * Context mode: packet `d` waits at an extern site of stage `d.stage` as its straight-path
   * continuation (`d.continuation`, `d.task` set by the straight path, from a stage before egress
   * when `from` is): its task goes to the executor, or, when the task ran at once (inline
   * fallback), the continuation goes on at once. Returns the work items done beyond the first, as
   * the general path would count them: 1 when the packet went on from ingress to egress in this call.
   */
  private waitStraight(d: PacketDescriptor<S>, fuse: boolean, from: number): number {
    return this.park(d) ? this.runContinuation(d, fuse, from) : this.fusedSince(d, from);
  }

  /** Context mode: a packet whose task is done goes on in its straight path where it waited. */
  private resumeStraight(d: PacketDescriptor<S>, fuse: boolean): number {
    return this.runContinuation(d, fuse, d.stage);
  }

  /**
   * Calls `d`'s continuation (its task done): on to where the packet leaves, or to its next site,
   * where it waits — or, when that site's task runs at once, goes on again: a loop, so that however
   * many sites in a row run their tasks at once, the stack does not grow.
   */
  private runContinuation(d: PacketDescriptor<S>, fuse: boolean, from: number): number {
    for (;;) {
      const k = d.continuation!;
      d.continuation = null;
      d.task = null;
      let status: number;
      const outer = this.current;
      this.current = d;
      try {
        status = k(fuse);
      } catch (err) {
        this.current = outer;
        this.fail(d, err);
        return 0;
      }
      this.current = outer;
      if (status !== StraightStatus.SUSPENDED) {
        const fused = this.straightEnded(d, status, fuse);
        return from < Stage.EGRESS ? fused : 0;
      }
      if (!this.park(d)) return this.fusedSince(d, from);
    }
  }

  /** 1 when packet `d`, which set out from stage `from` in this call, went on from before egress to egress (a work item more). */
  private fusedSince(d: PacketDescriptor<S>, from: number): number {
    return from < Stage.EGRESS && d.stage >= Stage.EGRESS ? 1 : 0;
  }

  /**
   * The deparser and the output of a packet the straight path took through computeChecksum (by
   * `advance`: a deparser with an extern site parks or yields there as in any stage).
   */
  private deparseGeneral(d: PacketDescriptor<S>): void {
    beginDeparse(d, this.maxEmitBytes);
    d.stage = Stage.DEPARSER;
    d.resumeSite = 0;
    this.advance(d);
  }

  /**
   * `StraightPathServices.transmit`: the running packet's output; its descriptor, if it has one,
   * released. The packet is out (counted transmitted) before the output callback runs: an error
   * the callback throws does not make it a failed packet (no drop counted, no descriptor taken
   * for it, the one it has released all the same). The error is kept for the run to throw, and
   * the straight path returns as after any output.
   */
  private transmitStraight(port: number, data: Uint8Array, start: number, length: number): void {
    const d = this.current;
    if (d !== null) {
      this.current = null;
      this.output(d, port, start, length);
      this.pool.releaseStraight(d);
      return;
    }
    this.outputFrame(port, data, start, length, this.frameOrigin);
  }

  /** `StraightPathServices.takeOver`. */
  private takeOver(d: PacketDescriptor<S>, egressPort: number): void {
    const std = d.std;
    const port = std.ingress_port;
    std.reset();
    std.ingress_port = port;
    std.packet_length = d.ingressLength;
    std.instance_type = InstanceType.NORMAL;
    std.ingress_global_timestamp = this.now;
    d.stage = Stage.INGRESS;
    if (egressPort >= 0) this.fuseToEgress(d, egressPort);
  }

  /** `StraightPathServices.runHere`: the inline fallback `park` takes, asked before the packet becomes a continuation. */
  private runHere(d: PacketDescriptor<S>, task: ExternTask): boolean {
    // (tasks wait for room in `blockedQ` only without the inline fallback: nothing to ask then)
    if (!this.inlineFallback || this.executor.declines?.(task) !== true) return false;
    task.handle = d.slot;
    task.failure = null;
    const failure = this.runFallback(task);
    if (failure !== null) throw new ExternFailure(failure);
    return true;
  }

  /** The inline fallback: runs `task` on the switch's own thread and counts it. Returns its failure, or null. */
  private runFallback(task: ExternTask): string | null {
    this.stats.inlineFallbacks++;
    try {
      task.runInline();
    } catch {
      task.failure = 'extern-exception';
    }
    return task.failure;
  }

  // ---------------------------------------------------------------------------------------
  // Pipeline driver
  // ---------------------------------------------------------------------------------------

  private advance(d: PacketDescriptor<S>): void {
    for (;;) {
      let status: number;
      try {
        status = this.runStage(d);
      } catch (err) {
        this.fail(d, err);
        return;
      }
      if (status === StageStatus.PARKED) {
        if (!this.park(d)) return;
        continue; // task ran inline: re-enter the stage at once
      }
      d.resumeSite = 0;
      d.gen = null;
      d.task = null;
      switch (d.stage) {
        case Stage.PARSER:
          if (d.flow === Flow.CLONE_REPARSE) {
            this.finishCloneReparse(d);
            return;
          }
          d.stage = Stage.VERIFY_CHECKSUM;
          break;
        case Stage.VERIFY_CHECKSUM:
          d.stage = Stage.INGRESS;
          break;
        case Stage.INGRESS:
          this.endIngress(d);
          return;
        case Stage.EGRESS:
          if (!this.endEgress(d)) return;
          d.stage = Stage.COMPUTE_CHECKSUM;
          break;
        case Stage.COMPUTE_CHECKSUM:
          beginDeparse(d, this.maxEmitBytes);
          d.stage = Stage.DEPARSER;
          break;
        default:
          this.endDeparse(d);
          return;
      }
    }
  }

  /**
   * `advance` for plain stages (sync mode): no extern site can park the packet, so each stage
   * is called directly, in order, up to the next queue (end of ingress) or the output. A packet
   * enters here at the parser (new, resubmitted, recirculated, I2E clone) or at egress.
   *
   * Run to completion: when `fuse` allows a second work item and the packet ends ingress as a
   * plain unicast (no clone, digest, resubmit or multicast; not dropped) while no other packet
   * waits for egress or is ready, it goes on through egress to the output in the same call,
   * without the egress queue. The general path would take it from that queue as the very next
   * work item with the same clock reading, so the result is the same (queue depth 0 at enqueue
   * and dequeue, no queueing delay). Returns the work items done beyond the first (0 or 1).
   */
  private advancePlain(d: PacketDescriptor<S>, p: SyncProgram<S>, fuse: boolean): number {
    let fused = 0;
    if (d.stage === Stage.PARSER) {
      try {
        p.parser(d);
      } catch (err) {
        this.fail(d, err);
        return 0;
      }
      if (d.flow === Flow.CLONE_REPARSE) {
        this.finishCloneReparse(d);
        return 0;
      }
      try {
        d.stage = Stage.VERIFY_CHECKSUM;
        p.verifyChecksum(d);
        d.stage = Stage.INGRESS;
        p.ingress(d);
      } catch (err) {
        this.fail(d, err);
        return 0;
      }
      const std = d.std;
      const port = std.egress_spec & 0x1ff;
      if (
        !fuse ||
        d.cloneSession >= 0 ||
        d.digestReceiver >= 0 ||
        d.resubmitFieldList >= 0 ||
        std.mcast_grp !== 0 ||
        port === this.dropPort ||
        this.egressQ.head !== null ||
        this.readyQ.head !== null
      ) {
        this.endIngress(d);
        return 0;
      }
      this.fuseToEgress(d, port);
      fused = 1;
    } else if (d.stage !== Stage.EGRESS) {
      this.advance(d);
      return 0;
    }
    try {
      p.egress(d);
    } catch (err) {
      this.fail(d, err);
      return fused;
    }
    if (!this.endEgress(d)) return fused;
    try {
      d.stage = Stage.COMPUTE_CHECKSUM;
      p.computeChecksum(d);
      beginDeparse(d, this.maxEmitBytes);
      d.stage = Stage.DEPARSER;
      p.deparser(d);
    } catch (err) {
      this.fail(d, err);
      return fused;
    }
    this.endDeparse(d);
    return fused;
  }

  /**
   * The end of ingress of a plain unicast packet followed at once by the start of its egress, as
   * `endIngress` + `toEgress` + (the egress queue empty in between) `beginEgress` would do it:
   * queue depth 0 at enqueue and dequeue, no queueing delay.
   */
  private fuseToEgress(d: PacketDescriptor<S>, port: number): void {
    const std = d.std;
    std.instance_type = InstanceType.NORMAL;
    const now = this.now;
    const depth = this.egressDepth[port]!;
    std.egress_port = port;
    std.enq_timestamp = now >>> 0;
    std.enq_qdepth = depth;
    d.stage = Stage.EGRESS;
    d.resumeSite = 0;
    std.egress_spec = this.dropPort + 1;
    std.packet_length = d.ingressLength;
    std.egress_global_timestamp = now;
    std.deq_timedelta = 0;
    std.deq_qdepth = depth;
    d.clearRequests();
    if (this.tracer !== null) this.tracer.egress(d.packetId, port);
  }

  /**
   * `advance` for longjump mode, without its per-mode checks: the stage in `d.stage` is called
   * (fresh, or re-entered at its site when `d.resumeSite` is set: a packet resumed after its
   * task), then the next ones in order as long as they return DONE, with the same run to
   * completion as `advancePlain` (a plain unicast goes on from ingress to egress in this call when
   * `fuse` allows and no packet waits for egress). When a stage returns PARKED the task goes to the
   * executor (`parkHere`); if it was refused and ran inline here, the stage is re-entered at its
   * site at once and the packet goes on on this path. Returns the work items done beyond the first
   * (0 or 1), as `advancePlain`.
   *
   * A resumed packet goes on to egress also while other resumed packets wait (`readyQ`): its
   * egress runs before their rest of ingress, one valid schedule of the switch (without
   * the straight path's resume functions (`straightResume`: `continueStraight`), longjump mode
   * takes this path for them).
   */
  private advanceLongjump(d: PacketDescriptor<S>, fuse: boolean): number {
    let fused = 0;
    for (;;) {
      let status: number;
      try {
        status = this.callStage(d) as number;
      } catch (err) {
        this.fail(d, err);
        return fused;
      }
      if (status === StageStatus.PARKED) {
        if (this.parkHere(d)) continue; // ran inline: re-enter the stage at its site
        return fused;
      }
      d.resumeSite = 0;
      d.task = null;
      switch (d.stage) {
        case Stage.PARSER:
          if (d.flow === Flow.CLONE_REPARSE) {
            this.finishCloneReparse(d);
            return fused;
          }
          d.stage = Stage.VERIFY_CHECKSUM;
          break;
        case Stage.VERIFY_CHECKSUM:
          d.stage = Stage.INGRESS;
          break;
        case Stage.INGRESS: {
          const std = d.std;
          const port = std.egress_spec & 0x1ff;
          // The same condition as the sync path's, written out: a shared method measured ~10% slower.
          if (
            !fuse ||
            d.cloneSession >= 0 ||
            d.digestReceiver >= 0 ||
            d.resubmitFieldList >= 0 ||
            std.mcast_grp !== 0 ||
            port === this.dropPort ||
            this.egressQ.head !== null
          ) {
            this.endIngress(d);
            return fused;
          }
          this.fuseToEgress(d, port);
          fused = 1;
          break;
        }
        case Stage.EGRESS:
          if (!this.endEgress(d)) return fused;
          d.stage = Stage.COMPUTE_CHECKSUM;
          break;
        case Stage.COMPUTE_CHECKSUM:
          beginDeparse(d, this.maxEmitBytes);
          d.stage = Stage.DEPARSER;
          break;
        default:
          this.endDeparse(d);
          return fused;
      }
    }
  }

  /**
   * Longjump: packet `d`, back from its task (or with its task just run at once), goes on from its
   * site in the program's resume function for it (`straightResume`) instead of the stage
   * functions, to the output or to where it leaves the straight path again (`straightEnded`).
   * The same schedule as `advanceLongjump`: it goes on from ingress to egress in this call when
   * `fuse` allows and no packet waits for egress. Returns the work items done beyond the first.
   */
  private continueStraight(d: PacketDescriptor<S>, fuse: boolean): number {
    const from = d.stage;
    let status: number;
    const outer = this.current;
    this.current = d;
    try {
      status = this.straightResume!(d, this.straightServices, fuse && this.egressQ.head === null);
    } catch (err) {
      this.current = outer;
      this.fail(d, err);
      return 0;
    }
    this.current = outer;
    const fused = this.straightEnded(d, status, fuse);
    return from < Stage.EGRESS ? fused : 0;
  }

  /**
   * A stage returned PARKED on `advanceLongjump`'s path: the task goes to the executor (or the
   * blocked queue). True when it ran inline instead and the stage is to be re-entered at its site
   * now; false when the packet waits (or was dropped).
   */
  private parkHere(d: PacketDescriptor<S>): boolean {
    if (d.task === null) {
      this.fail(d, new Error(`${STAGE_NAMES[d.stage]} returned PARKED without setting d.task (site ${d.resumeSite})`));
      return false;
    }
    return this.park(d);
  }

  private runStage(d: PacketDescriptor<S>): number {
    if (this.modeCode === MODE_SYNC) {
      this.callStage(d);
      return StageStatus.DONE;
    }
    if (this.modeCode === MODE_LONGJUMP) {
      const status = this.callStage(d) as StageStatus;
      if (status === StageStatus.PARKED && d.task === null) {
        throw new Error(`${STAGE_NAMES[d.stage]} returned PARKED without setting d.task (site ${d.resumeSite})`);
      }
      return status;
    }
    let r: IteratorResult<ExternTask, void>;
    if (d.gen === null) {
      if (!this.isGenerator[d.stage]) {
        this.callStage(d);
        return StageStatus.DONE;
      }
      d.gen = (this.fns[d.stage] as ContextStage<S>)(d);
      r = d.gen.next();
    } else {
      r = d.gen.next(d.task!);
    }
    if (r.done === true) return StageStatus.DONE;
    d.task = r.value;
    return StageStatus.PARKED;
  }

  /**
   * Calls the stage function of `d.stage` (not a generator stage). One call site per stage,
   * instead of one through an array for all six, so each site sees a single function and the
   * JIT can inline it.
   */
  private callStage(d: PacketDescriptor<S>): unknown {
    const p = this.program;
    switch (d.stage) {
      case Stage.PARSER:
        return p.parser(d);
      case Stage.VERIFY_CHECKSUM:
        return p.verifyChecksum(d);
      case Stage.INGRESS:
        return p.ingress(d);
      case Stage.EGRESS:
        return p.egress(d);
      case Stage.COMPUTE_CHECKSUM:
        return p.computeChecksum(d);
      default:
        return p.deparser(d);
    }
  }

  /** Hands the packet's task to the executor. Returns true when the task ran inline and the stage can continue now. */
  private park(d: PacketDescriptor<S>): boolean {
    const task = d.task!;
    task.handle = d.slot;
    task.failure = null;
    if (this.tracer !== null) this.tracer.park(d.packetId, siteOf(task));
    if (this.blockedQ.size === 0 && this.executor.submit(task)) {
      this.parkedCount++;
      this.stats.parks++;
      return false;
    }
    if (this.inlineFallback) {
      const failure = this.runFallback(task);
      if (failure !== null) {
        this.drop(d, failure);
        return false;
      }
      if (this.tracer !== null) this.tracer.resume(d.packetId, siteOf(task));
      return true;
    }
    this.blockedQ.push(d);
    return false;
  }

  private retryBlocked(): void {
    while (this.blockedQ.head !== null) {
      const d = this.blockedQ.head;
      if (!this.executor.submit(d.task!)) return;
      this.blockedQ.shift();
      this.parkedCount++;
      this.stats.parks++;
    }
  }

  private taskDone(task: ExternTask): void {
    const d = this.pool.bySlot(task.handle);
    if (d === undefined || d.task !== task || d.free) {
      throw new Error(`executor returned a task with unknown handle ${task.handle}`);
    }
    this.parkedCount--;
    if (task.failure !== null) {
      this.drop(d, task.failure);
      return;
    }
    if (this.tracer !== null) this.tracer.resume(d.packetId, siteOf(task));
    this.readyQ.push(d);
  }

  private fail(d: PacketDescriptor<S>, err: unknown): void {
    d.gen = null;
    d.task = null;
    if (err instanceof ExternFailure) {
      this.drop(d, err.reason);
      return;
    }
    if (err instanceof PacketAbort) {
      this.drop(d, err.kind === 'assert' ? 'assert-failed' : 'assume-failed');
      if (this.assertPolicy === 'abort' && this.pendingError === null) this.pendingError = err;
      return;
    }
    if (this.stats.errors.length < 16) this.stats.errors.push(err);
    this.drop(d, 'program-error');
    if (this.errorPolicy === 'throw' && this.pendingError === null) this.pendingError = err;
  }

  private throwPending(): void {
    const err = this.pendingError;
    if (err !== null) {
      this.pendingError = null;
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------------
  // End of ingress
  // ---------------------------------------------------------------------------------------

  private endIngress(d: PacketDescriptor<S>): void {
    const std = d.std;
    if (d.cloneSession >= 0) this.cloneI2E(d);
    if (d.digestReceiver >= 0) this.deliverDigest(d);
    if (d.resubmitFieldList >= 0) {
      this.resubmit(d);
      return;
    }
    if (std.mcast_grp !== 0) {
      std.instance_type = InstanceType.REPLICATION;
      this.replicate(d, std.mcast_grp);
      return;
    }
    const port = std.egress_spec & 0x1ff;
    if (port === this.dropPort) {
      this.drop(d, 'ingress-drop');
      return;
    }
    std.instance_type = InstanceType.NORMAL;
    this.toEgress(d, port);
  }

  private deliverDigest(d: PacketDescriptor<S>): void {
    const receiver = d.digestReceiver;
    const data = d.digestData!;
    const type = d.digestType;
    d.digestReceiver = -1;
    d.digestData = null;
    this.stats.digests++;
    const cb = this.options.onDigest;
    if (cb) cb(receiver, data, d, type);
    else this.digests.push({ receiver, data, packetId: d.packetId, type });
  }

  private cloneI2E(d: PacketDescriptor<S>): void {
    const session = d.cloneSession;
    const fieldList = d.cloneFieldList;
    d.cloneSession = -1;
    d.cloneFieldList = -1;
    if (this.mirroring.get(session) === undefined) {
      this.stats.cloneSessionMissing++;
      return;
    }
    this.stats.clonesI2E++;
    this.stats.created++;
    const c = this.pool.alloc();
    if (c === null) {
      this.countDrop('no-buffer', null);
      return;
    }
    if (this.tracer !== null) this.tracer.clone(d.packetId, c.packetId, session, 'ingress');
    // The packet as it entered this ingress: the frame bytes are not modified before the deparser.
    copyBytes(c.data, d.start, d.data, d.start, d.end - d.start);
    c.start = d.start;
    c.cursor = d.start;
    c.end = d.end;
    c.ingressLength = d.ingressLength;
    c.passes = d.passes;
    c.origin = d.origin;
    this.program.resetState(c.state);
    // Keep the field list values of the original now (it may be gone when the re-parse ends).
    const aux = this.auxOf(c);
    this.copyFieldList(fieldList, aux, d.state);
    c.cloneFieldList = fieldList; // remembered for finishCloneReparse
    c.std.ingress_port = d.std.ingress_port; // the parser may branch on it (bmv2 does the same)
    c.flow = Flow.CLONE_REPARSE;
    c.pendingSession = session;
    c.stage = Stage.PARSER;
    this.readyQ.push(c);
  }

  private finishCloneReparse(c: PacketDescriptor<S>): void {
    const fieldList = c.cloneFieldList;
    const session = c.pendingSession;
    c.flow = Flow.PIPELINE;
    c.pendingSession = -1;
    c.cloneFieldList = -1;
    this.program.resetMetadata(c.state);
    this.copyFieldList(fieldList, c.state, c.aux!);
    c.std.reset();
    c.std.instance_type = InstanceType.INGRESS_CLONE;
    this.toSession(c, session);
  }

  private resubmit(d: PacketDescriptor<S>): void {
    const fieldList = d.resubmitFieldList;
    if (++d.passes > this.maxPasses) {
      this.drop(d, 'loop-limit');
      return;
    }
    this.stats.resubmitted++;
    if (this.tracer !== null) this.tracer.resubmit(d.packetId);
    this.preserveAndReset(d, fieldList);
    d.clearRequests();
    d.truncateLength = -1;
    d.cursor = d.start;
    d.std.reset();
    d.std.instance_type = InstanceType.RESUBMIT;
    d.std.packet_length = d.ingressLength;
    d.stage = Stage.PARSER;
    this.recircQ.push(d);
  }

  /** Sends `d` and copies of it to every member of `group`; consumes `d`. */
  private replicate(d: PacketDescriptor<S>, group: number): void {
    const g = this.multicast.raw(group);
    if (g === undefined || g.ports.length === 0) {
      this.drop(d, 'multicast-no-members');
      return;
    }
    this.replicateTo(d, group, g.rids, g.ports);
  }

  /**
   * Sends `d` and copies of it to each (rid, port) of the lists (at least one); consumes `d`.
   * `group` is the multicast group they are (0: a clone session's own replicas).
   */
  private replicateTo(d: PacketDescriptor<S>, group: number, rids: readonly number[], ports: readonly number[]): void {
    const n = ports.length;
    for (let i = 0; i < n - 1; i++) {
      this.stats.created++;
      const c = this.copyOf(d);
      if (c === null) {
        this.countDrop('no-buffer', null);
        continue;
      }
      c.std.egress_rid = rids[i]!;
      if (this.tracer !== null) this.tracer.multicast(d.packetId, group, c.packetId, ports[i]!, rids[i]!);
      this.toEgress(c, ports[i]!);
    }
    d.std.egress_rid = rids[n - 1]!;
    if (this.tracer !== null) this.tracer.multicast(d.packetId, group, d.packetId, ports[n - 1]!, rids[n - 1]!);
    this.toEgress(d, ports[n - 1]!);
  }

  /** Sends a clone instance to its mirroring session (port and/or group); consumes `c`. */
  private toSession(c: PacketDescriptor<S>, session: number): void {
    const s = this.mirroring.get(session);
    if (s === undefined) {
      // The session was deleted while the clone was being re-parsed.
      this.drop(c, 'mirror-session-missing');
      return;
    }
    if (s.truncateBytes !== undefined && !(c.truncateLength >= 0 && c.truncateLength <= s.truncateBytes)) c.truncateLength = s.truncateBytes;
    if (s.replicas !== undefined) {
      this.replicateTo(c, 0, s.replicaRids!, s.replicaPorts!);
    } else if (s.mcastGrp !== undefined && s.egressPort !== undefined) {
      this.stats.created++;
      const p = this.copyOf(c);
      if (p === null) this.countDrop('no-buffer', null);
      else this.toEgress(p, s.egressPort);
      this.replicate(c, s.mcastGrp);
    } else if (s.mcastGrp !== undefined) {
      this.replicate(c, s.mcastGrp);
    } else {
      this.toEgress(c, s.egressPort!);
    }
  }

  private toEgress(d: PacketDescriptor<S>, port: number): void {
    const std = d.std;
    std.egress_port = port;
    std.enq_timestamp = this.now >>> 0; // now mod 2^32 (an integer ≥ 0): no floating-point modulo
    std.enq_qdepth = this.egressDepth[port]!;
    this.egressDepth[port]!++;
    d.stage = Stage.EGRESS;
    d.resumeSite = 0;
    this.egressQ.push(d);
    if (this.tracer !== null) this.tracer.egress(d.packetId, port);
  }

  // ---------------------------------------------------------------------------------------
  // Egress
  // ---------------------------------------------------------------------------------------

  private beginEgress(d: PacketDescriptor<S>): void {
    const std = d.std;
    const port = std.egress_port;
    this.egressDepth[port]!--;
    const now = this.now;
    std.egress_spec = this.dropPort + 1;
    std.packet_length = d.ingressLength;
    std.egress_global_timestamp = now;
    std.deq_timedelta = Math.max(0, (now >>> 0) - std.enq_timestamp);
    std.deq_qdepth = this.egressDepth[port]!;
    d.clearRequests();
  }

  private endEgress(d: PacketDescriptor<S>): boolean {
    if (d.cloneSession >= 0) this.cloneE2E(d);
    if (d.std.egress_spec === this.dropPort) {
      this.drop(d, 'egress-drop');
      return false;
    }
    return true;
  }

  private cloneE2E(d: PacketDescriptor<S>): void {
    const session = d.cloneSession;
    const fieldList = d.cloneFieldList;
    d.cloneSession = -1;
    d.cloneFieldList = -1;
    if (this.mirroring.get(session) === undefined) {
      this.stats.cloneSessionMissing++;
      return;
    }
    this.stats.clonesE2E++;
    this.stats.created++;
    const c = this.copyOf(d);
    if (c === null) {
      this.countDrop('no-buffer', null);
      return;
    }
    if (this.tracer !== null) this.tracer.clone(d.packetId, c.packetId, session, 'egress');
    this.program.resetMetadata(c.state);
    this.copyFieldList(fieldList, c.state, d.state);
    c.std.reset();
    c.std.instance_type = InstanceType.EGRESS_CLONE;
    this.toSession(c, session);
  }

  /**
   * Assembles the frame in place: the emitted headers right before the payload (`placeHeaders`);
   * then truncate, recirculate or transmit.
   */
  private endDeparse(d: PacketDescriptor<S>): void {
    const frameStart = placeHeaders(d);
    if (frameStart < 0) {
      this.drop(d, 'oversize');
      return;
    }
    let length = d.end - frameStart;
    if (d.truncateLength >= 0 && length > d.truncateLength) length = d.truncateLength;
    if (d.recirculateFieldList >= 0) {
      this.recirculate(d, frameStart, length);
      return;
    }
    const port = d.std.egress_port;
    if (this.tracer !== null) this.tracer.transmit(d.packetId, port, length);
    this.output(d, port, frameStart, length);
    this.pool.release(d);
  }

  /** Counts packet `d` transmitted on `port` and hands its frame `d.data[start, start + length)` to the output callback. */
  private output(d: PacketDescriptor<S>, port: number, start: number, length: number): void {
    this.outputFrame(port, d.data, start, length, d.origin);
  }

  /**
   * Counts a frame `data[start, start + length)` transmitted on `port` and hands it to the output
   * callback with `origin`. The packet is out (counted once) before the callback runs: an error the
   * callback throws does not make it a failed packet; it is kept for the run to throw (the first
   * error kept, as `fail` keeps it), and the caller releases the packet's descriptor as after any output.
   */
  private outputFrame(port: number, data: Uint8Array, start: number, length: number, origin: number): void {
    const stats = this.stats;
    stats.transmitted++;
    stats.txByPort[port]!++;
    try {
      const raw = this.onOutputRaw;
      if (raw !== null) raw(port, data, start, length, origin);
      else if (this.onOutput !== null) this.onOutput(port, data.subarray(start, start + length), origin);
    } catch (err) {
      if (this.pendingError === null) this.pendingError = err;
    }
  }

  private recirculate(d: PacketDescriptor<S>, frameStart: number, length: number): void {
    const fieldList = d.recirculateFieldList;
    if (++d.passes > this.maxPasses) {
      this.drop(d, 'loop-limit');
      return;
    }
    if (length > this.maxFrameSize + this.headroom) {
      this.drop(d, 'oversize');
      return;
    }
    this.stats.recirculated++;
    if (this.tracer !== null) this.tracer.recirculate(d.packetId, length);
    this.preserveAndReset(d, fieldList);
    // back to the standard headroom (native memmove, no allocation)
    const h = this.headroom;
    if (frameStart !== h) d.data.copyWithin(h, frameStart, frameStart + length);
    d.start = h;
    d.cursor = h;
    d.end = h + length;
    d.outLength = 0;
    d.ingressLength = length;
    d.clearRequests();
    d.truncateLength = -1;
    d.std.reset();
    d.std.instance_type = InstanceType.RECIRC;
    d.std.packet_length = length;
    d.stage = Stage.PARSER;
    this.recircQ.push(d);
  }

  // ---------------------------------------------------------------------------------------
  // Descriptors
  // ---------------------------------------------------------------------------------------

  /** A full copy of `d` (bytes, cursor, standard metadata, headers and metadata), or null. */
  private copyOf(d: PacketDescriptor<S>): PacketDescriptor<S> | null {
    const c = this.pool.alloc();
    if (c === null) return null;
    copyBytes(c.data, d.start, d.data, d.start, d.end - d.start);
    c.start = d.start;
    c.end = d.end;
    c.cursor = d.cursor;
    c.ingressLength = d.ingressLength;
    c.truncateLength = d.truncateLength;
    c.passes = d.passes;
    c.origin = d.origin;
    c.std.copyFrom(d.std);
    this.program.copyState(c.state, d.state);
    // where the straight path found the headers (kept in `d.locals` for `straightResume`): the bytes are at the same offsets
    if (this.straightResume !== null) c.locals.num.set(d.locals.num);
    return c;
  }

  private auxOf(d: PacketDescriptor<S>): S {
    let aux = d.aux;
    if (aux === null) {
      aux = this.program.createState();
      d.aux = aux;
    }
    return aux;
  }

  private copyFieldList(index: number, dst: S, src: S): void {
    if (index < 0) return;
    const copier = this.program.fieldLists[index];
    if (copier === undefined) {
      this.stats.unknownFieldList++;
      return;
    }
    copier(dst, src);
  }

  /** Headers invalid, user metadata 0 except the fields of field list `index`, which keep their values. */
  private preserveAndReset(d: PacketDescriptor<S>, index: number): void {
    const copier = index >= 0 ? this.program.fieldLists[index] : undefined;
    if (index >= 0 && copier === undefined) this.stats.unknownFieldList++;
    if (copier === undefined) {
      this.program.resetState(d.state);
      return;
    }
    const aux = this.auxOf(d);
    copier(aux, d.state);
    this.program.resetState(d.state);
    copier(d.state, aux);
  }

  private drop(d: PacketDescriptor<S>, reason: string): void {
    this.countDrop(reason, d);
    this.pool.release(d);
  }

  private countDrop(reason: string, d: PacketDescriptor<S> | null): void {
    this.stats.dropped++;
    const m = this.stats.dropsByReason;
    m.set(reason, (m.get(reason) ?? 0) + 1);
    const cb = this.options.onDrop;
    if (cb) cb(reason, d);
    if (this.tracer !== null) this.tracer.drop(d === null ? 0 : d.packetId, reason);
  }
}
