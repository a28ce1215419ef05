/**
 * The switch's packet descriptors: created up front, grown on demand up to a maximum, recycled
 * through a free list, so nothing is allocated per packet in steady state. A descriptor's slot
 * is its index here (the handle its extern tasks carry).
 */
import { Flow, LiveLocals, PacketDescriptor, type SwitchServices } from './descriptor.ts';
import type { V1ProgramBase } from './program.ts';

export interface DescriptorPoolOptions {
  /** Bytes of each packet buffer (frame + headroom). */
  readonly bufferSize: number;
  /** Bytes kept in front of the frame (the deparser's scratch buffer is `bufferSize - headroom`). */
  readonly headroom: number;
  /** Descriptors created up front. */
  readonly initial: number;
  /** Descriptors at most. */
  readonly max: number;
  /** Allocates a packet buffer (default: a fresh `Uint8Array`). */
  readonly allocateBuffer?: ((size: number) => Uint8Array) | undefined;
}

export class DescriptorPool<S> {
  /** Every descriptor created, by slot. */
  private readonly all: PacketDescriptor<S>[] = [];
  private freeList: PacketDescriptor<S> | null = null;
  /**
   * See `takeSpare`; read by `V1Switch.receive` and `V1Switch.receiveBuffer` for their fast paths,
   * which run a packet without a descriptor and give it this one if it needs one (`takeSpareFor`).
   * Its `free` is true when it holds no packet and its buffer no frame: `V1Switch.receive` marks
   * it taken while the packet it runs without a descriptor is in the spare's buffer, which `live`
   * does not count (so `live === 0` does not mean the spare is free; a packet received meanwhile,
   * from a callback, sees `free` false and takes another descriptor).
   */
  spare: PacketDescriptor<S> | null = null;
  /** Descriptors handed out and not released. */
  live = 0;
  /** The id the next packet instance gets (`V1Switch` counts a packet that runs without a descriptor here too). */
  nextPacketId = 1;
  private readonly bufferSize: number;
  private readonly outSize: number;
  private readonly max: number;
  private readonly allocateBuffer: ((size: number) => Uint8Array) | undefined;

  constructor(
    private readonly program: V1ProgramBase<S>,
    private readonly services: SwitchServices,
    options: DescriptorPoolOptions,
  ) {
    this.bufferSize = options.bufferSize;
    this.outSize = options.bufferSize - options.headroom;
    this.max = Math.max(1, options.max);
    this.allocateBuffer = options.allocateBuffer;
    const initial = Math.min(this.max, options.initial);
    for (let i = 0; i < initial; i++) this.release(this.create());
    this.live = 0;
  }

  /** Descriptors created so far. */
  get size(): number {
    return this.all.length;
  }

  /** The descriptor in `slot`, or undefined. */
  bySlot(slot: number): PacketDescriptor<S> | undefined {
    return this.all[slot];
  }

  /** A descriptor reset for a new packet instance (new id, parser stage, no requests), or null when all `max` are in use. */
  alloc(): PacketDescriptor<S> | null {
    const d = this.take();
    if (d === null) return null;
    this.beginPacket(d);
    d.start = 0;
    d.end = 0;
    d.cursor = 0;
    d.outLength = 0;
    d.ingressLength = 0;
    d.std.reset();
    d.task = null;
    d.gen = null;
    d.clearRequests();
    d.truncateLength = -1;
    d.passes = 0;
    d.flow = Flow.PIPELINE;
    d.pendingSession = -1;
    return d;
  }

  /**
   * A descriptor for a new packet of a program with a straight path, without resetting what such
   * a program never sets: its clone, resubmit, recirculate, digest and truncate requests, passes
   * and flow stay as constructed (`alloc` resets them for everyone else); standard metadata and
   * state are the straight path's own business (it reads neither, and writes back what the general
   * path reads when it hands a packet over). Null when all `max` are in use.
   */
  allocStraight(): PacketDescriptor<S> | null {
    const d = this.take();
    return d === null ? null : this.beginPacket(d);
  }

  /** A descriptor out of the free list, or a new one while fewer than `max` exist; else null. */
  private take(): PacketDescriptor<S> | null {
    let d = this.freeList;
    if (d !== null) this.freeList = d.next;
    else if (this.all.length < this.max) d = this.create();
    else return null;
    d.next = null;
    return d;
  }

  /** `d` (out of the free list) live for a new packet: a new id, at the parser (all a straight-path packet needs; `alloc` resets the rest). */
  beginPacket(d: PacketDescriptor<S>): PacketDescriptor<S> {
    return this.beginPacketAs(d, this.nextPacketId++);
  }

  /** `beginPacket` with the id `id` the packet already has. */
  private beginPacketAs(d: PacketDescriptor<S>, id: number): PacketDescriptor<S> {
    d.free = false;
    d.packetId = id;
    d.stage = 0; // V1Stage.PARSER: a literal (the imported constant costs a cell load and two checks per packet; test/runtime/v1model/switch.test.ts checks it is 0)
    d.resumeSite = 0;
    this.live++;
    return d;
  }

  /**
   * The descriptor a new packet that may run through the straight path at once gets: one kept
   * aside between packets (not in the free list), so a packet the straight path takes to the
   * output costs no free-list traffic. Counted live while in use, as any other. Null when all
   * `max` are in use.
   */
  takeSpare(): PacketDescriptor<S> | null {
    const d = this.spare;
    if (d === null || !d.free) {
      // none yet, or in use (a packet received from inside another's output callback)
      const n = this.allocStraight();
      if (d === null) this.spare = n;
      return n;
    }
    return this.beginPacket(d);
  }

  /**
   * The spare (which must exist and hold no packet) as the descriptor of packet `id`, which ran
   * without one so far (`V1Switch.runFrame`): live, at the parser, as `beginPacket` makes it.
   */
  takeSpareFor(id: number): PacketDescriptor<S> {
    return this.beginPacketAs(this.spare!, id);
  }

  /**
   * The spare `d` stays with its packet (it left the straight path, or parked on an extern task):
   * another descriptor out of the free list becomes the spare at once (null when all `max` are in
   * use), so that the next packet `receive` takes still finds a free spare (a packet that parked
   * does not send the next one the long way through `admit`).
   */
  detachSpare(d: PacketDescriptor<S>): void {
    if (d === this.spare) this.spare = this.take();
  }

  /**
   * Takes back a descriptor a straight path finished with: only its buffer can be someone else's
   * (`task`, `gen` and `continuation` are null). The spare keeps pointing at the buffer lent to it
   * until the next packet (`V1Switch.receive` sets `data` each time).
   */
  releaseStraight(d: PacketDescriptor<S>): void {
    d.free = true;
    if (d === this.spare) {
      // kept aside for the next packet `receive` takes
      this.live--;
      return;
    }
    d.data = d.ownData;
    d.next = this.freeList;
    this.freeList = d;
    this.live--;
  }

  /** Takes a descriptor back (its own buffers again, nothing referenced). */
  release(d: PacketDescriptor<S>): void {
    d.free = true;
    d.data = d.ownData;
    d.out = d.ownOut;
    d.task = null;
    d.gen = null;
    d.continuation = null;
    d.digestData = null;
    d.next = this.freeList;
    this.freeList = d;
    this.live--;
  }

  private create(): PacketDescriptor<S> {
    const p = this.program;
    const d = new PacketDescriptor<S>(
      this.all.length,
      p.createState(),
      this.bufferSize,
      this.outSize,
      new LiveLocals(p.liveNumbers, p.liveBigints, p.liveRefs),
      this.services,
      this.allocateBuffer?.(this.bufferSize),
    );
    this.all.push(d);
    return d;
  }
}
