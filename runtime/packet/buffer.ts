/**
 * `PacketBuffer`: one packet's bytes in a preallocated Uint8Array, with head room so a deparser can
 * prepend headers without copying the payload. Pool these; `load` reuses the storage.
 *
 * Layout: `bytes[start .. start + length)` is the packet. Field offsets given to the methods are
 * relative to `start` (bit 0 is the first bit of the packet).
 */
import { readBits, readBits53, readWide, writeBits, writeBits53, writeWide } from './fields.ts';

export class PacketBuffer {
  /** Backing storage; its size is the capacity including head room. */
  readonly bytes: Uint8Array;
  /** Index of the first packet byte in `bytes`. */
  start: number;
  /** Packet length in bytes. */
  length: number;
  /** Head room restored by `load` and `reset`. */
  readonly headroom: number;

  constructor(capacity: number, headroom = 64, storage?: Uint8Array) {
    this.bytes = storage ?? new Uint8Array(capacity + headroom);
    if (this.bytes.length < headroom) throw new RangeError('PacketBuffer: storage smaller than head room');
    this.headroom = headroom;
    this.start = headroom;
    this.length = 0;
  }

  /** Bytes available after the head room. */
  get capacity(): number {
    return this.bytes.length - this.headroom;
  }

  /** Empties the packet (keeps the storage). */
  reset(): void {
    this.start = this.headroom;
    this.length = 0;
  }

  /** Copies `len` bytes of `src` (from `srcOffset`) in as the packet. Throws if they do not fit. */
  load(src: Uint8Array, len = src.length, srcOffset = 0): void {
    if (len > this.capacity) throw new RangeError(`PacketBuffer: ${len} bytes exceed capacity ${this.capacity}`);
    this.start = this.headroom;
    this.length = len;
    const b = this.bytes;
    const base = this.start;
    for (let k = 0; k < len; k++) b[base + k] = src[srcOffset + k]!;
  }

  /** Grows the packet at the front by `n` bytes (zeroed) using head room; false if there is none. */
  prepend(n: number): boolean {
    if (n > this.start) return false;
    this.start -= n;
    this.length += n;
    this.bytes.fill(0, this.start, this.start + n);
    return true;
  }

  /** Drops `n` bytes from the front (e.g. after a parser consumed headers that will be re-emitted). */
  advance(n: number): void {
    const k = n < this.length ? n : this.length;
    this.start += k;
    this.length -= k;
  }

  /** Sets the length (truncation or growth into zeroed tail room); false if it does not fit. */
  resize(len: number): boolean {
    if (this.start + len > this.bytes.length) return false;
    if (len > this.length) this.bytes.fill(0, this.start + this.length, this.start + len);
    this.length = len;
    return true;
  }

  readBits(bitOffset: number, width: number): number {
    return readBits(this.bytes, this.start * 8 + bitOffset, width);
  }
  writeBits(bitOffset: number, width: number, value: number): void {
    writeBits(this.bytes, this.start * 8 + bitOffset, width, value);
  }
  readBits53(bitOffset: number, width: number): number {
    return readBits53(this.bytes, this.start * 8 + bitOffset, width);
  }
  writeBits53(bitOffset: number, width: number, value: number): void {
    writeBits53(this.bytes, this.start * 8 + bitOffset, width, value);
  }
  readWide(bitOffset: number, width: number): bigint {
    return readWide(this.bytes, this.start * 8 + bitOffset, width);
  }
  writeWide(bitOffset: number, width: number, value: bigint): void {
    writeWide(this.bytes, this.start * 8 + bitOffset, width, value);
  }

  /** A copy of the packet bytes (allocates: for tests and I/O, not the hot path). */
  toBytes(): Uint8Array {
    return this.bytes.slice(this.start, this.start + this.length);
  }
}
