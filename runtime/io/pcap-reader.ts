/**
 * The capture-file reader: classic pcap and pcapng, streamed through one fixed-size buffer.
 *
 * - classic pcap (libpcap): both byte orders, microsecond (magic a1b2c3d4) and nanosecond
 *   (a1b23c4d) timestamps;
 * - pcapng (Wireshark's default): Section Header, Interface Description, Enhanced Packet, Simple
 *   Packet and (obsolete) Packet blocks; every other block is skipped. Each section has its own
 *   byte order; each interface its own link type, timestamp resolution (`if_tsresol`, powers of
 *   10 or 2) and offset (`if_tsoffset`). A Simple Packet Block has no timestamp: its packet gets
 *   the timestamp of the packet before it in the file (0 for the first).
 *
 * Pull-based and allocation-free per packet: `next()` loads the next packet into the cursor
 * fields (`buffer[offset, offset + length)`, timestamps, link type), valid until the next call.
 * The buffer is the reader's own (`chunkSize` bytes, grown only for a block larger than that,
 * up to `MAX_BLOCK`), so memory does not depend on the file's size. With `ethernet: true` every
 * packet is an Ethernet frame: Linux cooked captures (SLL, SLL2) are rewritten in place
 * (`link-types.ts`) and any other link type is refused with its name.
 *
 * A malformed file never crashes the reader: it throws `PcapError` with the file name and the
 * byte offset where the file goes wrong, printed as `FILE: error: MESSAGE at byte N` (the CLI
 * prints `FILE(byte N): error: MESSAGE`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { cookedShrink, cookedToEthernet, isEthernetConvertible, LINKTYPE_ETHERNET, unsupportedLinkType } from './link-types.ts';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_PB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
/** Largest record libpcap itself accepts whatever the snaplen says (its MAXIMUM_SNAPLEN). */
export const PCAP_MAX_RECORD = 262144;
/** Largest pcapng block read (a block must fit the buffer whole). */
export const MAX_BLOCK = 16 * 1024 * 1024;
/** Default size of the read buffer. */
export const DEFAULT_CHUNK = 1024 * 1024;

export class PcapError extends Error {
  readonly file: string;
  readonly offset: number;
  readonly detail: string;
  constructor(file: string, detail: string, offset: number) {
    super(`${file}: error: ${detail} at byte ${offset}`);
    this.name = 'PcapError';
    this.file = file;
    this.detail = detail;
    this.offset = offset;
  }
}

/** Where a reader's bytes come from. */
export interface ByteSource {
  /** Reads up to `length` bytes into `into` at `at`; returns how many, 0 at the end. */
  read(into: Uint8Array, at: number, length: number): number;
  /** Size in bytes, or -1 when unknown. */
  readonly size: number;
  close(): void;
}

/** A file read with `readSync` (throws `PcapError` when it cannot be opened). */
export function fileSource(path: string): ByteSource {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    throw new PcapError(path, `cannot read file (${e instanceof Error ? e.message : String(e)})`, 0);
  }
  let open = true;
  return {
    size,
    read(into, at, length) {
      try {
        return readSync(fd, into, at, length, null);
      } catch (e) {
        throw new PcapError(path, `cannot read file (${e instanceof Error ? e.message : String(e)})`, 0);
      }
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Bytes in memory read as a source (copied into the reader's buffer, which may then be rewritten). */
export function memorySource(bytes: Uint8Array): ByteSource {
  let at = 0;
  return {
    size: bytes.length,
    read(into, to, length) {
      const n = Math.min(length, bytes.length - at);
      into.set(bytes.subarray(at, at + n), to);
      at += n;
      return n;
    },
    close() {},
  };
}

export interface CaptureReaderOptions {
  /** Name used in errors (default `<pcap>`). */
  readonly name?: string;
  /** Deliver Ethernet frames: convert SLL/SLL2, refuse other link types (default false: bytes as recorded). */
  readonly ethernet?: boolean;
  /** Size of the read buffer (default 1 MiB). */
  readonly chunkSize?: number;
}

/** Header fields of a classic pcap file. */
export interface PcapHeader {
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly thiszone: number;
  readonly sigfigs: number;
  readonly snaplen: number;
}

/** Timestamp resolution of an interface: 10^-exp (decimal) or 2^-exp seconds. */
interface Resolution {
  readonly binary: boolean;
  readonly exp: number;
}

const MICROSECONDS: Resolution = { binary: false, exp: 6 };

/**
 * Streaming reader of one capture file. `CaptureReader.open(path)` for a file,
 * `CaptureReader.fromBytes(bytes)` for an image in memory; then `while (r.next()) …`.
 */
export class CaptureReader {
  readonly name: string;
  readonly format: 'pcap' | 'pcapng';
  /** Classic pcap: the file was little-endian. pcapng: the current section is. */
  littleEndian = true;
  /** Classic pcap header (null for pcapng). */
  readonly pcapHeader: PcapHeader | null = null;

  // ---- the current packet (valid until the next `next()`) ----------------------------------
  /** Holds the packet at `offset` (the reader's own buffer, or the image given to `fromBytes`). */
  buffer: Uint8Array;
  offset = 0;
  length = 0;
  /** Length of the packet on the wire (≥ `length` when the capture cut it). */
  origLen = 0;
  /** Seconds since the epoch. */
  tsSec = 0;
  /** Fraction of the second in nanoseconds. */
  tsNanos = 0;
  /** Link type of the packet (LINKTYPE_ETHERNET for every packet of an `ethernet` reader). */
  linkType = LINKTYPE_ETHERNET;
  /** pcapng interface of the packet (0 for classic pcap). */
  interfaceId = 0;
  /** Packets delivered so far (the current one's number, from 1). */
  packetNumber = 0;
  /** Byte offset in the file of the current packet's record or block. */
  recordOffset = 0;

  private readonly source: ByteSource | null;
  private readonly ethernet: boolean;
  private dv: DataView;
  /** Parse position and end of the valid bytes in `buffer`. */
  private pos = 0;
  private end = 0;
  /** File offset of `buffer[0]`. */
  private base = 0;
  private eof = false;
  // classic pcap
  private nanosecond = false;
  private recordLimit = 0;
  private classicLinkType = LINKTYPE_ETHERNET;
  // pcapng: interfaces of the current section
  private readonly ifLinkType: number[] = [];
  private readonly ifSnaplen: number[] = [];
  private readonly ifResolution: Resolution[] = [];
  private readonly ifOffsetSec: number[] = [];
  private readonly ifAt: number[] = [];
  private sections = 0;

  private constructor(source: ByteSource | null, image: Uint8Array | null, options: CaptureReaderOptions) {
    this.name = options.name ?? '<pcap>';
    this.ethernet = options.ethernet ?? false;
    this.source = source;
    if (image !== null) {
      this.buffer = image;
      this.end = image.length;
      this.eof = true;
    } else {
      this.buffer = new Uint8Array(Math.max(64, options.chunkSize ?? DEFAULT_CHUNK));
    }
    this.dv = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    try {
      this.ensure(GLOBAL_HEADER_LEN);
      const have = this.end - this.pos;
      if (have >= 4 && this.dv.getUint32(0, true) === PCAPNG_SHB) {
        this.format = 'pcapng';
        // the first Section Header Block is read by the first `next()`
        return;
      }
      this.format = 'pcap';
      if (have < GLOBAL_HEADER_LEN) this.fail(`truncated global header (${have} of ${GLOBAL_HEADER_LEN} bytes)`, have);
      this.pcapHeader = this.readGlobalHeader();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Opens a file (throws `PcapError` when it cannot be read or its header is malformed). */
  static open(path: string, options: Omit<CaptureReaderOptions, 'name'> = {}): CaptureReader {
    return new CaptureReader(fileSource(path), null, { ...options, name: path });
  }

  /**
   * Reads an image in memory. Without `ethernet` the packets are views on `bytes` (nothing is
   * copied); with it, the bytes are read through the reader's own buffer (cooked headers are
   * rewritten there, never in `bytes`).
   */
  static fromBytes(bytes: Uint8Array, options: CaptureReaderOptions = {}): CaptureReader {
    if (options.ethernet === true) return new CaptureReader(memorySource(bytes), null, options);
    return new CaptureReader(null, bytes, options);
  }

  /** Opens any byte source (a pipe, a socket stream read synchronously, …). */
  static fromSource(source: ByteSource, options: CaptureReaderOptions = {}): CaptureReader {
    return new CaptureReader(source, null, options);
  }

  /** Size of the file in bytes (-1 when unknown). */
  get size(): number {
    return this.source === null ? this.buffer.length : this.source.size;
  }

  /** Bytes of the file consumed so far. */
  get position(): number {
    return this.base + this.pos;
  }

  /** Whether timestamps are finer than microseconds (nanosecond pcap; a pcapng interface seen so far with a finer resolution). */
  get subMicrosecond(): boolean {
    if (this.format === 'pcap') return this.nanosecond;
    return this.ifResolution.some((r) => (r.binary ? r.exp > 19 : r.exp > 6));
  }

  /** Link type of a classic pcap file, or of the first interface of a pcapng file read so far. */
  get fileLinkType(): number {
    return this.format === 'pcap' ? this.classicLinkType : (this.ifLinkType[0] ?? LINKTYPE_ETHERNET);
  }

  /** Loads the next packet; false at the end of the file. Throws `PcapError` on a malformed file. */
  next(): boolean {
    const ok = this.format === 'pcap' ? this.nextRecord() : this.nextBlock();
    if (ok && this.ethernet && this.linkType !== LINKTYPE_ETHERNET) this.toEthernet();
    return ok;
  }

  /** Iterates the packets: yields the reader itself, positioned on each packet in turn. */
  *[Symbol.iterator](): IterableIterator<CaptureReader> {
    while (this.next()) yield this;
  }

  close(): void {
    this.source?.close();
  }

  // ---------------------------------------------------------------------------------------
  // Buffer
  // ---------------------------------------------------------------------------------------

  /** Makes `buffer[pos, pos + n)` valid if the file has that many bytes left; returns whether it does. */
  private ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.eof || this.source === null) return false;
    if (n > this.buffer.length) this.grow(n);
    if (this.pos > 0) {
      this.buffer.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    while (this.end < this.buffer.length) {
      const r = this.source.read(this.buffer, this.end, this.buffer.length - this.end);
      if (r === 0) {
        this.eof = true;
        break;
      }
      this.end += r;
    }
    return this.end - this.pos >= n;
  }

  private grow(n: number): void {
    const bigger = new Uint8Array(Math.min(MAX_BLOCK, Math.max(n, this.buffer.length * 2)));
    bigger.set(this.buffer.subarray(this.pos, this.end));
    this.base += this.pos;
    this.end -= this.pos;
    this.pos = 0;
    this.buffer = bigger;
    this.dv = new DataView(bigger.buffer);
  }

  private fail(detail: string, at: number): never {
    throw new PcapError(this.name, detail, at);
  }

  // ---------------------------------------------------------------------------------------
  // Classic pcap
  // ---------------------------------------------------------------------------------------

  private readGlobalHeader(): PcapHeader {
    const dv = this.dv;
    const magicLE = dv.getUint32(0, true);
    if (magicLE === PCAP_MAGIC_US || magicLE === PCAP_MAGIC_NS) {
      this.littleEndian = true;
      this.nanosecond = magicLE === PCAP_MAGIC_NS;
    } else {
      const magicBE = dv.getUint32(0, false);
      if (magicBE !== PCAP_MAGIC_US && magicBE !== PCAP_MAGIC_NS) {
        this.fail(`bad magic number 0x${magicBE.toString(16).padStart(8, '0')} (not a pcap or pcapng file)`, 0);
      }
      this.littleEndian = false;
      this.nanosecond = magicBE === PCAP_MAGIC_NS;
    }
    const le = this.littleEndian;
    const versionMajor = dv.getUint16(4, le);
    const versionMinor = dv.getUint16(6, le);
    if (versionMajor !== 2) this.fail(`unsupported pcap version ${versionMajor}.${versionMinor}`, 4);
    const snaplen = dv.getUint32(16, le);
    // The FCS-length bits (upper bits of the link-type field) are not part of the link type.
    this.classicLinkType = dv.getUint32(20, le) & 0x0fffffff;
    this.linkType = this.classicLinkType;
    if (this.ethernet && !isEthernetConvertible(this.classicLinkType)) this.fail(unsupportedLinkType(this.classicLinkType), 20);
    this.recordLimit = Math.min(Math.max(snaplen, PCAP_MAX_RECORD), MAX_BLOCK - RECORD_HEADER_LEN);
    this.pos = GLOBAL_HEADER_LEN;
    return { versionMajor, versionMinor, thiszone: dv.getInt32(8, le), sigfigs: dv.getUint32(12, le), snaplen };
  }

  private nextRecord(): boolean {
    if (!this.ensure(RECORD_HEADER_LEN)) {
      const left = this.end - this.pos;
      if (left === 0) return false;
      this.fail(`truncated record header for packet ${this.packetNumber + 1} (${left} of ${RECORD_HEADER_LEN} bytes)`, this.base + this.pos);
    }
    const dv = this.dv;
    const le = this.littleEndian;
    const p = this.pos;
    const at = this.base + p;
    const tsSec = dv.getUint32(p, le);
    const tsFrac = dv.getUint32(p + 4, le);
    const inclLen = dv.getUint32(p + 8, le);
    const n = this.packetNumber + 1;
    const fracLimit = this.nanosecond ? 1_000_000_000 : 1_000_000;
    if (tsFrac >= fracLimit) this.fail(`packet ${n}: timestamp fraction ${tsFrac} is not below ${fracLimit}`, at + 4);
    if (inclLen > this.recordLimit) {
      this.fail(`packet ${n}: captured length ${inclLen} exceeds the limit ${this.recordLimit} (snaplen ${this.pcapHeader?.snaplen ?? this.recordLimit})`, at + 8);
    }
    if (!this.ensure(RECORD_HEADER_LEN + inclLen)) {
      const have = this.end - this.pos - RECORD_HEADER_LEN;
      this.fail(`truncated packet ${n} (${have} of ${inclLen} bytes)`, this.base + this.end);
    }
    // `ensure` may have moved the bytes: read the rest from the new position
    const q = this.pos;
    this.origLen = this.dv.getUint32(q + 12, le);
    this.tsSec = tsSec;
    this.tsNanos = this.nanosecond ? tsFrac : tsFrac * 1000;
    this.offset = q + RECORD_HEADER_LEN;
    this.length = inclLen;
    this.linkType = this.classicLinkType;
    this.recordOffset = at;
    this.packetNumber = n;
    this.pos = q + RECORD_HEADER_LEN + inclLen;
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // pcapng
  // ---------------------------------------------------------------------------------------

  private nextBlock(): boolean {
    for (;;) {
      if (!this.ensure(8)) {
        const left = this.end - this.pos;
        if (left === 0) return false;
        this.fail(`truncated block header (${left} of 8 bytes)`, this.base + this.pos);
      }
      const at = this.base + this.pos;
      const type = this.dv.getUint32(this.pos, this.littleEndian);
      if (type === PCAPNG_SHB) this.sectionByteOrder(at);
      else if (this.sections === 0) this.fail('a pcapng file must start with a section header block', at);
      const total = this.dv.getUint32(this.pos + 4, this.littleEndian);
      if (total < 12 || total % 4 !== 0) this.fail(`block length ${total} is not a multiple of 4 of at least 12`, at + 4);
      if (total > MAX_BLOCK) this.fail(`block of ${total} bytes is larger than p4ts reads (${MAX_BLOCK})`, at + 4);
      if (!this.ensure(total)) this.fail(`truncated block (${this.end - this.pos} of ${total} bytes)`, this.base + this.end);
      const p = this.pos;
      const trailer = this.dv.getUint32(p + total - 4, this.littleEndian);
      if (trailer !== total) this.fail(`block length ${total} and trailing length ${trailer} differ`, at + total - 4);
      this.pos = p + total;
      switch (type) {
        case PCAPNG_SHB:
          this.readSectionHeader(p, total, at);
          break;
        case BLOCK_IDB:
          this.readInterface(p, total, at);
          break;
        case BLOCK_EPB:
          this.readPacket(p, total, at, 28, this.dv.getUint32(p + 8, this.littleEndian), true);
          return true;
        case BLOCK_PB:
          this.readPacket(p, total, at, 28, this.dv.getUint16(p + 8, this.littleEndian), true);
          return true;
        case BLOCK_SPB:
          this.readSimplePacket(p, total, at);
          return true;
        default:
          break; // statistics, name resolution, decryption secrets, custom, ...: not needed
      }
    }
  }

  /** Reads the byte-order magic of a section header block at `pos` and sets the section's byte order. */
  private sectionByteOrder(at: number): void {
    if (!this.ensure(12)) this.fail(`truncated section header block (${this.end - this.pos} of 12 bytes)`, this.base + this.end);
    const magic = this.dv.getUint32(this.pos + 8, true);
    if (magic === PCAPNG_BYTE_ORDER_MAGIC) this.littleEndian = true;
    else if (magic === 0x4d3c2b1a) this.littleEndian = false;
    else this.fail(`bad pcapng byte-order magic 0x${this.dv.getUint32(this.pos + 8, false).toString(16).padStart(8, '0')}`, at + 8);
  }

  private readSectionHeader(p: number, total: number, at: number): void {
    if (total < 28) this.fail(`section header block of ${total} bytes (at least 28)`, at + 4);
    const major = this.dv.getUint16(p + 12, this.littleEndian);
    const minor = this.dv.getUint16(p + 14, this.littleEndian);
    if (major !== 1) this.fail(`unsupported pcapng version ${major}.${minor}`, at + 12);
    this.sections++;
    this.ifLinkType.length = 0;
    this.ifSnaplen.length = 0;
    this.ifResolution.length = 0;
    this.ifOffsetSec.length = 0;
    this.ifAt.length = 0;
  }

  private readInterface(p: number, total: number, at: number): void {
    if (total < 20) this.fail(`interface description block of ${total} bytes (at least 20)`, at + 4);
    const le = this.littleEndian;
    const dv = this.dv;
    const id = this.ifLinkType.length;
    let resolution = MICROSECONDS;
    let offsetSec = 0;
    // options: code (2), length (2), value padded to 4 bytes; up to opt_endofopt or the trailer
    let o = p + 16;
    const stop = p + total - 4;
    while (o + 4 <= stop) {
      const code = dv.getUint16(o, le);
      const len = dv.getUint16(o + 2, le);
      if (code === 0) break;
      const value = o + 4;
      if (value + len > stop) this.fail(`interface ${id}: option ${code} of ${len} bytes runs past its block`, this.base + o);
      if (code === 9 && len >= 1) {
        const v = this.buffer[value]!;
        resolution = { binary: (v & 0x80) !== 0, exp: v & 0x7f };
      } else if (code === 14 && len >= 8) {
        offsetSec = Number(dv.getBigInt64(value, le));
      }
      o = value + ((len + 3) & ~3);
    }
    this.ifLinkType.push(dv.getUint16(p + 8, le));
    this.ifSnaplen.push(dv.getUint32(p + 12, le));
    this.ifResolution.push(resolution);
    this.ifOffsetSec.push(offsetSec);
    this.ifAt.push(at);
  }

  /** Enhanced Packet Block (and the obsolete Packet Block, same layout after its 16-bit interface id). */
  private readPacket(p: number, total: number, at: number, dataAt: number, iface: number, timed: boolean): void {
    const n = this.packetNumber + 1;
    if (total < dataAt + 4) this.fail(`packet ${n}: packet block of ${total} bytes (at least ${dataAt + 4})`, at + 4);
    const le = this.littleEndian;
    const dv = this.dv;
    if (iface >= this.ifLinkType.length) this.fail(`packet ${n}: interface ${iface} is not described (the section has ${this.ifLinkType.length})`, at + 8);
    const captured = dv.getUint32(p + 20, le);
    if (dataAt + captured + 4 > total) this.fail(`packet ${n}: captured length ${captured} runs past its block of ${total} bytes`, at + 20);
    this.origLen = dv.getUint32(p + 24, le);
    if (timed) this.setTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), iface, n, at + 12);
    this.offset = p + dataAt;
    this.length = captured;
    this.deliver(iface, at, n);
  }

  private readSimplePacket(p: number, total: number, at: number): void {
    const n = this.packetNumber + 1;
    if (total < 16) this.fail(`packet ${n}: simple packet block of ${total} bytes (at least 16)`, at + 4);
    if (this.ifLinkType.length === 0) this.fail(`packet ${n}: simple packet block before any interface description`, at);
    const orig = this.dv.getUint32(p + 8, this.littleEndian);
    const snap = this.ifSnaplen[0]!;
    let captured = Math.min(orig, total - 16);
    if (snap > 0 && captured > snap) captured = snap;
    this.origLen = orig;
    this.offset = p + 12;
    this.length = captured;
    // no timestamp: the one of the packet before (tsSec, tsNanos stay as they are)
    this.deliver(0, at, n);
  }

  private deliver(iface: number, at: number, n: number): void {
    this.interfaceId = iface;
    this.linkType = this.ifLinkType[iface]!;
    this.recordOffset = at;
    this.packetNumber = n;
  }

  /** The 64-bit timestamp `high:low` of interface `iface` in seconds and nanoseconds. */
  private setTimestamp(high: number, low: number, iface: number, n: number, at: number): void {
    const r = this.ifResolution[iface]!;
    let sec: number;
    let nanos: number;
    if (!r.binary && r.exp <= 9) {
      const d = DECIMAL[r.exp]!;
      if (high < 0x200000) {
        // below 2^53: one exact division
        const v = high * 4294967296 + low;
        sec = Math.floor(v / d);
        nanos = (v - sec * d) * DECIMAL[9 - r.exp]!;
      } else {
        // long division in 16-bit digits (each partial value stays below 2^47, exact)
        let rem = high >>> 16;
        const q3 = Math.floor(rem / d);
        rem = (rem - q3 * d) * 65536 + (high & 0xffff);
        const q2 = Math.floor(rem / d);
        rem = (rem - q2 * d) * 65536 + (low >>> 16);
        const q1 = Math.floor(rem / d);
        rem = (rem - q1 * d) * 65536 + (low & 0xffff);
        const q0 = Math.floor(rem / d);
        rem -= q0 * d;
        sec = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0;
        nanos = rem * DECIMAL[9 - r.exp]!;
      }
    } else {
      // finer than nanoseconds, or a power of two: exact in bigints (rare)
      const v = (BigInt(high) << 32n) | BigInt(low);
      const d = r.binary ? 1n << BigInt(r.exp) : 10n ** BigInt(r.exp);
      sec = Number(v / d);
      nanos = Number(((v % d) * 1_000_000_000n) / d);
    }
    sec += this.ifOffsetSec[iface]!;
    if (!(sec >= 0 && Number.isSafeInteger(sec))) this.fail(`packet ${n}: timestamp of ${sec} seconds is out of range`, at);
    this.tsSec = sec;
    this.tsNanos = nanos;
  }

  // ---------------------------------------------------------------------------------------
  // Link types
  // ---------------------------------------------------------------------------------------

  private toEthernet(): void {
    const lt = this.linkType;
    if (!isEthernetConvertible(lt)) {
      const iface = this.format === 'pcapng' ? ` on interface ${this.interfaceId} (described at byte ${this.ifAt[this.interfaceId]})` : '';
      this.fail(`packet ${this.packetNumber}${iface}: ${unsupportedLinkType(lt)}`, this.recordOffset);
    }
    const e = cookedToEthernet(lt, this.buffer, this.offset, this.length);
    if (typeof e === 'string') this.fail(`packet ${this.packetNumber}: ${e}`, this.recordOffset);
    const shrink = cookedShrink(lt);
    this.offset = e;
    this.length -= shrink;
    this.origLen = Math.max(this.length, this.origLen - shrink);
    this.linkType = LINKTYPE_ETHERNET;
  }
}

/** 10^0 … 10^9. */
const DECIMAL = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000] as const;

export { LINKTYPE_ETHERNET };
