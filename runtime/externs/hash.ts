/**
 * v1model hash algorithms, computed as bmv2's simple_switch computes them
 * (facts from p4lang/behavioral-model `src/bm_sim/calculations.cpp` and
 * `targets/simple_switch/primitives.cpp`; the code here is our own).
 *
 * Input bytes: bmv2 deparses the field list MSB first into a byte buffer with no gaps between
 * fields (a 3-bit field followed by a 5-bit one fill one byte); when the total is not a multiple of
 * 8 the buffer is extended to whole bytes with zero bits at the end (the least significant bits of
 * the last byte). `HashInput` builds exactly that in a reusable scratch buffer.
 *
 * Algorithms (value of the hash before `hash()` reduces it):
 * - `crc32`: CRC-32 (IEEE 802.3), reflected, poly 0x04C11DB7, init 0xFFFFFFFF, xor-out 0xFFFFFFFF.
 * - `crc16`: CRC-16/ARC: poly 0x8005, data and remainder reflected, init 0, xor-out 0.
 * - `crc16_custom` / `crc32_custom`: configurable {poly, init, xorOut, reflectData, reflectRemainder};
 *   bmv2 defaults are those of crc16 / crc32 above. Computed bmv2's way (MSB-first register, data
 *   bytes reflected on the way in, remainder reflected at the end), so odd `init` values match too.
 * - `crcCCITT` (bmv2 extra): CRC-16/CCITT-FALSE, poly 0x1021, init 0xFFFF, no reflection.
 * - `csum16`: Internet checksum (RFC 1071): ones' complement of the ones' complement sum of
 *   big-endian 16-bit words, an odd last byte padded with a zero byte after it.
 * - `xor16`: XOR of big-endian 16-bit words, an odd last byte padded with a zero byte after it.
 * - `identity`: the first (up to) 8 bytes as a big-endian integer.
 * - `random`: not a hash in bmv2's registry; here a seeded xorshift32 generator per `HashEngine`,
 *   so runs are reproducible.
 *
 * v1model `hash(out result, algo, base, data, max)`: result = base + (h % max), truncated to the
 * width of `result`; max = 0 is treated as 1 (so the result is `base`), as bmv2 does.
 *
 * No allocation per call: tables are built once per module / per custom configuration, input bytes
 * live in the reusable `HashInput`.
 */

// ---- bit reflection ------------------------------------------------------------------------

const REFLECT8 = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let r = 0;
  for (let b = 0; b < 8; b++) if (i & (1 << b)) r |= 1 << (7 - b);
  REFLECT8[i] = r;
}
function reflect16(v: number): number {
  return (REFLECT8[v & 0xff]! << 8) | REFLECT8[(v >>> 8) & 0xff]!;
}
function reflect32(v: number): number {
  return (
    ((REFLECT8[v & 0xff]! << 24) | (REFLECT8[(v >>> 8) & 0xff]! << 16) | (REFLECT8[(v >>> 16) & 0xff]! << 8) | REFLECT8[v >>> 24]!) >>> 0
  );
}

// ---- fixed CRCs (reflected table, LSB-first) -------------------------------------------------

function reflectedTable(reflectedPoly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ reflectedPoly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}
const CRC32_TABLE = reflectedTable(0xedb88320); // reflect32(0x04c11db7)
const CRC16_TABLE = reflectedTable(0xa001); // reflect16(0x8005)

/** CRC-32 (IEEE) of bytes[0 .. len). */
export function crc32(bytes: Uint8Array, len = bytes.length): number {
  let c = 0xffffffff;
  for (let i = 0; i < len; i++) c = CRC32_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** bmv2 `crc16`: CRC-16/ARC of bytes[0 .. len). */
export function crc16(bytes: Uint8Array, len = bytes.length): number {
  let c = 0;
  for (let i = 0; i < len; i++) c = CRC16_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c & 0xffff;
}

// ---- configurable CRC (bmv2 crc16_custom / crc32_custom) --------------------------------------

export interface CrcConfig {
  /** 16 or 32. */
  readonly width: 16 | 32;
  /** Polynomial in normal (MSB-first) form, without the top bit. */
  readonly poly: number;
  readonly init: number;
  readonly xorOut: number;
  readonly reflectData: boolean;
  readonly reflectRemainder: boolean;
}

/** bmv2's default configuration of `crc16_custom`. */
export const CRC16_CUSTOM_DEFAULT: CrcConfig = { width: 16, poly: 0x8005, init: 0, xorOut: 0, reflectData: true, reflectRemainder: true };
/** bmv2's default configuration of `crc32_custom`. */
export const CRC32_CUSTOM_DEFAULT: CrcConfig = {
  width: 32,
  poly: 0x04c11db7,
  init: 0xffffffff,
  xorOut: 0xffffffff,
  reflectData: true,
  reflectRemainder: true,
};

/** A CRC with a run-time configuration (the control plane may change it, as bmv2's CLI can). */
export class CustomCrc {
  private config: CrcConfig = CRC32_CUSTOM_DEFAULT;
  private readonly table = new Uint32Array(256);
  private mask = 0xffffffff;

  constructor(config: CrcConfig) {
    this.configure(config);
  }

  get current(): CrcConfig {
    return this.config;
  }

  configure(config: CrcConfig): void {
    const w = config.width;
    this.config = config;
    this.mask = w === 32 ? 0xffffffff : 0xffff;
    const top = w === 32 ? 0x80000000 : 0x8000;
    for (let d = 0; d < 256; d++) {
      let r = (d << (w - 8)) >>> 0;
      for (let b = 0; b < 8; b++) r = r & top ? ((r << 1) ^ config.poly) & this.mask : (r << 1) & this.mask;
      this.table[d] = r >>> 0;
    }
  }

  compute(bytes: Uint8Array, len = bytes.length): number {
    const { width, reflectData, reflectRemainder, xorOut } = this.config;
    const shift = width - 8;
    const mask = this.mask;
    const t = this.table;
    let r = this.config.init & mask;
    for (let i = 0; i < len; i++) {
      const b = reflectData ? REFLECT8[bytes[i]!]! : bytes[i]!;
      r = (t[(b ^ (r >>> shift)) & 0xff]! ^ (r << 8)) & mask;
    }
    if (reflectRemainder) r = width === 32 ? reflect32(r) : reflect16(r);
    return ((r ^ xorOut) & mask) >>> 0;
  }
}

// ---- other bmv2 hashes ---------------------------------------------------------------------

/** bmv2 `crcCCITT`: CRC-16/CCITT-FALSE. */
const CCITT_TABLE = new Uint16Array(256);
for (let d = 0; d < 256; d++) {
  let r = d << 8;
  for (let b = 0; b < 8; b++) r = r & 0x8000 ? ((r << 1) ^ 0x1021) & 0xffff : (r << 1) & 0xffff;
  CCITT_TABLE[d] = r;
}
export function crcCCITT(bytes: Uint8Array, len = bytes.length): number {
  let r = 0xffff;
  for (let i = 0; i < len; i++) r = (CCITT_TABLE[(bytes[i]! ^ (r >>> 8)) & 0xff]! ^ (r << 8)) & 0xffff;
  return r;
}

/** Internet checksum (RFC 1071) of bytes[0 .. len). */
export function csum16(bytes: Uint8Array, len = bytes.length): number {
  let sum = 0;
  const even = len & ~1;
  for (let i = 0; i < even; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (len & 1) sum += bytes[len - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** XOR of big-endian 16-bit words of bytes[0 .. len). */
export function xor16(bytes: Uint8Array, len = bytes.length): number {
  let x = 0;
  const even = len & ~1;
  for (let i = 0; i < even; i += 2) x ^= (bytes[i]! << 8) | bytes[i + 1]!;
  if (len & 1) x ^= bytes[len - 1]! << 8;
  return x;
}

/**
 * bmv2 `identity`: the first min(len, 8) bytes big-endian. Exact as a number for len ≤ 6; for
 * longer inputs use `identityWide`.
 */
export function identity(bytes: Uint8Array, len = bytes.length): number {
  const n = len < 8 ? len : 8;
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + bytes[i]!;
  return v;
}
export function identityWide(bytes: Uint8Array, len = bytes.length): bigint {
  const n = len < 8 ? len : 8;
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

// ---- the hash input builder ------------------------------------------------------------------

/**
 * Reusable byte buffer that concatenates fields of any bit width MSB first, as bmv2 builds the
 * input of a calculation. `reset()` before each use; `push*` appends; `byteLength` is the padded
 * length.
 */
export class HashInput {
  bytes: Uint8Array;
  bitLength = 0;

  constructor(capacityBytes = 256) {
    this.bytes = new Uint8Array(capacityBytes);
  }

  reset(): this {
    this.bitLength = 0;
    return this;
  }

  get byteLength(): number {
    return (this.bitLength + 7) >>> 3;
  }

  /** Appends the low `width` bits (≤ 32) of a number (signed values use their bit pattern). */
  push(value: number, width: number): this {
    if (width === 0) return this;
    this.ensure(width);
    const v = value >>> 0;
    let remaining = width;
    let pos = this.bitLength;
    while (remaining > 0) {
      const i = pos >>> 3;
      const used = pos & 7;
      if (used === 0) this.bytes[i] = 0; // fresh byte: clear stale contents (padding must be zero)
      const free = 8 - used;
      const take = remaining < free ? remaining : free;
      const chunk = (v >>> (remaining - take)) & ((1 << take) - 1);
      this.bytes[i] = this.bytes[i]! | (chunk << (free - take));
      remaining -= take;
      pos += take;
    }
    this.bitLength = pos;
    return this;
  }

  /** Appends the low `width` bits of a bigint (any width; allocates bigint temporaries). */
  pushWide(value: bigint, width: number): this {
    const v = BigInt.asUintN(width, value);
    let remaining = width;
    while (remaining > 0) {
      const take = remaining & 31 || 32;
      remaining -= take;
      this.push(Number(BigInt.asUintN(take, v >> BigInt(remaining))), take);
    }
    return this;
  }

  /** Appends whole bytes (for example a payload). */
  pushBytes(src: Uint8Array, len = src.length): this {
    for (let i = 0; i < len; i++) this.push(src[i]!, 8);
    return this;
  }

  private ensure(width: number): void {
    const need = (this.bitLength + width + 7) >>> 3;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes);
    this.bytes = grown;
  }
}

// ---- v1model hash() ------------------------------------------------------------------------

/** v1model `HashAlgorithm` members (the names p4c passes to bmv2). */
export type HashAlgorithmName = 'crc32' | 'crc32_custom' | 'crc16' | 'crc16_custom' | 'random' | 'identity' | 'csum16' | 'xor16';

/**
 * One hash calculation site's state: the algorithm, its custom CRC (for *_custom) and the random
 * generator (for `random`). Reuse a `HashInput` across calls.
 */
export class HashEngine {
  readonly algorithm: HashAlgorithmName;
  readonly custom: CustomCrc | undefined;
  private rng: number;

  constructor(algorithm: HashAlgorithmName, options: { crc?: CrcConfig; seed?: number } = {}) {
    this.algorithm = algorithm;
    this.custom =
      algorithm === 'crc16_custom'
        ? new CustomCrc(options.crc ?? CRC16_CUSTOM_DEFAULT)
        : algorithm === 'crc32_custom'
          ? new CustomCrc(options.crc ?? CRC32_CUSTOM_DEFAULT)
          : undefined;
    this.rng = (options.seed ?? 0x9e3779b9) >>> 0 || 1;
  }

  /** The raw hash of the input (before base/max). `identity` over more than 6 bytes loses precision: use `computeWide`. */
  compute(input: HashInput): number {
    const b = input.bytes;
    const n = input.byteLength;
    switch (this.algorithm) {
      case 'crc32':
        return crc32(b, n);
      case 'crc16':
        return crc16(b, n);
      case 'crc16_custom':
      case 'crc32_custom':
        return this.custom!.compute(b, n);
      case 'csum16':
        return csum16(b, n);
      case 'xor16':
        return xor16(b, n);
      case 'identity':
        return identity(b, n);
      case 'random':
        return this.nextRandom();
    }
  }

  /** The raw hash as a bigint (exact for `identity` of up to 8 bytes). */
  computeWide(input: HashInput): bigint {
    return this.algorithm === 'identity' ? identityWide(input.bytes, input.byteLength) : BigInt(this.compute(input));
  }

  /**
   * v1model `hash()` for a result of width ≤ 32 and base/max given as numbers:
   * (base + h % max) truncated to `resultWidth`; max = 0 behaves as 1.
   */
  hash(input: HashInput, base: number, max: number, resultWidth: number): number {
    const m = max === 0 ? 1 : max;
    let r: number;
    if (this.algorithm === 'identity' && input.byteLength > 6) {
      r = Number((identityWide(input.bytes, input.byteLength) % BigInt(m)) + BigInt(base));
    } else {
      r = (this.compute(input) % m) + base;
    }
    return resultWidth >= 32 ? r % 4294967296 : r % 2 ** resultWidth;
  }

  /** v1model `hash()` with wide base/max/result (bigint). */
  hashWide(input: HashInput, base: bigint, max: bigint, resultWidth: number): bigint {
    const m = max === 0n ? 1n : max;
    return BigInt.asUintN(resultWidth, (this.computeWide(input) % m) + base);
  }

  private nextRandom(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }
}
