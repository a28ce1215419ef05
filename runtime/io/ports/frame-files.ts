/**
 * How pcap ports read and write capture files: through these interfaces, so the pcap codec has
 * one home (`runtime/io/`) and ports never parse a capture themselves. `pcapCodec` is the
 * streaming reader and writer; tests plug in others through the same interfaces.
 */
import { LINKTYPE_ETHERNET } from '../link-types.ts';
import { CaptureReader } from '../pcap-reader.ts';
import { PcapWriter } from '../pcap-writer.ts';

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
 * The streaming capture codec (`pcap-reader.ts`, `pcap-writer.ts`): reads classic pcap and
 * pcapng as Ethernet frames (Linux cooked captures converted, other link types refused) through
 * a fixed-size buffer, writes classic pcap through a buffered writer; memory does not grow with
 * the files. A record's `data` is a view on the reader's buffer, valid until the next `next()`.
 */
export const pcapCodec: FrameFileCodec = {
  openReader(path) {
    const reader = CaptureReader.open(path, { ethernet: true });
    const record = { tsSec: 0, tsNanos: 0, data: reader.buffer.subarray(0, 0) };
    return {
      linkType: LINKTYPE_ETHERNET,
      next() {
        if (!reader.next()) return null;
        record.tsSec = reader.tsSec;
        record.tsNanos = reader.tsNanos;
        record.data = reader.buffer.subarray(reader.offset, reader.offset + reader.length);
        return record;
      },
      close() {
        reader.close();
      },
    };
  },
  openWriter(path, options) {
    const writer = PcapWriter.create(path, { linkType: options.linkType });
    return {
      write(tsSec, tsNanos, buffer, offset, length) {
        writer.write(buffer, offset, length, tsSec, tsNanos);
      },
      close() {
        writer.close();
      },
    };
  },
};

export { LINKTYPE_ETHERNET };
