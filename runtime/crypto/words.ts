/**
 * 32-bit words in byte arrays. The crypto works on words; these move them in and out of packet
 * buffers a byte at a time, which V8 compiles to a few loads and shifts — measured as fast as a
 * DataView's word access and with nothing to look up or cache per buffer (a typed array's
 * `.buffer` is a call, not a load, in Node 20). `writeBE32` is the same as the packet layer's
 * `writeU32` on purpose: crypto sits below `runtime/packet` (test/runtime/layers.test.ts), and the
 * kernel's word functions stay its own (one attempt to share `writeU32` also saw the no-alloc ESP
 * test fail on a loaded machine; not pinned down further).
 */

/** Big-endian 32-bit read (a signed int32; callers use it in bit operations). */
export function readBE32(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

/** Little-endian 32-bit read (a signed int32). */
export function readLE32(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

/** Big-endian 32-bit write of the low 32 bits of `w`. */
export function writeBE32(b: Uint8Array, o: number, w: number): void {
  b[o] = w >>> 24;
  b[o + 1] = w >>> 16;
  b[o + 2] = w >>> 8;
  b[o + 3] = w;
}

/** Little-endian 32-bit write of the low 32 bits of `w`. */
export function writeLE32(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

/** The word with its four bytes in the opposite order (a big-endian word read little-endian). */
export function bswap32(w: number): number {
  return (w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
}
