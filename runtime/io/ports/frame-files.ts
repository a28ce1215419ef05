/**
 * How pcap ports read and write capture files: through these interfaces, so the pcap codec has
 * one home (`runtime/io/`) and ports never parse a capture themselves. `wholeFilePcapCodec`
 * adapts today's classic-pcap reader and writer (`runtime/io/pcap.ts`); a streaming codec
 * (constant memory, pcapng) plugs in through the same interfaces.
 */
import { readPcapFile, writePcapFile, LINKTYPE_ETHERNET, type PcapWriteRecord } from '../pcap.ts';

/** One frame of a capture file: `data` is valid until the reader's next `next()`. */
export interface FrameFileRecord {
  readonly tsSec: number;
  /** Fraction of the second in nanoseconds. */
  readonly tsNanos: number;
  readonly data: Uint8Array;
}

export interface FrameFileReader {
  /** Link type of the file (LINKTYPE_*). */
  readonly linkType: number;
  /** The next frame, or null at the end. Throws `PcapError` (file name, byte offset) on a malformed file. */
  next(): FrameFileRecord | null;
  close(): void;
}

export interface FrameFileWriter {
  /** Appends a frame; the bytes are copied or written before it returns. */
  write(tsSec: number, tsNanos: number, buffer: Uint8Array, offset: number, length: number): void;
  /** Writes out whatever is buffered and closes the file. */
  close(): void;
}

export interface FrameFileCodec {
  /** Throws `PcapError` when the file cannot be read or is not a capture. */
  openReader(path: string): FrameFileReader;
  openWriter(path: string, options: { readonly linkType: number }): FrameFileWriter;
}

/**
 * Classic pcap through `runtime/io/pcap.ts`: the reader loads the whole file, the writer keeps
 * the frames until `close`. Memory grows with the files (a streaming codec will not).
 */
export const wholeFilePcapCodec: FrameFileCodec = {
  openReader(path) {
    const file = readPcapFile(path);
    const ns = file.nanosecond;
    let i = 0;
    return {
      linkType: file.linkType,
      next() {
        const r = file.records[i];
        if (r === undefined) return null;
        i++;
        return { tsSec: r.tsSec, tsNanos: ns ? r.tsFrac : r.tsFrac * 1000, data: r.data };
      },
      close() {
        i = file.records.length;
      },
    };
  },
  openWriter(path, options) {
    const records: PcapWriteRecord[] = [];
    let closed = false;
    return {
      write(tsSec, tsNanos, buffer, offset, length) {
        records.push({ tsSec, tsFrac: Math.floor(tsNanos / 1000), data: buffer.slice(offset, offset + length) });
      },
      close() {
        if (closed) return;
        closed = true;
        writePcapFile(path, records, { linkType: options.linkType });
      },
    };
  },
};

export { LINKTYPE_ETHERNET };
