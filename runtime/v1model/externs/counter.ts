/**
 * v1model `counter` and `direct_counter`. Counts are doubles (exact to 2^53). Bytes count the
 * packet's ingress length (`d.ingressLength`), as bmv2 does. An index out of range updates
 * nothing (bmv2 logs an error and updates nothing); `outOfRange` counts such calls.
 */
import { CounterType } from '../constants.ts';

/** Anything with the packet's ingress length — a `PacketDescriptor` is one. */
export interface PacketLengthSource {
  readonly ingressLength: number;
}

export class Counter {
  readonly packets: Float64Array;
  readonly bytes: Float64Array;
  outOfRange = 0;
  constructor(
    readonly name: string,
    readonly size: number,
    readonly type: CounterType,
  ) {
    this.packets = new Float64Array(size);
    this.bytes = new Float64Array(size);
  }

  /** `counter.count(index)`. */
  count(index: number, d: PacketLengthSource): void {
    this.countLength(index, d.ingressLength);
  }

  /** `count` with the bytes given (DPDK's PSA `count(index, pkt_len)`). */
  countLength(index: number, bytes: number): void {
    if (!(index >= 0 && index < this.size)) {
      this.outOfRange++;
      return;
    }
    this.packets[index]! += 1;
    // a packets-only counter's bytes nobody reads (`readBytes` is 0): its count leaves them alone
    if (this.type !== CounterType.packets) this.bytes[index]! += bytes;
  }

  // ---- control plane ----
  /** Packets counted at `index` (0 for a bytes-only counter, as bmv2 reports only what is counted). */
  readPackets(index: number): number {
    this.check(index);
    return this.type === CounterType.bytes ? 0 : this.packets[index]!;
  }
  /** Bytes counted at `index` (0 for a packets-only counter). */
  readBytes(index: number): number {
    this.check(index);
    return this.type === CounterType.packets ? 0 : this.bytes[index]!;
  }
  write(index: number, packets: number, bytes: number): void {
    this.check(index);
    this.packets[index] = packets;
    this.bytes[index] = bytes;
  }
  reset(): void {
    this.packets.fill(0);
    this.bytes.fill(0);
  }
  private check(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) {
      throw new RangeError(`counter ${this.name}: index ${index} out of range [0, ${this.size})`);
    }
  }
}

/**
 * `direct_counter`: one count per table entry. Entries are identified by the table's numeric
 * entry handle; the generated code calls `count(handle, d)` when the owning table hits an entry
 * (bmv2 counts every hit once, whatever the action does; misses are not counted).
 */
export class DirectCounter {
  private packets: Float64Array;
  private bytes: Float64Array;

  constructor(
    readonly name: string,
    readonly type: CounterType,
    initialEntries = 64,
  ) {
    this.packets = new Float64Array(Math.max(1, initialEntries));
    this.bytes = new Float64Array(Math.max(1, initialEntries));
  }

  count(handle: number, d: PacketLengthSource): void {
    this.countLength(handle, d.ingressLength);
  }

  /** `count` with the bytes given (DPDK's PSA `count(pkt_len)`). */
  countLength(handle: number, bytes: number): void {
    if (handle < 0) return;
    if (handle >= this.packets.length) this.grow(handle);
    this.packets[handle]! += 1;
    this.bytes[handle]! += bytes;
  }

  readPackets(handle: number): number {
    return this.type === CounterType.bytes ? 0 : (this.packets[handle] ?? 0);
  }
  readBytes(handle: number): number {
    return this.type === CounterType.packets ? 0 : (this.bytes[handle] ?? 0);
  }
  write(handle: number, packets: number, bytes: number): void {
    if (handle >= this.packets.length) this.grow(handle);
    this.packets[handle] = packets;
    this.bytes[handle] = bytes;
  }
  /** Called when an entry is added or deleted so a reused handle starts from 0. */
  resetEntry(handle: number): void {
    if (handle < this.packets.length) {
      this.packets[handle] = 0;
      this.bytes[handle] = 0;
    }
  }
  reset(): void {
    this.packets.fill(0);
    this.bytes.fill(0);
  }
  private grow(handle: number): void {
    let n = this.packets.length;
    while (n <= handle) n *= 2;
    const p = new Float64Array(n);
    p.set(this.packets);
    const b = new Float64Array(n);
    b.set(this.bytes);
    this.packets = p;
    this.bytes = b;
  }
}
