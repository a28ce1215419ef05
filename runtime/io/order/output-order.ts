/**
 * Keeps the packets of one flow — or of one ingress port — leaving the switch in the order they
 * arrived. In the asynchronous modes a packet that waits for an extern is overtaken by packets
 * that do not; across flows that is the point, within a flow it is reordering, which TCP and
 * most applications take badly (duplicate ACKs, spurious retransmissions).
 *
 * Each arriving packet takes a ticket (`admit`) that goes into the switch as its `origin` and
 * comes back with its outputs and drops. Tickets queue per flow bucket (a hash of the 5-tuple,
 * or the port number): a packet's outputs leave at once when it is the oldest of its bucket
 * still inside, and are held (copied) otherwise, until every older packet of the bucket has left
 * or been dropped; then they are released, in order. Buckets are hash buckets: two flows that
 * share one are ordered together (more waiting, never reordering).
 *
 * Bounded: tickets live in a window of `capacity` numbers; `admit` returns -1 while the ticket
 * `capacity` numbers back is still inside (the caller waits or drops the packet). A packet is
 * done at its first output or drop; clones and multicast copies beyond that first instance
 * leave when they come out (they are copies, not new packets of the flow).
 *
 * No allocation per packet: fixed typed arrays; held frames are copied into pooled buffers.
 */
import { flowHash } from './flow-key.ts';

export type OrderKey = 'flow' | 'port';

/** Receives the released outputs: the frame is `buffer[offset, offset + length)`, valid during the call. */
export type OrderedOutput = (port: number, buffer: Uint8Array, offset: number, length: number, origin: number) => void;

export interface OutputOrderOptions {
  readonly key: OrderKey;
  /** Tickets in the window (a power of two; default 4096). */
  readonly capacity?: number;
  /** Flow buckets (a power of two; default 4096). Ignored for `port` (512 buckets, one per port). */
  readonly buckets?: number;
  readonly emit: OrderedOutput;
}

const FREE = 0;
const INSIDE = 1;
const DONE = 2;
const HELD_BUFFER = 2048;

export class OutputOrderStats {
  /** Tickets given out. */
  admitted = 0;
  /** Outputs held back because an older packet of their flow was still inside. */
  held = 0;
  /** Most outputs held at once. */
  maxHeld = 0;
  /** `admit` calls refused because the window was full. */
  full = 0;
}

export class OutputOrder {
  readonly key: OrderKey;
  readonly capacity: number;
  readonly stats = new OutputOrderStats();
  private readonly emit: OrderedOutput;
  private readonly bucketMask: number;
  private seq = 0;
  private readonly ticketAt: Int32Array;
  private readonly state: Uint8Array;
  private readonly bucketOf: Int32Array;
  private readonly nextInBucket: Int32Array;
  private readonly heldFirst: Int32Array;
  private readonly heldLast: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  // held outputs: records linked per ticket, buffers pooled
  private readonly heldPort: number[] = [];
  private readonly heldLength: number[] = [];
  private readonly heldBuffer: Uint8Array[] = [];
  private readonly heldNext: number[] = [];
  private freeRecord = -1;
  private readonly bufferPool: Uint8Array[] = [];
  private heldNow = 0;

  /** The switch's `onOutputRaw`. */
  readonly output: OrderedOutput = (port, buffer, offset, length, origin) => this.event(origin, port, buffer, offset, length);
  /** The switch's `onDrop`. */
  readonly drop = (_reason: string, d: { readonly origin: number } | null): void => {
    if (d !== null) this.event(d.origin, -1, null, 0, 0);
  };

  constructor(options: OutputOrderOptions) {
    const capacity = options.capacity ?? 4096;
    const buckets = options.key === 'port' ? 512 : (options.buckets ?? 4096);
    if (!isPowerOfTwo(capacity) || !isPowerOfTwo(buckets) || capacity > LAST_TICKET) throw new RangeError('OutputOrder: capacity and buckets must be powers of two');
    this.key = options.key;
    this.capacity = capacity;
    this.emit = options.emit;
    this.bucketMask = buckets - 1;
    this.ticketAt = new Int32Array(capacity);
    this.state = new Uint8Array(capacity);
    this.bucketOf = new Int32Array(capacity);
    this.nextInBucket = new Int32Array(capacity).fill(-1);
    this.heldFirst = new Int32Array(capacity).fill(-1);
    this.heldLast = new Int32Array(capacity).fill(-1);
    this.head = new Int32Array(buckets).fill(-1);
    this.tail = new Int32Array(buckets).fill(-1);
  }

  /** Packets admitted and not yet done. */
  get inside(): number {
    let n = 0;
    for (let i = 0; i < this.capacity; i++) if (this.state[i] !== FREE) n++;
    return n;
  }

  /** The window is full: the next `admit` would be refused. */
  get full(): boolean {
    const next = this.seq === LAST_TICKET ? 1 : this.seq + 1;
    return this.state[next & (this.capacity - 1)] !== FREE;
  }

  /** Outputs held right now. */
  get holding(): number {
    return this.heldNow;
  }

  /**
   * A ticket for the frame `buffer[offset, offset + length)` arriving on `port`: pass it to the
   * switch as the packet's `origin`. -1 when the window is full (nothing was admitted).
   */
  admit(port: number, buffer: Uint8Array, offset: number, length: number): number {
    const seq = this.seq === LAST_TICKET ? 1 : this.seq + 1;
    const idx = seq & (this.capacity - 1);
    if (this.state[idx] !== FREE) {
      this.stats.full++;
      return -1;
    }
    this.seq = seq;
    const b = this.key === 'port' ? port & this.bucketMask : flowHash(buffer, offset, length) & this.bucketMask;
    this.ticketAt[idx] = seq;
    this.state[idx] = INSIDE;
    this.bucketOf[idx] = b;
    this.nextInBucket[idx] = -1;
    const t = this.tail[b]!;
    if (t < 0) this.head[b] = idx;
    else this.nextInBucket[t] = idx;
    this.tail[b] = idx;
    this.stats.admitted++;
    return seq;
  }

  /** The packet of `ticket` never entered the switch (it refused it): it is done. */
  cancel(ticket: number): void {
    this.event(ticket, -1, null, 0, 0);
  }

  /** An output (`buffer` non-null) or a drop of the packet of ticket `origin`. */
  private event(origin: number, port: number, buffer: Uint8Array | null, offset: number, length: number): void {
    const idx = origin & (this.capacity - 1);
    if (origin <= 0 || this.ticketAt[idx] !== origin || this.state[idx] === FREE) {
      // not ordered, or a copy of a packet already released
      if (buffer !== null) this.emit(port, buffer, offset, length, origin);
      return;
    }
    const b = this.bucketOf[idx]!;
    if (this.head[b] !== idx) {
      if (buffer !== null) this.hold(idx, port, buffer, offset, length);
      this.state[idx] = DONE;
      return;
    }
    if (buffer !== null) this.emit(port, buffer, offset, length, origin);
    this.releaseHead(b);
  }

  /** The head of bucket `b` is done: frees it, and releases the heads after it that are done too. */
  private releaseHead(b: number): void {
    let idx = this.head[b]!;
    for (;;) {
      this.flushHeld(idx);
      const next = this.nextInBucket[idx]!;
      this.state[idx] = FREE;
      this.nextInBucket[idx] = -1;
      if (next < 0) {
        this.head[b] = -1;
        this.tail[b] = -1;
        return;
      }
      this.head[b] = next;
      if (this.state[next] !== DONE) return;
      idx = next;
    }
  }

  private hold(idx: number, port: number, buffer: Uint8Array, offset: number, length: number): void {
    let r = this.freeRecord;
    if (r >= 0) this.freeRecord = this.heldNext[r]!;
    else {
      r = this.heldPort.length;
      this.heldPort.push(0);
      this.heldLength.push(0);
      this.heldBuffer.push(EMPTY);
      this.heldNext.push(-1);
    }
    const copy = length <= HELD_BUFFER ? (this.bufferPool.pop() ?? new Uint8Array(HELD_BUFFER)) : new Uint8Array(length);
    copy.set(buffer.subarray(offset, offset + length));
    this.heldPort[r] = port;
    this.heldLength[r] = length;
    this.heldBuffer[r] = copy;
    this.heldNext[r] = -1;
    if (this.heldLast[idx]! < 0) this.heldFirst[idx] = r;
    else this.heldNext[this.heldLast[idx]!] = r;
    this.heldLast[idx] = r;
    this.stats.held++;
    if (++this.heldNow > this.stats.maxHeld) this.stats.maxHeld = this.heldNow;
  }

  private flushHeld(idx: number): void {
    let r = this.heldFirst[idx]!;
    if (r < 0) return;
    const origin = this.ticketAt[idx]!;
    this.heldFirst[idx] = -1;
    this.heldLast[idx] = -1;
    while (r >= 0) {
      const buf = this.heldBuffer[r]!;
      this.emit(this.heldPort[r]!, buf, 0, this.heldLength[r]!, origin);
      if (buf.length === HELD_BUFFER) this.bufferPool.push(buf);
      this.heldBuffer[r] = EMPTY;
      this.heldNow--;
      const next = this.heldNext[r]!;
      this.heldNext[r] = this.freeRecord;
      this.freeRecord = r;
      r = next;
    }
  }
}

const EMPTY = new Uint8Array(0);
/** Tickets run 1 .. 2^30 and start again (a multiple of every capacity: slots stay put). */
const LAST_TICKET = 2 ** 30;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
