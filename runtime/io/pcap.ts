/**
 * Whole capture files in memory, for tests, fixtures and small tools: `readPcap`/`readPcapFile`
 * return every packet, `writePcap`/`writePcapFile` write a list of them. They are thin layers
 * over the streaming reader (`pcap-reader.ts`: classic pcap and pcapng) and writer
 * (`pcap-writer.ts`: classic pcap), which `p4ts run` uses directly so that its memory does not
 * grow with the files.
 *
 * A malformed file never crashes the reader: it ends in a `PcapError` carrying the file name and
 * the byte offset, printed as `FILE: error: MESSAGE at byte N`. `parsePcap` returns a result
 * instead of throwing.
 */
import { CaptureReader, PcapError } from './pcap-reader.ts';
import { MemorySink, PcapWriter } from './pcap-writer.ts';

export { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, linkTypeName } from './link-types.ts';
export { CaptureReader, PcapError, PCAP_MAGIC_NS, PCAP_MAGIC_US, PCAP_MAX_RECORD, type ByteSource, type CaptureReaderOptions } from './pcap-reader.ts';
export { PcapWriter, type ByteSink, type PcapWriterOptions } from './pcap-writer.ts';

export interface PcapRecord {
  /** Seconds since the epoch. */
  tsSec: number;
  /** Fraction of the second, in microseconds or nanoseconds according to `PcapFile.nanosecond`. */
  tsFrac: number;
  /** Length of the packet on the wire (may exceed `data.length` when truncated to the snaplen). */
  origLen: number;
  /** The captured bytes. */
  data: Uint8Array;
}

export interface PcapFile {
  /** Link type of the file (pcapng: of its first interface). */
  linkType: number;
  snaplen: number;
  /** Timestamps' `tsFrac` is in nanoseconds (else microseconds); always for pcapng. */
  nanosecond: boolean;
  /** The file (pcapng: its last section) was little-endian. */
  littleEndian: boolean;
  versionMajor: number;
  versionMinor: number;
  thiszone: number;
  sigfigs: number;
  records: PcapRecord[];
}

export type PcapResult = { ok: true; value: PcapFile } | { ok: false; error: PcapError };

/** Parses a capture image; returns an error result (never throws) on a malformed file. */
export function parsePcap(bytes: Uint8Array, file = '<pcap>'): PcapResult {
  try {
    return { ok: true, value: readPcap(bytes, file) };
  } catch (e) {
    if (e instanceof PcapError) return { ok: false, error: e };
    throw e;
  }
}

/** Parses a capture image (pcap or pcapng); throws `PcapError` on a malformed file. Record data are views on `bytes`. */
export function readPcap(bytes: Uint8Array, file = '<pcap>'): PcapFile {
  return collect(CaptureReader.fromBytes(bytes, { name: file }), (r) => r.buffer.subarray(r.offset, r.offset + r.length));
}

/** Reads a capture file from disk; throws `PcapError` (named after `path`) when it is malformed or unreadable. */
export function readPcapFile(path: string): PcapFile {
  const reader = CaptureReader.open(path);
  try {
    return collect(reader, (r) => r.buffer.slice(r.offset, r.offset + r.length));
  } finally {
    reader.close();
  }
}

function collect(reader: CaptureReader, data: (r: CaptureReader) => Uint8Array): PcapFile {
  const ng = reader.format === 'pcapng';
  const classicNs = !ng && reader.subMicrosecond;
  const records: PcapRecord[] = [];
  while (reader.next()) {
    const tsFrac = ng || classicNs ? reader.tsNanos : reader.tsNanos / 1000;
    records.push({ tsSec: reader.tsSec, tsFrac, origLen: reader.origLen, data: data(reader) });
  }
  const h = reader.pcapHeader;
  return {
    linkType: reader.fileLinkType,
    snaplen: h?.snaplen ?? 0,
    nanosecond: ng || classicNs,
    littleEndian: reader.littleEndian,
    versionMajor: h?.versionMajor ?? 1,
    versionMinor: h?.versionMinor ?? 0,
    thiszone: h?.thiszone ?? 0,
    sigfigs: h?.sigfigs ?? 0,
    records,
  };
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
  /** Fraction of the second in the file's unit (microseconds, or nanoseconds with `nanosecond`). */
  tsFrac?: number;
  origLen?: number;
  data: Uint8Array;
}

/**
 * Serialises records into a classic pcap image. Data longer than the snaplen are truncated to it
 * (incl_len = snaplen, orig_len kept).
 */
export function writePcap(records: readonly PcapWriteRecord[], options: PcapWriteOptions = {}): Uint8Array {
  const sink = new MemorySink();
  writeRecords(new PcapWriter(sink, options), records, options.nanosecond ?? false);
  return sink.toBytes();
}

export function writePcapFile(path: string, records: readonly PcapWriteRecord[], options: PcapWriteOptions = {}): void {
  writeRecords(PcapWriter.create(path, options), records, options.nanosecond ?? false);
}

function writeRecords(w: PcapWriter, records: readonly PcapWriteRecord[], nanosecond: boolean): void {
  try {
    for (const r of records) {
      const frac = r.tsFrac ?? 0;
      w.write(r.data, 0, r.data.length, r.tsSec ?? 0, nanosecond ? frac : frac * 1000, r.origLen ?? r.data.length);
    }
  } finally {
    w.close();
  }
}
