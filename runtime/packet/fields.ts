/**
 * Byte-arithmetic access to packet fields: a field is W bits at a bit offset, most significant bit
 * first (network order), as P4 headers lay them out.
 *
 * - `readBits` / `writeBits`: W ≤ 32 as numbers (W ≤ 52 also works exactly for `readBits53`).
 * - `readWide` / `writeWide`: any W as bigint (the representation of W > 32 in `runtime/bits`).
 * - `readU8/U16/U32`, `writeU8/U16/U32`: byte-aligned fast paths at a byte offset.
 *
 * Nothing allocates except the bigint results of `readWide`. Bounds are the caller's: offsets past
 * the end read as 0 (typed-array semantics) and writes past the end are dropped.
 */

export function readU8(buf: Uint8Array, byteOffset: number): number {
  return buf[byteOffset]!;
}
export function readU16(buf: Uint8Array, byteOffset: number): number {
  return (buf[byteOffset]! << 8) | buf[byteOffset + 1]!;
}
export function readU32(buf: Uint8Array, byteOffset: number): number {
  return ((buf[byteOffset]! << 24) | (buf[byteOffset + 1]! << 16) | (buf[byteOffset + 2]! << 8) | buf[byteOffset + 3]!) >>> 0;
}
export function writeU8(buf: Uint8Array, byteOffset: number, v: number): void {
  buf[byteOffset] = v;
}
export function writeU16(buf: Uint8Array, byteOffset: number, v: number): void {
  buf[byteOffset] = v >>> 8;
  buf[byteOffset + 1] = v;
}
export function writeU32(buf: Uint8Array, byteOffset: number, v: number): void {
  buf[byteOffset] = v >>> 24;
  buf[byteOffset + 1] = v >>> 16;
  buf[byteOffset + 2] = v >>> 8;
  buf[byteOffset + 3] = v;
}

/** Reads a `bit<width>` field (1 ≤ width ≤ 32) at `bitOffset`; returns an unsigned number. */
export function readBits(buf: Uint8Array, bitOffset: number, width: number): number {
  const s = bitOffset & 7;
  const i = bitOffset >>> 3;
  if (s === 0) {
    if (width === 8) return buf[i]!;
    if (width === 16) return (buf[i]! << 8) | buf[i + 1]!;
    if (width === 32) return readU32(buf, i);
  }
  const end = s + width; // bits spanned from the start of byte i
  if (end <= 32) {
    // Gather the n ≤ 4 bytes touched into one uint32, then drop the bits after the field.
    const n = (end + 7) >>> 3;
    let acc = 0;
    for (let k = 0; k < n; k++) acc = (acc << 8) | buf[i + k]!;
    acc >>>= 0;
    const v = acc >>> (n * 8 - end);
    return width === 32 ? v : v & ((1 << width) - 1);
  }
  // Five bytes: the low (8 - s) bits of byte i, then four more bytes; drop 40 - end low bits (≥ 1).
  const top = buf[i]! & (0xff >>> s);
  const rest = readU32(buf, i + 1);
  const drop = 40 - end;
  return ((top << (32 - drop)) | (rest >>> drop)) >>> 0;
}

/** Writes the low `width` bits (1 ≤ width ≤ 32) of `value` at `bitOffset`; other bits are kept. */
export function writeBits(buf: Uint8Array, bitOffset: number, width: number, value: number): void {
  const s = bitOffset & 7;
  const i = bitOffset >>> 3;
  if (s === 0) {
    if (width === 8) {
      buf[i] = value;
      return;
    }
    if (width === 16) {
      writeU16(buf, i, value);
      return;
    }
    if (width === 32) {
      writeU32(buf, i, value);
      return;
    }
  }
  // General path: walk the touched bytes from the last one backwards.
  let v = value >>> 0;
  let remaining = width;
  let pos = bitOffset + width; // exclusive end bit
  while (remaining > 0) {
    const byteIndex = (pos - 1) >>> 3;
    const low = (8 - (pos & 7)) & 7; // bits of this byte after the field
    const avail = 8 - low;
    const take = remaining < avail ? remaining : avail;
    const m = ((1 << take) - 1) << low;
    buf[byteIndex] = (buf[byteIndex]! & ~m) | ((v << low) & m);
    v = take === 32 ? 0 : v >>> take;
    remaining -= take;
    pos -= take;
  }
}

/**
 * Reads up to 53 bits as an exact number (for table keys and wide values that fit a double).
 * Slower than `readBits`; no allocation.
 */
export function readBits53(buf: Uint8Array, bitOffset: number, width: number): number {
  if (width <= 32) return readBits(buf, bitOffset, width);
  const hiWidth = width - 32;
  return readBits(buf, bitOffset, hiWidth) * 4294967296 + readBits(buf, bitOffset + hiWidth, 32);
}

/** Writes a value of up to 53 bits given as an exact non-negative number. */
export function writeBits53(buf: Uint8Array, bitOffset: number, width: number, value: number): void {
  if (width <= 32) {
    writeBits(buf, bitOffset, width, value);
    return;
  }
  const hiWidth = width - 32;
  const lo = value >>> 0; // value mod 2^32, exact for integers below 2^53
  writeBits(buf, bitOffset, hiWidth, (value - lo) / 4294967296);
  writeBits(buf, bitOffset + hiWidth, 32, lo);
}

/** Reads a field of any width as an unsigned bigint (32-bit chunks, most significant first). */
export function readWide(buf: Uint8Array, bitOffset: number, width: number): bigint {
  const first = width & 31 || 32; // the leading chunk holds the leftover bits
  let acc = BigInt(readBits(buf, bitOffset, first));
  for (let pos = bitOffset + first, end = bitOffset + width; pos < end; pos += 32) {
    acc = (acc << 32n) | BigInt(readBits(buf, pos, 32));
  }
  return acc;
}

/** Writes the low `width` bits of `value` (any width; negative values use two's complement). */
export function writeWide(buf: Uint8Array, bitOffset: number, width: number, value: bigint): void {
  let v = BigInt.asUintN(width, value);
  let pos = bitOffset + width;
  let remaining = width;
  while (remaining > 0) {
    const take = remaining < 32 ? remaining : 32;
    pos -= take;
    writeBits(buf, pos, take, Number(BigInt.asUintN(take, v)));
    v >>= BigInt(take);
    remaining -= take;
  }
}

/** Copies `width` bits (any alignment) from one buffer to another, 32 bits at a time. */
export function copyBits(src: Uint8Array, srcBitOffset: number, dst: Uint8Array, dstBitOffset: number, width: number): void {
  if ((srcBitOffset & 7) === 0 && (dstBitOffset & 7) === 0 && (width & 7) === 0) {
    const s = srcBitOffset >>> 3;
    const d = dstBitOffset >>> 3;
    const n = width >>> 3;
    if (src === dst && d > s) for (let k = n - 1; k >= 0; k--) dst[d + k] = src[s + k]!;
    else for (let k = 0; k < n; k++) dst[d + k] = src[s + k]!;
    return;
  }
  let done = 0;
  while (done < width) {
    const take = width - done < 32 ? width - done : 32;
    writeBits(dst, dstBitOffset + done, take, readBits(src, srcBitOffset + done, take));
    done += take;
  }
}
