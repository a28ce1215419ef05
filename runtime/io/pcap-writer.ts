/**
 * The capture-file writer: classic pcap (libpcap) written through a fixed-size buffer as the
 * packets come, so memory does not grow with the file. Little-endian by default (what tcpdump
 * writes on x86), microsecond timestamps unless asked for nanoseconds, LINKTYPE_ETHERNET unless
 * told otherwise; tcpdump and Wireshark read the files.
 *
 * `PcapWriter.create(path)` writes a file (`flush` pushes the buffer to it, `close` flushes and
 * closes it); over a `MemorySink` it builds an image in memory (`writePcap`).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { LINKTYPE_ETHERNET } from './link-types.ts';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-reader.ts';

const GLOBAL_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;
/** Default size of the write buffer. */
export const DEFAULT_WRITE_BUFFER = 64 * 1024;

/** Where a writer's bytes go. */
export interface ByteSink {
  /** Writes `bytes[offset, offset + length)` completely (or throws). */
  write(bytes: Uint8Array, offset: number, length: number): void;
  close(): void;
}

/** A file on disk, created or truncated; errors name the file. */
export function fileSink(path: string): ByteSink {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new Error(`${path}: error: cannot write file (${e instanceof Error ? e.message : String(e)})`);
  }
  let open = true;
  return {
    write(bytes, offset, length) {
      try {
        let done = 0;
        while (done < length) done += writeSync(fd, bytes, offset + done, length - done);
      } catch (e) {
        throw new Error(`${path}: error: cannot write file (${e instanceof Error ? e.message : String(e)})`);
      }
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Collects the bytes in memory (`toBytes` joins them). */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  write(bytes: Uint8Array, offset: number, length: number): void {
    this.chunks.push(bytes.slice(offset, offset + length));
    this.total += length;
  }
  close(): void {}
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export interface PcapWriterOptions {
  /** Default LINKTYPE_ETHERNET. */
  readonly linkType?: number;
  /** Default 65535: longer packets are cut to it (captured length = snaplen, original length kept). */
  readonly snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d); default microseconds (fractions truncated). */
  readonly nanosecond?: boolean;
  /** Default true. */
  readonly littleEndian?: boolean;
  /** Size of the write buffer (default 64 KiB). */
  readonly bufferSize?: number;
}

export class PcapWriter {
  readonly snaplen: number;
  readonly nanosecond: boolean;
  readonly littleEndian: boolean;
  /** Packets written so far. */
  packets = 0;
  private readonly sink: ByteSink;
  private readonly buf: Uint8Array;
  private readonly dv: DataView;
  private used = 0;
  private closed = false;

  constructor(sink: ByteSink, options: PcapWriterOptions = {}) {
    const snaplen = options.snaplen ?? 65535;
    if (!Number.isInteger(snaplen) || snaplen <= 0 || snaplen > 0xffffffff) throw new RangeError(`pcap snaplen ${snaplen} out of range`);
    this.sink = sink;
    this.snaplen = snaplen;
    this.nanosecond = options.nanosecond ?? false;
    this.littleEndian = options.littleEndian ?? true;
    this.buf = new Uint8Array(Math.max(GLOBAL_HEADER_LEN + RECORD_HEADER_LEN, options.bufferSize ?? DEFAULT_WRITE_BUFFER));
    this.dv = new DataView(this.buf.buffer);
    const dv = this.dv;
    const le = this.littleEndian;
    dv.setUint32(0, this.nanosecond ? PCAP_MAGIC_NS : PCAP_MAGIC_US, le);
    dv.setUint16(4, 2, le);
    dv.setUint16(6, 4, le);
    dv.setInt32(8, 0, le);
    dv.setUint32(12, 0, le);
    dv.setUint32(16, snaplen, le);
    dv.setUint32(20, options.linkType ?? LINKTYPE_ETHERNET, le);
    this.used = GLOBAL_HEADER_LEN;
  }

  /** A writer of the file `path` (created or truncated). */
  static create(path: string, options: PcapWriterOptions = {}): PcapWriter {
    return new PcapWriter(fileSink(path), options);
  }

  /**
   * Appends the packet `buffer[offset, offset + length)` received at `tsSec` seconds and `tsNanos`
   * nanoseconds; `origLen` is its length on the wire (default `length`). The bytes are copied
   * before it returns.
   */
  write(buffer: Uint8Array, offset: number, length: number, tsSec: number, tsNanos: number, origLen: number = length): void {
    if (this.closed) throw new Error('pcap writer is closed');
    if (!(tsSec >= 0 && tsSec <= 0xffffffff && Number.isInteger(tsSec))) throw new RangeError(`pcap timestamp ${tsSec} s does not fit 32 bits`);
    if (!(tsNanos >= 0 && tsNanos < 1_000_000_000)) throw new RangeError(`pcap timestamp fraction ${tsNanos} ns out of range`);
    const incl = length < this.snaplen ? length : this.snaplen;
    if (origLen < incl) throw new RangeError(`pcap record origLen ${origLen} is below its captured length ${incl}`);
    if (this.used + RECORD_HEADER_LEN + incl > this.buf.length) this.flush();
    const dv = this.dv;
    const le = this.littleEndian;
    const p = this.used;
    dv.setUint32(p, tsSec, le);
    dv.setUint32(p + 4, this.nanosecond ? tsNanos : Math.floor(tsNanos / 1000), le);
    dv.setUint32(p + 8, incl, le);
    dv.setUint32(p + 12, origLen, le);
    this.used = p + RECORD_HEADER_LEN;
    if (this.used + incl > this.buf.length) {
      // larger than the buffer: header through the buffer, data straight to the sink
      this.flush();
      this.sink.write(buffer, offset, incl);
    } else {
      const buf = this.buf;
      const q = this.used;
      if (incl <= 32) for (let i = 0; i < incl; i++) buf[q + i] = buffer[offset + i]!; // short: a loop beats making a view
      else buf.set(buffer.subarray(offset, offset + incl), q);
      this.used = q + incl;
    }
    this.packets++;
  }

  /** Writes the buffered bytes to the sink. */
  flush(): void {
    if (this.used > 0) {
      const n = this.used;
      this.used = 0;
      this.sink.write(this.buf, 0, n);
    }
  }

  /** Flushes and closes the sink (once). */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.sink.close();
    }
  }
}
