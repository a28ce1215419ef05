/**
 * Shared memory whose first byte starts a cache line.
 *
 * A plain `new SharedArrayBuffer` comes from the C heap (calloc; a large one from mmap behind
 * malloc's chunk header): it starts 16 bytes past a 64-byte boundary. Every layout that counts in
 * cache lines — the ring's control words each on a line of its own, two 32-byte slots to a line,
 * a packet's bytes at a 64-byte headroom — then straddles real lines: measured on a 2-core machine
 * (docs/notes/performance-log.md, "The worker's own cost per task, and line-aligned shared
 * memory"), a 60-byte frame at offset 256 of a pool buffer touched two lines
 * instead of one, its ESP encapsulation three instead of two, and one slot in two straddled two
 * lines, so more lines crossed between the cores per task. A shared WebAssembly memory's buffer is
 * page-aligned (it is mapped, not allocated from the heap) and is a SharedArrayBuffer like any
 * other (it crosses to a worker the same way).
 */

/** Bytes of a cache line (64 on the x86-64 and arm64 machines this runs on). */
export const CACHE_LINE = 64;

const WASM_PAGE = 65536;

interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}
type WasmMemoryConstructor = new (descriptor: { initial: number; maximum: number; shared: true }) => SharedWasmMemory;

/**
 * A SharedArrayBuffer of at least `bytes` bytes (a whole number of 64 KiB pages) starting on a page
 * boundary; a plain (unaligned) one of exactly `bytes` bytes where WebAssembly shared memory is
 * unavailable or refused (address-space limits).
 */
export function lineAlignedSab(bytes: number): SharedArrayBuffer {
  const Memory = (globalThis as { WebAssembly?: { Memory?: WasmMemoryConstructor } }).WebAssembly?.Memory;
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  if (Memory !== undefined && pages <= 65536) {
    try {
      return new Memory({ initial: pages, maximum: pages, shared: true }).buffer;
    } catch {
      // fall back to the heap
    }
  }
  return new SharedArrayBuffer(bytes);
}
