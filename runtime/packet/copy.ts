/** Byte copies between packet buffers on the hot path. */

/** Copies `n` bytes; a plain loop for short copies (no view allocated), memcpy for long ones. */
export function copyBytes(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: number, n: number): void {
  if (n <= 96) {
    for (let i = 0; i < n; i++) dst[dstOff + i] = src[srcOff + i]!;
  } else {
    dst.set(src.subarray(srcOff, srcOff + n), dstOff);
  }
}
