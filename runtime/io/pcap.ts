/**
 * Classic pcap (libpcap) files: reader and writer.
 *
 * Reads both byte orders and both timestamp resolutions (magic a1b2c3d4 microseconds,
 * a1b23c4d nanoseconds). Writes little-endian files, LINKTYPE_ETHERNET by default, microsecond
 * resolution unless asked for nanoseconds. A malformed file never crashes the reader: it ends in a
 * `PcapError` carrying the file name and the byte offset, printed as
 * `FILE: error: MESSAGE at byte N`. `parsePcap` returns a result instead of throwing.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const LINKTYPE_ETHERNET = 1;
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
/** Largest record libpcap itself accepts whatever the snaplen says (its MAXIMUM_SNAPLEN). */
export const PCAP_MAX_RECORD = 262144;

export interface PcapRecord {
  /** Seconds since the epoch. */
  tsSec: number;
  /** Fraction of the second, in microseconds or nanoseconds according to the file. */
  tsFrac: number;
  /** Length of the packet on the wire (may exceed `data.length` when truncated to the snaplen). */
  origLen: number;
  /** The captured bytes (incl_len of them). */
  data: Uint8Array;
}

export interface PcapFile {
  linkType: number;
  snaplen: number;
  /** Timestamps' `tsFrac` is in nanoseconds (else microseconds). */
  nanosecond: boolean;
  /** The file was little-endian. */
  littleEndian: boolean;
  versionMajor: number;
  versionMinor: number;
  thiszone: number;
  sigfigs: number;
  records: PcapRecord[];
}

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

export type PcapResult = { ok: true; value: PcapFile } | { ok: false; error: PcapError };

/** Parses a pcap image; returns an error result (never throws) on a malformed file. */
export function parsePcap(bytes: Uint8Array, file = '<pcap>'): PcapResult {
  try {
    return { ok: true, value: readPcap(bytes, file) };
  } catch (e) {
    if (e instanceof PcapError) return { ok: false, error: e };
    throw e;
  }
}

/** Parses a pcap image; throws `PcapError` on a malformed file. Record data are views on `bytes`. */
export function readPcap(bytes: Uint8Array, file = '<pcap>'): PcapFile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  if (size < GLOBAL_HEADER_LEN) {
    throw new PcapError(file, `truncated global header (${size} of ${GLOBAL_HEADER_LEN} bytes)`, size);
  }
  const magicLE = dv.getUint32(0, true);
  let le: boolean;
  let ns: boolean;
  if (magicLE === PCAP_MAGIC_US || magicLE === PCAP_MAGIC_NS) {
    le = true;
    ns = magicLE === PCAP_MAGIC_NS;
  } else {
    const magicBE = dv.getUint32(0, false);
    if (magicBE === PCAP_MAGIC_US || magicBE === PCAP_MAGIC_NS) {
      le = false;
      ns = magicBE === PCAP_MAGIC_NS;
    } else {
      throw new PcapError(
        file,
        `bad magic number 0x${magicBE.toString(16).padStart(8, '0')} (not a classic pcap file)`,
        0,
      );
    }
  }
  const versionMajor = dv.getUint16(4, le);
  const versionMinor = dv.getUint16(6, le);
  if (versionMajor !== 2) {
    throw new PcapError(file, `unsupported pcap version ${versionMajor}.${versionMinor}`, 4);
  }
  const thiszone = dv.getInt32(8, le);
  const sigfigs = dv.getUint32(12, le);
  const snaplen = dv.getUint32(16, le);
  // The FCS-length bits (upper bits of the link-type field) are not part of the link type.
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  const limit = Math.max(snaplen, PCAP_MAX_RECORD);
  const fracLimit = ns ? 1_000_000_000 : 1_000_000;
  const records: PcapRecord[] = [];
  let p = GLOBAL_HEADER_LEN;
  while (p < size) {
    if (size - p < RECORD_HEADER_LEN) {
      throw new PcapError(
        file,
        `truncated record header for packet ${records.length + 1} (${size - p} of ${RECORD_HEADER_LEN} bytes)`,
        p,
      );
    }
    const tsSec = dv.getUint32(p, le);
    const tsFrac = dv.getUint32(p + 4, le);
    const inclLen = dv.getUint32(p + 8, le);
    const origLen = dv.getUint32(p + 12, le);
    if (tsFrac >= fracLimit) {
      throw new PcapError(
        file,
        `packet ${records.length + 1}: timestamp fraction ${tsFrac} is not below ${fracLimit}`,
        p + 4,
      );
    }
    if (inclLen > limit) {
      throw new PcapError(
        file,
        `packet ${records.length + 1}: captured length ${inclLen} exceeds the limit ${limit} (snaplen ${snaplen})`,
        p + 8,
      );
    }
    const dataStart = p + RECORD_HEADER_LEN;
    if (size - dataStart < inclLen) {
      throw new PcapError(
        file,
        `truncated packet ${records.length + 1} (${size - dataStart} of ${inclLen} bytes)`,
        size,
      );
    }
    records.push({ tsSec, tsFrac, origLen, data: bytes.subarray(dataStart, dataStart + inclLen) });
    p = dataStart + inclLen;
  }
  return { linkType, snaplen, nanosecond: ns, littleEndian: le, versionMajor, versionMinor, thiszone, sigfigs, records };
}

/** Reads a pcap file from disk; throws `PcapError` (named after `path`) when it is malformed or unreadable. */
export function readPcapFile(path: string): PcapFile {
  let bytes: Uint8Array;
  try {
    const b = readFileSync(path);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength); // plain Uint8Array views, not Buffers
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new PcapError(path, `cannot read file (${msg})`, 0);
  }
  return readPcap(bytes, path);
}

export interface PcapWriteOptions {
  linkType?: number;
  snaplen?: number;
  nanosecond?: boolean;
  /** Byte order of the file; little-endian by default (what tcpdump writes on x86). */
  littleEndian?: boolean;
}

/** A record to write: missing timestamps are 0, missing `origLen` is the data length. */
export interface PcapWriteRecord {
  tsSec?: number;
  tsFrac?: number;
  origLen?: number;
  data: Uint8Array;
}

/**
 * Serialises records into a pcap image. Data longer than the snaplen are truncated to it
 * (incl_len = snaplen, orig_len kept).
 */
export function writePcap(records: readonly PcapWriteRecord[], options: PcapWriteOptions = {}): Uint8Array {
  const linkType = options.linkType ?? LINKTYPE_ETHERNET;
  const snaplen = options.snaplen ?? 65535;
  const ns = options.nanosecond ?? false;
  const le = options.littleEndian ?? true;
  if (!Number.isInteger(snaplen) || snaplen <= 0 || snaplen > 0xffffffff) {
    throw new RangeError(`pcap snaplen ${snaplen} out of range`);
  }
  let total = GLOBAL_HEADER_LEN;
  for (const r of records) total += RECORD_HEADER_LEN + Math.min(r.data.length, snaplen);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, ns ? PCAP_MAGIC_NS : PCAP_MAGIC_US, le);
  dv.setUint16(4, 2, le);
  dv.setUint16(6, 4, le);
  dv.setInt32(8, 0, le);
  dv.setUint32(12, 0, le);
  dv.setUint32(16, snaplen, le);
  dv.setUint32(20, linkType, le);
  let p = GLOBAL_HEADER_LEN;
  for (const r of records) {
    const incl = Math.min(r.data.length, snaplen);
    const orig = r.origLen ?? r.data.length;
    if (orig < incl) throw new RangeError(`pcap record origLen ${orig} is below its captured length ${incl}`);
    dv.setUint32(p, r.tsSec ?? 0, le);
    dv.setUint32(p + 4, r.tsFrac ?? 0, le);
    dv.setUint32(p + 8, incl, le);
    dv.setUint32(p + 12, orig, le);
    out.set(incl === r.data.length ? r.data : r.data.subarray(0, incl), p + RECORD_HEADER_LEN);
    p += RECORD_HEADER_LEN + incl;
  }
  return out;
}

export function writePcapFile(path: string, records: readonly PcapWriteRecord[], options: PcapWriteOptions = {}): void {
  writeFileSync(path, writePcap(records, options));
}
