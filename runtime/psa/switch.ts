/**
 * The PSA software switch: runs a compiled `PsaProgram` the way the PSA specification (v1.2)
 * describes the `PSA_Switch` package, in any of the three execution modes, choosing as BMv2's
 * psa_switch does where the specification leaves a choice (docs/psa.md lists them).
 *
 * Packet life:
 *   ingress parser → ingress → ingress deparser → end of ingress:
 *     1. ostd.clone → one ingress-to-egress clone per copy of clone session
 *        ostd.clone_session_id, made of the packet as it entered the ingress parser, carrying
 *        clone_i2e_meta (an unconfigured session makes none): a session sends one copy to each
 *        of its (egress_port, instance) replicas (or to its port and/or multicast group), with
 *        the session's class_of_service, cut to its packet_length_bytes when it has one;
 *     2. ostd.drop → dropped `ingress-drop`;
 *     3. ostd.resubmit → back to the ingress parser with the bytes it arrived with, carrying
 *        resubmit_meta, packet_path RESUBMIT, the same ingress_port;
 *     4. ostd.multicast_group ≠ 0 → one copy of the deparsed packet per member (egress_port,
 *        instance) of the group, packet_path NORMAL_MULTICAST; a group without members drops it;
 *     5. otherwise the deparsed packet goes to ostd.egress_port (NORMAL_UNICAST), or is dropped
 *        `invalid-port` when that is no port of the switch.
 *   egress parser → egress → egress deparser → end of egress:
 *     1. ostd.clone → egress-to-egress clones of the deparsed packet, carrying clone_e2e_meta;
 *     2. ostd.drop → dropped `egress-drop`;
 *     3. egress_port = PSA_PORT_RECIRCULATE → back to the ingress parser with the deparsed
 *        bytes, carrying recirculate_meta, ingress_port PSA_PORT_RECIRCULATE, packet_path
 *        RECIRCULATE;
 *     4. otherwise transmitted on egress_port.
 * Both deparsers always run (their bridged outputs are needed even for dropped and resubmitted
 * packets); their packet output is used only on the paths above that send it on. Resubmits,
 * recirculations and egress-to-egress clones count as passes, bounded by `maxPasses`
 * (`loop-limit`). Every instance ends transmitted or dropped with a reason:
 * `received + created === transmitted + dropped + inFlight` at all times.
 */
import { PORT_COUNT, StageStatus } from '../v1model/constants.ts';
import { LiveLocals, PacketDescriptor, type SwitchServices } from '../v1model/descriptor.ts';
import { DescriptorQueue } from '../v1model/descriptor-queue.ts';
import { beginDeparse, placeHeaders } from '../v1model/deparse-frame.ts';
import { copyBytes } from '../packet/copy.ts';
import { ExternFailure, InlineExecutor, type ExternExecutor, type ExternTask } from '../tasks/executor.ts';
import { MonotonicClock, type Clock } from '../v1model/externs/clock.ts';
import { PacketAbort } from '../v1model/externs/primitives.ts';
import { Prng } from '../v1model/externs/random.ts';
import { MirroringSessions, MulticastGroups } from '../v1model/pre.ts';
import type { ContextStage, ExecutionMode } from '../v1model/program.ts';
import type { ControlPlaneRegistry } from '../v1model/registry.ts';
import type { V1SwitchOptions } from '../v1model/switch-options.ts';
import { V1SwitchStats } from '../v1model/switch-stats.ts';
import { PacketPath, PSA_CLONE_SESSION_TO_CPU, PSA_PORT_CPU, PSA_PORT_RECIRCULATE } from './constants.ts';
import { Digest } from './externs/digest.ts';
import type { PsaMetadata } from './metadata.ts';
import { PSA_STAGES, PsaStage } from '../../contract/psa.ts';
import type { PsaPacketState, PsaProgram } from './program.ts';
import { siteOf, type Tracer } from '../trace/index.ts';

export interface PsaDigestRecord {
  /** The control-plane name of the `Digest` instance. */
  readonly digest: string;
  readonly data: object;
  readonly packetId: number;
}

export interface PsaSwitchOptions<S> extends Omit<V1SwitchOptions<S>, 'dropPort' | 'onDigest'> {
  /**
   * A switch port (0..511) that stands for `PSA_PORT_CPU`: a packet injected there arrives with
   * ingress_port PSA_PORT_CPU, a packet sent to PSA_PORT_CPU leaves there. Without it the CPU
   * port is the number PSA_PORT_CPU itself.
   */
  cpuPort?: number;
  /** Each `Digest.pack` message (default: kept in `switch.digests`). */
  onDigest?: (digest: string, data: object, packetId: number) => void;
}

/** Whether `port` is a port of this switch (the specification's `platform_port_valid`). */
export function isPsaPort(port: number): boolean {
  return (Number.isInteger(port) && port >= 0 && port < PORT_COUNT) || port === PSA_PORT_CPU || port === PSA_PORT_RECIRCULATE;
}

/** `ClassOfService_t` is bit<8>: clone sessions may give any of its values. */
const PSA_MAX_CLASS_OF_SERVICE = 255;

const GeneratorFunctionPrototype: unknown = Object.getPrototypeOf(function* () {
  /* marker */
});

type AnyStage<S> = (d: PacketDescriptor<S>) => unknown;

/** The most bytes a packet may grow by in the deparsers (as the v1model switch). */
const DEFAULT_HEADROOM = 512;
const CLOCK_REFRESH = 256;

export class PsaSwitch<S extends PsaPacketState> implements SwitchServices {
  readonly program: PsaProgram<S>;
  readonly mode: ExecutionMode;
  readonly stats = new V1SwitchStats();
  readonly multicast = new MulticastGroups(isPsaPort);
  readonly mirroring = new MirroringSessions(isPsaPort, PSA_MAX_CLASS_OF_SERVICE);
  /** Digest messages received when no `onDigest` callback is given. */
  readonly digests: PsaDigestRecord[] = [];
  /** PSA has no drop port; a v1model primitive never runs here (kept for `SwitchServices`). */
  readonly dropPort = -1;
  readonly executor: ExternExecutor;
  /** The packet tracer (`options.tracer`), or null: every trace report below checks this first. */
  readonly tracer: Tracer | null;

  private readonly stages: readonly AnyStage<S>[];
  private readonly isGenerator: readonly boolean[];
  private readonly syncExecutor: ExternExecutor | null;
  private readonly inlineFallback: boolean;
  private readonly cpuPort: number;
  private readonly maxFrameSize: number;
  private readonly headroom: number;
  private readonly bufferSize: number;
  private readonly ingressMaxEmit: number;
  private readonly egressMaxEmit: number;
  private readonly maxDescriptors: number;
  private readonly maxPasses: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private readonly prng: Prng;
  private readonly options: PsaSwitchOptions<S>;
  private now = 0;
  /** `now` as the bigint the timestamps hold (made when the clock is read, not per packet). */
  private nowBig = 0n;

  private readonly pool: PacketDescriptor<S>[] = [];
  private freeList: PacketDescriptor<S> | null = null;
  private liveCount = 0;
  private nextPacketId = 1;
  private readonly inputQ = new DescriptorQueue<S>();
  private readonly recircQ = new DescriptorQueue<S>();
  private readonly egressQ = new DescriptorQueue<S>();
  private readonly readyQ = new DescriptorQueue<S>();
  private readonly blockedQ = new DescriptorQueue<S>();
  private parkedCount = 0;
  private pendingError: unknown = null;
  private readonly onTaskDone: (task: ExternTask) => void;
  private syncWaiting: ExternTask | null = null;
  private syncDone = false;
  private readonly onSyncDone: (task: ExternTask) => void;

  constructor(program: PsaProgram<S>, options: PsaSwitchOptions<S> = {}) {
    this.program = program;
    this.mode = program.mode;
    this.options = options;
    this.stages = PSA_STAGES.map((name) => program[name] as AnyStage<S>);
    this.isGenerator = this.stages.map((f) => Object.getPrototypeOf(f) === GeneratorFunctionPrototype);
    if (program.mode !== 'context' && this.isGenerator.some((g) => g)) {
      throw new Error(`program '${program.name}' declares mode '${program.mode}' but has generator stages`);
    }
    this.executor = options.executor ?? new InlineExecutor();
    this.tracer = options.tracer ?? null;
    this.syncExecutor = options.syncExecutor ?? null;
    this.inlineFallback = options.inlineFallback ?? true;
    const cpu = options.cpuPort;
    if (cpu !== undefined && !(Number.isInteger(cpu) && cpu >= 0 && cpu < PORT_COUNT)) throw new RangeError(`cpuPort ${cpu} out of range [0, ${PORT_COUNT - 1}]`);
    this.cpuPort = cpu ?? PSA_PORT_CPU;
    this.maxFrameSize = options.maxFrameSize ?? 9216;
    this.headroom = options.headroom ?? DEFAULT_HEADROOM;
    this.bufferSize = this.maxFrameSize + 2 * this.headroom;
    this.ingressMaxEmit = emitBound(program.ingressMaxEmitBytes);
    this.egressMaxEmit = emitBound(program.egressMaxEmitBytes);
    this.maxDescriptors = Math.max(1, options.maxDescriptors ?? 1024);
    this.maxPasses = options.maxPasses ?? 16;
    this.burst = Math.max(1, options.burst ?? 32);
    this.clock = options.clock ?? new MonotonicClock();
    this.prng = new Prng(options.seed ?? 1);
    this.onTaskDone = (task) => this.taskDone(task);
    this.onSyncDone = (task) => {
      if (task === this.syncWaiting) this.syncDone = true;
      else throw new Error('sync executor returned a task that was not submitted');
    };
    // The specification's preconfigured session: one copy to the CPU port, instance 0.
    this.mirroring.add(PSA_CLONE_SESSION_TO_CPU, { egressPort: PSA_PORT_CPU });
    for (const entry of program.objects.entries()) {
      if (entry.kind === 'digest' && entry.object instanceof Digest) entry.object.sink = (digest, data, packetId) => this.deliverDigest(digest, data, packetId);
    }
    const initial = Math.min(this.maxDescriptors, options.initialDescriptors ?? 64);
    for (let i = 0; i < initial; i++) this.release(this.createDescriptor());
    this.liveCount = 0;
  }

  /** The program's named objects (tables, counters, registers, digests, ...) for the control plane. */
  get controlPlane(): ControlPlaneRegistry {
    return this.program.objects;
  }

  /** Instances inside the switch (queued, in a pipeline, or parked on an extern). */
  get inFlight(): number {
    return this.liveCount;
  }

  /** Packets parked on an extern task right now. */
  get parked(): number {
    return this.parkedCount;
  }

  // ---------------------------------------------------------------------------------------
  // SwitchServices
  // ---------------------------------------------------------------------------------------

  runSync(task: ExternTask): void {
    const ex = this.syncExecutor;
    task.failure = null;
    if (ex === null) {
      task.runInline();
      return;
    }
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
    const deadline = Date.now() + (this.options.stallTimeoutMs ?? 10_000);
    while (!this.syncDone) {
      if (ex.poll(this.onSyncDone) === 0 && Date.now() > deadline) throw new Error('sync executor made no progress');
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

  private deliverDigest(digest: Digest, data: object, packetId: number): void {
    this.stats.digests++;
    const cb = this.options.onDigest;
    if (cb) cb(digest.name, data, packetId);
    else this.digests.push({ digest: digest.name, data, packetId });
  }

  // ---------------------------------------------------------------------------------------
  // Input and running
  // ---------------------------------------------------------------------------------------

  /**
   * Receives a frame on `port` (a switch port 0..511, `cpuPort`, or any 32-bit PortId value).
   * The bytes are copied; the packet is processed by the next `runUntilIdle`/`pump`. Returns
   * false when the packet was dropped at once (no buffer, oversize). `origin` is handed back
   * with every output the packet leads to (see `onOutputRaw`).
   */
  inject(port: number, bytes: Uint8Array, length: number = bytes.length, origin = 0): boolean {
    return this.injectFrom(port, bytes, 0, length, origin);
  }

  /** `inject` of `source[offset, offset + length)` (copied; no view of it is made). */
  injectFrom(port: number, source: Uint8Array, offset: number, length: number, origin = 0): boolean {
    if (!(Number.isInteger(port) && port >= 0 && port <= 0xffffffff)) throw new RangeError(`port ${port} out of range [0, 2^32)`);
    this.stats.received++;
    if (port < PORT_COUNT) this.stats.rxByPort[port]!++;
    if (length > this.maxFrameSize || !(offset >= 0 && offset + length <= source.length)) {
      this.countDrop('oversize', null);
      return false;
    }
    const d = this.alloc();
    if (d === null) {
      this.countDrop('no-buffer', null);
      return false;
    }
    const h = this.headroom;
    copyBytes(d.data, h, source, offset, length);
    d.origin = origin;
    d.start = h;
    d.cursor = h;
    d.end = h + length;
    const psa = d.state.psa;
    psa.ingressParserInput.ingress_port = port === this.cpuPort ? PSA_PORT_CPU : port;
    psa.ingressParserInput.packet_path = PacketPath.NORMAL;
    this.program.resetBridged(d.state);
    this.inputQ.push(d);
    if (this.tracer !== null) this.tracer.receive(d.packetId, port, length);
    return true;
  }

  /**
   * Runs until every packet has left the switch (transmitted or dropped). In async modes it
   * flushes partial bursts when nothing else is runnable and waits for outstanding tasks.
   */
  runUntilIdle(): void {
    this.readClock();
    let sinceClock = 0;
    let waitingSince = -1;
    const stallTimeoutMs = this.options.stallTimeoutMs ?? 10_000;
    for (;;) {
      const worked = this.pumpWork(this.burst);
      if (worked > 0) {
        waitingSince = -1;
        sinceClock += worked;
        if (sinceClock >= CLOCK_REFRESH) {
          this.readClock();
          sinceClock = 0;
        }
        continue;
      }
      if (this.parkedCount === 0 && this.blockedQ.size === 0) {
        if (this.liveCount !== 0) throw new Error(`switch idle with ${this.liveCount} instances unaccounted for`);
        return;
      }
      this.executor.flush();
      const done = this.executor.poll(this.onTaskDone);
      this.readClock();
      sinceClock = 0;
      if (done > 0) {
        waitingSince = -1;
        this.throwPending();
        continue;
      }
      const t = Date.now();
      if (waitingSince < 0) waitingSince = t;
      else if (t - waitingSince > stallTimeoutMs) {
        throw new Error(`extern executor made no progress for ${stallTimeoutMs} ms with ${this.parkedCount} packets parked`);
      }
    }
  }

  /**
   * One step of the main loop: hands blocked tasks to the executor, drains completed tasks,
   * then processes up to `budget` work items — resumed packets first, then egress, then
   * resubmitted/recirculated, then new packets. Returns the number of work items processed.
   */
  pump(budget: number = this.burst): number {
    this.readClock();
    return this.pumpWork(budget);
  }

  private readClock(): void {
    const now = this.clock.nowMicros();
    if (now !== this.now) {
      this.now = now;
      this.nowBig = BigInt(now);
    }
  }

  private pumpWork(budget: number): number {
    let n = 0;
    if (this.parkedCount > 0) n += this.executor.poll(this.onTaskDone);
    this.throwPending();
    this.retryBlocked();
    while (n < budget) {
      let d = this.readyQ.shift();
      if (d === null) {
        d = this.egressQ.shift();
        if (d !== null) this.beginEgress(d);
        else {
          if (this.blockedQ.size > 0) break; // backpressure: start nothing new
          d = this.recircQ.shift() ?? this.inputQ.shift();
          if (d === null) break;
          this.beginIngress(d);
        }
      }
      n++;
      this.advance(d);
      this.throwPending();
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------
  // Pipeline driver
  // ---------------------------------------------------------------------------------------

  /** Runs `d` from its current stage until it parks, is queued, or leaves the switch. */
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
        continue; // the task ran inline: re-enter the stage at its site now
      }
      d.resumeSite = 0;
      d.gen = null;
      d.task = null;
      const psa = d.state.psa;
      switch (d.stage) {
        case PsaStage.INGRESS_PARSER:
          this.endIngressParser(psa);
          d.stage = PsaStage.INGRESS;
          break;
        case PsaStage.INGRESS:
          beginDeparse(d, this.ingressDeparseInPlace(psa) ? this.ingressMaxEmit : -1);
          d.stage = PsaStage.INGRESS_DEPARSER;
          break;
        case PsaStage.INGRESS_DEPARSER:
          this.endIngress(d);
          return;
        case PsaStage.EGRESS_PARSER:
          this.endEgressParser(psa);
          d.stage = PsaStage.EGRESS;
          break;
        case PsaStage.EGRESS:
          psa.egressDeparserInput.egress_port = psa.egressParserInput.egress_port;
          beginDeparse(d, this.egressMaxEmit);
          d.stage = PsaStage.EGRESS_DEPARSER;
          break;
        default:
          this.endEgress(d);
          return;
      }
    }
  }

  private runStage(d: PacketDescriptor<S>): number {
    const stage = d.stage;
    if (this.mode === 'sync') {
      this.stages[stage]!(d);
      return StageStatus.DONE;
    }
    if (this.mode === 'longjump') {
      const status = this.stages[stage]!(d) as number;
      if (status === StageStatus.PARKED && d.task === null) {
        throw new Error(`${PSA_STAGES[stage]} returned PARKED without setting d.task (site ${d.resumeSite})`);
      }
      return status;
    }
    let r: IteratorResult<ExternTask, void>;
    if (d.gen === null) {
      if (!this.isGenerator[stage]) {
        this.stages[stage]!(d);
        return StageStatus.DONE;
      }
      d.gen = (this.stages[stage] as ContextStage<S>)(d);
      r = d.gen.next();
    } else {
      r = d.gen.next(d.task!);
    }
    if (r.done === true) return StageStatus.DONE;
    d.task = r.value;
    return StageStatus.PARKED;
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
      this.stats.inlineFallbacks++;
      try {
        task.runInline();
      } catch {
        task.failure = 'extern-exception';
      }
      if (task.failure !== null) {
        this.drop(d, task.failure);
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
    const d = this.pool[task.handle];
    if (d === undefined || d.task !== task || d.free) throw new Error(`executor returned a task with unknown handle ${task.handle}`);
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
      if (this.options.assertPolicy === 'abort' && this.pendingError === null) this.pendingError = err;
      return;
    }
    if (this.stats.errors.length < 16) this.stats.errors.push(err);
    this.drop(d, 'program-error');
    if ((this.options.errorPolicy ?? 'throw') === 'throw' && this.pendingError === null) this.pendingError = err;
  }

  private throwPending(): void {
    const err = this.pendingError;
    if (err !== null) {
      this.pendingError = null;
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Ingress
  // ---------------------------------------------------------------------------------------

  /** A packet (new, resubmitted or recirculated) enters the ingress parser. */
  private beginIngress(d: PacketDescriptor<S>): void {
    this.program.resetIngress(d.state);
    const input = d.state.psa.ingressInput;
    input.ingress_timestamp = this.nowBig;
    input.parser_error = 0;
    d.cursor = d.start;
    d.ingressLength = d.end - d.start;
    d.stage = PsaStage.INGRESS_PARSER;
    d.resumeSite = 0;
  }

  /** What ingress sees: the parser's inputs, and the output metadata at its initial values. */
  private endIngressParser(psa: PsaMetadata): void {
    const input = psa.ingressInput;
    input.ingress_port = psa.ingressParserInput.ingress_port;
    input.packet_path = psa.ingressParserInput.packet_path;
    const out = psa.ingressOutput;
    out.class_of_service = 0;
    out.clone = false;
    out.clone_session_id = 0;
    out.drop = true;
    out.resubmit = false;
    out.multicast_group = 0;
    out.egress_port = 0;
  }

  /**
   * The ingress deparser writes in place (over the parsed headers) only when the bytes the
   * packet arrived with are not needed afterwards: no clone, not dropped, not resubmitted.
   */
  private ingressDeparseInPlace(psa: PsaMetadata): boolean {
    const out = psa.ingressOutput;
    return !out.clone && !out.drop && !out.resubmit;
  }

  private endIngress(d: PacketDescriptor<S>): void {
    const out = d.state.psa.ingressOutput;
    if (out.clone) this.cloneI2E(d, out.clone_session_id);
    if (out.drop) {
      this.drop(d, 'ingress-drop');
      return;
    }
    if (out.resubmit) {
      this.resubmit(d);
      return;
    }
    if (!this.assemble(d)) return;
    const cos = out.class_of_service;
    if (out.multicast_group !== 0) {
      this.replicate(d, out.multicast_group, PacketPath.NORMAL_MULTICAST, cos);
      return;
    }
    const port = out.egress_port;
    if (!isPsaPort(port)) {
      this.drop(d, 'invalid-port');
      return;
    }
    this.toEgress(d, port, 0, PacketPath.NORMAL_UNICAST, cos);
  }

  /** Ingress-to-egress clones: the packet as it arrived (the ingress deparser wrote elsewhere). */
  private cloneI2E(d: PacketDescriptor<S>, session: number): void {
    const c = this.newClone(d, session, d.passes);
    if (c === null) return;
    this.stats.clonesI2E++;
    if (this.tracer !== null) this.tracer.clone(d.packetId, c.packetId, session, 'ingress');
    this.program.copyCloneI2E(c.state, d.state);
    this.toSession(c, session, PacketPath.CLONE_I2E);
  }

  /**
   * A new instance holding `d`'s packet `data[start, end)`, for a clone to `session`; null (and
   * counted) when the session is not configured, the clone would exceed `maxPasses`, or no
   * descriptor is free. Its bridged metadata starts at 0: the caller copies the clone's own.
   */
  private newClone(d: PacketDescriptor<S>, session: number, passes: number): PacketDescriptor<S> | null {
    const s = this.mirroring.get(session);
    if (s === undefined) {
      this.stats.cloneSessionMissing++;
      return null;
    }
    this.stats.created++;
    if (passes > this.maxPasses) {
      this.countDrop('loop-limit', null);
      return null;
    }
    const c = this.alloc();
    if (c === null) {
      this.countDrop('no-buffer', null);
      return null;
    }
    // A session's packet_length_bytes cuts the copy before the egress parser sees it.
    const length = s.truncateBytes !== undefined && d.end - d.start > s.truncateBytes ? s.truncateBytes : d.end - d.start;
    copyBytes(c.data, d.start, d.data, d.start, length);
    c.start = d.start;
    c.cursor = d.start;
    c.end = d.start + length;
    c.passes = passes;
    c.origin = d.origin;
    this.program.resetBridged(c.state);
    return c;
  }

  private resubmit(d: PacketDescriptor<S>): void {
    if (++d.passes > this.maxPasses) {
      this.drop(d, 'loop-limit');
      return;
    }
    this.stats.resubmitted++;
    if (this.tracer !== null) this.tracer.resubmit(d.packetId);
    // the bytes it arrived with: the ingress deparser did not write over them
    d.cursor = d.start;
    d.state.psa.ingressParserInput.packet_path = PacketPath.RESUBMIT;
    this.recircQ.push(d);
  }

  // ---------------------------------------------------------------------------------------
  // The packet replication engine
  // ---------------------------------------------------------------------------------------

  /** Sends `d` and copies of it to every member of `group`; consumes `d`. */
  private replicate(d: PacketDescriptor<S>, group: number, path: PacketPath, cos: number): void {
    const g = this.multicast.raw(group);
    if (g === undefined || g.ports.length === 0) {
      this.drop(d, 'multicast-no-members');
      return;
    }
    this.replicateTo(d, group, g.ports, g.rids, path, cos);
  }

  /**
   * Sends `d` and copies of it to each (port, instance) of the lists (at least one), each traced
   * as a member of `group` (0: a clone session's own replicas, as the v1model switch traces
   * them); consumes `d`.
   */
  private replicateTo(d: PacketDescriptor<S>, group: number, ports: readonly number[], rids: readonly number[], path: PacketPath, cos: number): void {
    const n = ports.length;
    for (let i = 0; i < n - 1; i++) {
      this.stats.created++;
      const c = this.copyOf(d);
      if (c === null) {
        this.countDrop('no-buffer', null);
        continue;
      }
      if (this.tracer !== null) this.tracer.multicast(d.packetId, group, c.packetId, ports[i]!, rids[i]!);
      this.toEgress(c, ports[i]!, rids[i]!, path, cos);
    }
    if (this.tracer !== null) this.tracer.multicast(d.packetId, group, d.packetId, ports[n - 1]!, rids[n - 1]!);
    this.toEgress(d, ports[n - 1]!, rids[n - 1]!, path, cos);
  }

  /**
   * Sends a clone to its session's replicas, or its port and/or multicast group, with the
   * session's class of service; consumes `c`.
   */
  private toSession(c: PacketDescriptor<S>, session: number, path: PacketPath): void {
    const s = this.mirroring.get(session)!;
    const cos = s.classOfService ?? 0;
    if (s.replicaPorts !== undefined) {
      this.replicateTo(c, 0, s.replicaPorts, s.replicaRids!, path, cos);
    } else if (s.mcastGrp !== undefined && s.egressPort !== undefined) {
      this.stats.created++;
      const p = this.copyOf(c);
      if (p === null) this.countDrop('no-buffer', null);
      else this.toEgress(p, s.egressPort, 0, path, cos);
      this.replicate(c, s.mcastGrp, path, cos);
    } else if (s.mcastGrp !== undefined) {
      this.replicate(c, s.mcastGrp, path, cos);
    } else {
      this.toEgress(c, s.egressPort!, 0, path, cos);
    }
  }

  private toEgress(d: PacketDescriptor<S>, port: number, instance: number, path: PacketPath, cos: number): void {
    const psa = d.state.psa;
    psa.egressParserInput.egress_port = port;
    psa.egressParserInput.packet_path = path;
    psa.egressInput.instance = instance;
    psa.egressInput.class_of_service = cos;
    d.stage = PsaStage.EGRESS_PARSER;
    d.resumeSite = 0;
    this.egressQ.push(d);
    if (this.tracer !== null) this.tracer.egress(d.packetId, port);
  }

  // ---------------------------------------------------------------------------------------
  // Egress
  // ---------------------------------------------------------------------------------------

  /** A copy leaves the packet buffer for the egress parser. */
  private beginEgress(d: PacketDescriptor<S>): void {
    this.program.resetEgress(d.state);
    const input = d.state.psa.egressInput;
    input.egress_timestamp = this.nowBig;
    input.parser_error = 0;
    d.cursor = d.start;
    d.ingressLength = d.end - d.start;
  }

  private endEgressParser(psa: PsaMetadata): void {
    psa.egressInput.egress_port = psa.egressParserInput.egress_port;
    psa.egressInput.packet_path = psa.egressParserInput.packet_path;
    const out = psa.egressOutput;
    out.clone = false;
    out.clone_session_id = 0;
    out.drop = false;
  }

  private endEgress(d: PacketDescriptor<S>): void {
    if (!this.assemble(d)) return;
    const psa = d.state.psa;
    const out = psa.egressOutput;
    if (out.clone) this.cloneE2E(d, out.clone_session_id);
    if (out.drop) {
      this.drop(d, 'egress-drop');
      return;
    }
    const port = psa.egressParserInput.egress_port;
    if (port === PSA_PORT_RECIRCULATE) {
      this.recirculate(d);
      return;
    }
    this.transmit(d, port === PSA_PORT_CPU ? this.cpuPort : port);
  }

  /** Egress-to-egress clones: the packet as the egress deparser sent it out (one pass more). */
  private cloneE2E(d: PacketDescriptor<S>, session: number): void {
    const c = this.newClone(d, session, d.passes + 1);
    if (c === null) return;
    this.stats.clonesE2E++;
    if (this.tracer !== null) this.tracer.clone(d.packetId, c.packetId, session, 'egress');
    this.program.copyCloneE2E(c.state, d.state);
    this.toSession(c, session, PacketPath.CLONE_E2E);
  }

  private recirculate(d: PacketDescriptor<S>): void {
    if (++d.passes > this.maxPasses) {
      this.drop(d, 'loop-limit');
      return;
    }
    const length = d.end - d.start;
    if (length > this.maxFrameSize + this.headroom) {
      this.drop(d, 'oversize');
      return;
    }
    this.stats.recirculated++;
    if (this.tracer !== null) this.tracer.recirculate(d.packetId, length);
    // back to the standard headroom (native memmove, no allocation)
    const h = this.headroom;
    if (d.start !== h) d.data.copyWithin(h, d.start, d.end);
    d.start = h;
    d.end = h + length;
    const input = d.state.psa.ingressParserInput;
    input.ingress_port = PSA_PORT_RECIRCULATE;
    input.packet_path = PacketPath.RECIRCULATE;
    this.recircQ.push(d);
  }

  private transmit(d: PacketDescriptor<S>, port: number): void {
    const start = d.start;
    const length = d.end - start;
    this.stats.transmitted++;
    if (port < PORT_COUNT) this.stats.txByPort[port]!++;
    if (this.tracer !== null) this.tracer.transmit(d.packetId, port, length);
    const raw = this.options.onOutputRaw;
    if (raw) raw(port, d.data, start, length, d.origin);
    else {
      const cb = this.options.onOutput;
      if (cb) cb(port, d.data.subarray(start, start + length), d.origin);
    }
    this.release(d);
  }

  // ---------------------------------------------------------------------------------------
  // Deparsing
  // ---------------------------------------------------------------------------------------

  /**
   * Puts the deparsed headers right before the payload (`placeHeaders`): the packet is then
   * `data[start, end)`. Returns false (the packet dropped `oversize`) when they do not fit.
   */
  private assemble(d: PacketDescriptor<S>): boolean {
    const frameStart = placeHeaders(d);
    if (frameStart < 0) {
      this.drop(d, 'oversize');
      return false;
    }
    d.start = frameStart;
    d.cursor = frameStart;
    d.outLength = 0;
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Descriptors
  // ---------------------------------------------------------------------------------------

  private createDescriptor(): PacketDescriptor<S> {
    const p = this.program;
    const d = new PacketDescriptor<S>(
      this.pool.length,
      p.createState(),
      this.bufferSize,
      this.bufferSize - this.headroom,
      new LiveLocals(p.liveNumbers, p.liveBigints, p.liveRefs),
      this,
      this.options.allocateBuffer?.(this.bufferSize),
    );
    this.pool.push(d);
    return d;
  }

  private alloc(): PacketDescriptor<S> | null {
    let d = this.freeList;
    if (d !== null) this.freeList = d.next;
    else if (this.pool.length < this.maxDescriptors) d = this.createDescriptor();
    else return null;
    d.next = null;
    d.free = false;
    d.packetId = this.nextPacketId++;
    d.start = 0;
    d.end = 0;
    d.cursor = 0;
    d.outLength = 0;
    d.ingressLength = 0;
    d.stage = PsaStage.INGRESS_PARSER;
    d.resumeSite = 0;
    d.task = null;
    d.gen = null;
    d.passes = 0;
    this.liveCount++;
    return d;
  }

  private release(d: PacketDescriptor<S>): void {
    d.free = true;
    d.data = d.ownData;
    d.out = d.ownOut;
    d.task = null;
    d.gen = null;
    d.next = this.freeList;
    this.freeList = d;
    this.liveCount--;
  }

  /** A full copy of `d` (bytes, program state, intrinsic metadata), or null. */
  private copyOf(d: PacketDescriptor<S>): PacketDescriptor<S> | null {
    const c = this.alloc();
    if (c === null) return null;
    copyBytes(c.data, d.start, d.data, d.start, d.end - d.start);
    c.start = d.start;
    c.end = d.end;
    c.cursor = d.cursor;
    c.passes = d.passes;
    c.origin = d.origin;
    this.program.copyState(c.state, d.state);
    c.state.psa.copyFrom(d.state.psa);
    return c;
  }

  private drop(d: PacketDescriptor<S>, reason: string): void {
    this.countDrop(reason, d);
    this.release(d);
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

function emitBound(n: number | undefined): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : -1;
}
