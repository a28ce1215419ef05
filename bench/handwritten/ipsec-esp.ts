/**
 * examples/ipsec-esp written by hand, in the paper's four variants: the same work the compiled
 * program does on the v1model switch, as a person would write this one gateway in TypeScript —
 * the reference the compiled pipelines are measured against (`npm run bench`, scenario `ipsec`).
 * Never part of the data plane.
 *
 * Same frames, same entries, same co-processor, same ESP kernel as the compiled variants:
 * - packets live in buffers of the co-processor's shared `PacketPool` (the frame copied in at
 *   the same headroom), so a task names bytes instead of copying them;
 * - per packet: parse Ethernet (destination, source, EtherType) and look ahead at the IPv4
 *   header (protocol, the flow = low byte of the destination); not IPv4 → dropped; the
 *   `esp_policy` table — ternary on ingress port and protocol, range on the flow, entries in
 *   priority order, scanned until the first match (what a person writes for a handful of
 *   entries); `policy_hits` counted; `encapsulate(sa, port)`: the SA's sequence number and IV
 *   claimed here on the main thread, then `esp_encapsulate` on the payload (the IPv4 packet),
 *   by `runPayloadOp` or the co-processor's `p4ts-payload` op; `forward(port)`; `drop()`;
 * - deparse: the Ethernet header is emitted unchanged in front of the (new) payload — it is still
 *   there, in place (ESP works on the payload only), so a person writes nothing; output: counted
 *   per port and handed to the output callback; the buffer goes back to the pool.
 *
 * The variants differ only where the extern runs:
 * - `sync-inline`: at the call, on this thread;
 * - `sync-offload`: on the co-processor while this thread waits for the result;
 * - `context`: each packet's processing is a generator suspended at the call (`yield`) while the
 *   co-processor works, resumed when the result is back;
 * - `longjump`: the packet is parked (its buffer and the action's port in per-slot arrays, the
 *   task on the co-processor) and finished when the result is back.
 * In `context` and `longjump` the main thread helps when the co-processor falls more than a
 * behind (runs the task itself: `Coprocessor.behind`), as the compiled variants' executor does.
 */
import { Coprocessor, nowMicros, PacketPool } from '../../runtime/coprocessor/index.ts';
import { Status } from '../../runtime/coprocessor/protocol.ts';
import { PAYLOAD_OP_NAME } from '../../runtime/p4ts/coprocessor-ops.ts';
import { PayloadOp, runPayloadOp, SecurityStore, SharedSecurityConfig } from '../../runtime/p4ts/index.ts';
import type { SaConfig } from '../../runtime/ipsec/index.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';

export type HandwrittenVariantName = 'sync-inline' | 'sync-offload' | 'context' | 'longjump';

/** One `esp_policy` entry (numbers; `mask` 0 means "any"). */
export interface PolicyEntry {
  readonly priority: number;
  readonly port: number;
  readonly portMask: number;
  readonly protocol: number;
  readonly protocolMask: number;
  readonly flowLow: number;
  readonly flowHigh: number;
  readonly action: 'encapsulate' | 'decapsulate' | 'forward' | 'drop';
  /** encapsulate: the SA index. */
  readonly sa?: number;
  /** encapsulate, decapsulate, forward: the egress port. */
  readonly egressPort?: number;
}

export interface GatewayOptions {
  readonly variant: HandwrittenVariantName;
  /** Tasks per co-processor burst. */
  readonly burst: number;
  readonly sa: SaConfig;
  readonly policy: readonly PolicyEntry[];
  /** Each transmitted frame: `buffer[offset, offset + length)`, valid during the call. */
  readonly onOutput: (port: number, buffer: Uint8Array, offset: number, length: number) => void;
}

/** As the compiled variants' switch: 2048-byte frames, 256 bytes of headroom, 1024 packets. */
const MAX_FRAME = 2048;
const HEADROOM = 256;
const BUFFER = MAX_FRAME + 2 * HEADROOM;
const SLOTS = 1024;
const ETHERTYPE_IPV4 = 0x0800;

const ACT_ENCAPSULATE = 0;
const ACT_DECAPSULATE = 1;
const ACT_FORWARD = 2;
const ACT_DROP = 3;
const ACTION_IDS = { encapsulate: ACT_ENCAPSULATE, decapsulate: ACT_DECAPSULATE, forward: ACT_FORWARD, drop: ACT_DROP } as const;
const ENTRY_WORDS = 9;

export class HandwrittenGateway {
  readonly variant: HandwrittenVariantName;
  readonly pool = PacketPool.create(SLOTS + 8, BUFFER);
  readonly store = new SecurityStore();
  readonly txByPort = new Float64Array(512);
  /** `policy_hits`: packets per action (encapsulate, decapsulate, forward). */
  readonly policyHits = new Float64Array(4);
  received = 0;
  transmitted = 0;
  dropped = 0;
  /** Tasks the main thread ran because the co-processor was behind, or full. */
  helped = 0;
  /** Tasks the co-processor took. */
  offloaded = 0;
  /** Packets inside the gateway (waiting for a task included). */
  inFlight = 0;

  /** The policy, flattened: per entry port, port mask, protocol, mask, flow low, high, action, sa, egress port. */
  private readonly policy: Int32Array;
  private readonly entries: number;
  private readonly onOutput: GatewayOptions['onOutput'];
  private readonly cop: Coprocessor | null;
  /** The co-processor (null in sync-inline), for readings of its worker (`Coprocessor.workerStats`). */
  get coprocessor(): Coprocessor | null {
    return this.cop;
  }
  private readonly shared = new SharedSecurityConfig();
  private op = -1;
  /** Per slot (pool buffer): where the payload starts and ends, the egress port of its action. */
  private readonly payloadStart = new Int32Array(SLOTS + 8);
  private readonly payloadEnd = new Int32Array(SLOTS + 8);
  private readonly egress = new Int32Array(SLOTS + 8);
  /** context: the suspended processing of each slot's packet. */
  private readonly suspended: (Generator<void, void, void> | null)[] = new Array<Generator<void, void, void> | null>(SLOTS + 8).fill(null);
  /** sync-offload: the result this thread waits for. */
  private waitingFor = -1;
  private waitDone = false;
  private readonly onResult = (slot: number, status: number, _buf: number, _offset: number, length: number): void => this.result(slot, status, length);

  constructor(o: GatewayOptions) {
    this.variant = o.variant;
    this.onOutput = o.onOutput;
    this.store.setSa(0, o.sa);
    const sorted = [...o.policy].sort((a, b) => b.priority - a.priority);
    this.entries = sorted.length;
    this.policy = new Int32Array(sorted.length * ENTRY_WORDS);
    sorted.forEach((e, i) => {
      this.policy.set([e.port, e.portMask, e.protocol, e.protocolMask, e.flowLow, e.flowHigh, ACTION_IDS[e.action], e.sa ?? 0, e.egressPort ?? 0], i * ENTRY_WORDS);
    });
    this.cop =
      o.variant === 'sync-inline'
        ? null
        : new Coprocessor({
            pool: this.pool,
            burstSize: o.burst,
            capacity: SLOTS,
            opModules: [{ url: ownModuleUrl('../../runtime/p4ts/coprocessor-ops.ts', import.meta.url).href, config: { shared: this.shared.sab } }],
          });
  }

  async start(): Promise<void> {
    if (this.cop === null) return;
    this.shared.publish(this.store.config());
    await this.cop.start();
    this.op = this.cop.opcode(PAYLOAD_OP_NAME);
  }

  close(): void {
    void this.cop?.close();
  }

  /** Receives a frame on `inPort` (copied into a pool buffer) and processes it as far as it goes. */
  receive(inPort: number, frame: Uint8Array): void {
    this.received++;
    const slot = this.pool.alloc();
    if (slot < 0 || frame.length > MAX_FRAME) {
      if (slot >= 0) this.pool.free(slot);
      this.dropped++;
      return;
    }
    this.inFlight++;
    const b = this.pool.bytes(slot);
    b.set(frame, HEADROOM);
    if (this.variant === 'context') {
      const g = this.process(slot, inPort, HEADROOM + frame.length);
      if (g.next().done !== true) this.suspended[slot] = g;
      return;
    }
    this.processPacket(slot, inPort, HEADROOM + frame.length);
  }

  /** Polls the co-processor (publishing a partial burst older than its flush timeout) and finishes packets whose task is done. */
  service(): number {
    const cop = this.cop;
    if (cop === null) return 0;
    cop.tick(nowMicros());
    return cop.poll(this.onResult);
  }

  /** Nothing to do until the co-processor has a result: publishes a partial burst and sleeps until one is back. */
  waitForResult(): void {
    this.cop?.waitForResult();
  }

  /** Parse and ingress up to the extern (all variants but context); returns after the output or once parked. */
  private processPacket(slot: number, inPort: number, end: number): void {
    const b = this.pool.bytes(slot);
    const p = HEADROOM;
    // parser: Ethernet, then a look at the IPv4 header (not extracted: it stays payload)
    if (end - p < 14) return this.drop(slot);
    const type = (b[p + 12]! << 8) | b[p + 13]!;
    if (type !== ETHERTYPE_IPV4 || end - p < 34) return this.drop(slot); // !meta.is_ipv4 → drop()
    const protocol = b[p + 23]!;
    const flow = b[p + 33]!;
    // esp_policy
    const e = this.match(inPort, protocol, flow);
    if (e < 0) return this.drop(slot); // default_action drop()
    const pol = this.policy;
    const action = pol[e + 6]!;
    this.payloadStart[slot] = p + 14;
    this.payloadEnd[slot] = end;
    if (action === ACT_FORWARD) {
      this.policyHits[ACT_FORWARD]++;
      this.egress[slot] = pol[e + 8]!;
      this.finish(slot);
      return;
    }
    if (action === ACT_DROP) return this.drop(slot);
    this.policyHits[action]++;
    this.egress[slot] = pol[e + 8]!;
    const op = action === ACT_ENCAPSULATE ? PayloadOp.EspEncapsulate : PayloadOp.EspDecapsulate;
    this.claim(op, pol[e + 7]!);
    this.extern(slot, op, pol[e + 7]!);
  }

  /** context: the same processing as a generator, suspended at the extern until its result is back. */
  private *process(slot: number, inPort: number, end: number): Generator<void, void, void> {
    const b = this.pool.bytes(slot);
    const p = HEADROOM;
    if (end - p < 14) return this.drop(slot);
    const type = (b[p + 12]! << 8) | b[p + 13]!;
    if (type !== ETHERTYPE_IPV4 || end - p < 34) return this.drop(slot);
    const protocol = b[p + 23]!;
    const flow = b[p + 33]!;
    const e = this.match(inPort, protocol, flow);
    if (e < 0) return this.drop(slot);
    const pol = this.policy;
    const action = pol[e + 6]!;
    this.payloadStart[slot] = p + 14;
    this.payloadEnd[slot] = end;
    if (action === ACT_DROP) return this.drop(slot);
    this.policyHits[action]++;
    const port = pol[e + 8]!;
    if (action !== ACT_FORWARD) {
      const op = action === ACT_ENCAPSULATE ? PayloadOp.EspEncapsulate : PayloadOp.EspDecapsulate;
      this.claim(op, pol[e + 7]!);
      if (this.submit(slot, op, pol[e + 7]!)) {
        yield;
        // resumed: the task is done (a failed one never resumes)
      } else if (!this.runHere(slot, op, pol[e + 7]!)) {
        return;
      }
    }
    this.egress[slot] = port;
    this.finish(slot);
  }

  /** The first entry (in priority order) that matches, as an offset in `policy`, or -1. */
  private match(inPort: number, protocol: number, flow: number): number {
    const pol = this.policy;
    for (let i = 0, e = 0; i < this.entries; i++, e += ENTRY_WORDS) {
      if ((inPort & pol[e + 1]!) === pol[e]! && (protocol & pol[e + 3]!) === pol[e + 2]! && flow >= pol[e + 4]! && flow <= pol[e + 5]!) return e;
    }
    return -1;
  }

  /** The extern, in this variant's way (sync-inline, sync-offload, longjump). */
  private extern(slot: number, op: number, arg: number): void {
    if (this.variant === 'sync-inline') {
      if (this.runHere(slot, op, arg)) this.finish(slot);
      return;
    }
    if (this.variant === 'sync-offload') {
      if (!this.submit(slot, op, arg)) {
        if (this.runHere(slot, op, arg)) this.finish(slot);
        return;
      }
      // wait for this task's result (the paper's non-async offload)
      const cop = this.cop!;
      cop.flush();
      this.waitingFor = slot;
      this.waitDone = false;
      while (!this.waitDone) cop.poll(this.onResult);
      this.waitingFor = -1;
      return;
    }
    // longjump: parked until the result comes back (finished in `result`)
    if (!this.submit(slot, op, arg) && this.runHere(slot, op, arg)) this.finish(slot);
  }

  /**
   * Hands the task (its sequence number and IV claimed) to the co-processor; false when this
   * thread should run it instead (the co-processor behind, `Coprocessor.behind`, in the async
   * variants, or full).
   */
  private submit(slot: number, op: number, arg: number): boolean {
    const cop = this.cop!;
    if (this.variant !== 'sync-offload' && cop.behind) {
      this.helped++;
      return false;
    }
    const start = this.payloadStart[slot]!;
    if (!cop.submitOp(this.op, slot, slot, start, this.payloadEnd[slot]! - start, op, arg, this.seq, this.ivIndex)) {
      this.helped++;
      return false;
    }
    this.offloaded++;
    return true;
  }

  /** The sequence number and IV index of the task being issued. */
  private seq = 0;
  private ivIndex = 0;

  /** ESP encapsulation claims its SA's next sequence number and IV here, on the main thread, wherever the task then runs. */
  private claim(op: number, saIndex: number): void {
    this.seq = 0;
    this.ivIndex = 0;
    if (op === PayloadOp.EspEncapsulate) {
      const sa = this.store.sa(saIndex);
      if (sa !== undefined) {
        this.seq = sa.claimSeq();
        this.ivIndex = sa.claimIvIndex();
      }
    }
  }

  /** Runs the task (claimed) on this thread; false (packet dropped) when it failed. */
  private runHere(slot: number, op: number, arg: number): boolean {
    const b = this.pool.bytes(slot);
    const end = runPayloadOp(op, this.store, b, this.payloadStart[slot]!, this.payloadEnd[slot]!, b.length, arg, this.seq, this.ivIndex, 0);
    if (end < 0) {
      this.drop(slot);
      return false;
    }
    this.payloadEnd[slot] = end;
    return true;
  }

  /** A task came back from the co-processor. */
  private result(slot: number, status: number, length: number): void {
    if (status !== Status.Ok) {
      this.suspended[slot] = null;
      this.drop(slot);
    } else {
      this.payloadEnd[slot] = this.payloadStart[slot]! + length;
      if (this.variant === 'context') {
        const g = this.suspended[slot]!;
        this.suspended[slot] = null;
        g.next();
      } else {
        this.finish(slot);
      }
    }
    if (slot === this.waitingFor) this.waitDone = true;
  }

  /** Egress (nothing to do), deparse (the Ethernet header is in place in front of the payload), output. */
  private finish(slot: number): void {
    const b = this.pool.bytes(slot);
    const frame = this.payloadStart[slot]! - 14;
    const port = this.egress[slot]!;
    this.transmitted++;
    this.txByPort[port]++;
    this.onOutput(port, b, frame, this.payloadEnd[slot]! - frame);
    this.inFlight--;
    this.pool.free(slot);
  }

  private drop(slot: number): void {
    this.dropped++;
    this.inFlight--;
    this.pool.free(slot);
  }
}
