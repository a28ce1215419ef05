/**
 * Shared packet-buffer pool: one SharedArrayBuffer cut into `count` buffers of `bufferSize` bytes.
 *
 * Packets live here so a co-processor task names bytes (buffer index, offset, length) instead of
 * copying them. The free list (a stack of indices in an Int32Array) belongs to the main thread
 * only; the worker wraps the same SharedArrayBuffer just to reach the bytes. A view per buffer is
 * made once, so handing a buffer to an operation allocates nothing and an operation cannot write
 * outside its own buffer.
 */
import { lineAlignedSab } from './memory.ts';

export class PacketPool {
  readonly sab: SharedArrayBuffer;
  readonly bufferSize: number;
  readonly count: number;
  /** The whole pool. */
  readonly data: Uint8Array;
  private readonly views: Uint8Array[];
  private readonly freeStack: Int32Array;
  private freeTop = 0;
  private readonly isFree: Uint8Array;

  /** Allocates a pool (`bufferSize` defaults to 2 KiB). */
  static create(count: number, bufferSize = 2048): PacketPool {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`bad buffer count ${count}`);
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError(`bad buffer size ${bufferSize}`);
    // Line-aligned (a plain SharedArrayBuffer starts 16 bytes past a line): with a buffer size that
    // is a multiple of 64, a packet's bytes then sit on as few cache lines as they can, and fewer
    // lines cross to the co-processor's core and back.
    return new PacketPool(lineAlignedSab(count * bufferSize), bufferSize, count);
  }

  /**
   * Wraps an existing pool buffer (e.g. in the worker): `count` buffers (default: as many as fit).
   * Every buffer starts free.
   */
  constructor(sab: SharedArrayBuffer, bufferSize: number, count = Math.floor(sab.byteLength / bufferSize)) {
    if (!(Number.isInteger(count) && count >= 0 && count * bufferSize <= sab.byteLength)) {
      throw new RangeError(`PacketPool: ${count} buffers of ${bufferSize} bytes do not fit ${sab.byteLength} bytes`);
    }
    this.sab = sab;
    this.bufferSize = bufferSize;
    this.count = count;
    this.data = new Uint8Array(sab, 0, count * bufferSize);
    this.views = new Array<Uint8Array>(this.count);
    for (let i = 0; i < this.count; i++) this.views[i] = new Uint8Array(sab, i * bufferSize, bufferSize);
    this.freeStack = new Int32Array(this.count);
    this.isFree = new Uint8Array(this.count);
    for (let i = this.count - 1; i >= 0; i--) {
      this.freeStack[this.freeTop++] = i;
      this.isFree[i] = 1;
    }
  }

  /** Takes a free buffer; returns its index, or -1 when none is left. */
  alloc(): number {
    if (this.freeTop === 0) return -1;
    const i = this.freeStack[--this.freeTop]!;
    this.isFree[i] = 0;
    return i;
  }

  /** Returns a buffer to the free list. Freeing a free buffer or a bad index throws. */
  free(index: number): void {
    if (!(index >= 0 && index < this.count) || this.isFree[index] === 1) {
      throw new RangeError(`PacketPool.free: bad or double free of buffer ${index}`);
    }
    this.isFree[index] = 1;
    this.freeStack[this.freeTop++] = index;
  }

  /** Buffers currently free. */
  get available(): number {
    return this.freeTop;
  }

  /** The preallocated view of buffer `index` (length `bufferSize`). */
  bytes(index: number): Uint8Array {
    return this.views[index]!;
  }

  /** Byte offset of buffer `index` inside `data`. */
  base(index: number): number {
    return index * this.bufferSize;
  }
}
