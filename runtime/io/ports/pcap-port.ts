/**
 * `N:pcap:in=FILE,out=FILE`: replays a capture into a port and records what the port transmits.
 * Frames of `in` are delivered in file order, as fast as the switch takes them (a batch per
 * event-loop turn, never more than the switch has room for, so none is dropped for overrun);
 * frames sent are written to `out` with the time they left (wall clock). The capture codec is
 * a `FrameFileCodec` (the streaming pcap/pcapng codec by default).
 */
import { PcapError } from '../pcap.ts';
import { PortCounters } from './counters.ts';
import { LINKTYPE_ETHERNET, pcapCodec, type FrameFileCodec, type FrameFileReader, type FrameFileWriter } from './frame-files.ts';
import type { Port, PortReceiver } from './port.ts';
import type { PortSpec } from './spec.ts';

/** Frames replayed per event-loop turn at most. */
const REPLAY_BATCH = 256;

export class PcapPort implements Port {
  readonly spec: Extract<PortSpec, { kind: 'pcap' }>;
  readonly number: number;
  readonly counters = new PortCounters();
  readonly inputDone: Promise<void> | undefined;
  private readonly codec: FrameFileCodec;
  private reader: FrameFileReader | null = null;
  private writer: FrameFileWriter | null = null;
  private receiver: PortReceiver | null = null;
  private resolveInput: () => void = () => {};
  private closed = false;
  private readonly replayTurn = (): void => this.replay();

  constructor(spec: Extract<PortSpec, { kind: 'pcap' }>, codec: FrameFileCodec = pcapCodec) {
    this.spec = spec;
    this.number = spec.port;
    this.codec = codec;
    this.inputDone = spec.in !== undefined ? new Promise((resolve) => (this.resolveInput = resolve)) : undefined;
  }

  /** Opens the files; rejects with the reader's message when `in` cannot be read. */
  open(receiver: PortReceiver): Promise<void> {
    this.receiver = receiver;
    try {
      if (this.spec.in !== undefined) this.reader = this.codec.openReader(this.spec.in);
    } catch (e) {
      return Promise.reject(new Error(portFileError(e)));
    }
    if (this.spec.out !== undefined) {
      this.writer = this.codec.openWriter(this.spec.out, { linkType: this.reader?.linkType ?? LINKTYPE_ETHERNET });
    }
    if (this.reader !== null) setImmediate(this.replayTurn);
    return Promise.resolve();
  }

  private replay(): void {
    const reader = this.reader;
    const receiver = this.receiver;
    if (reader === null || receiver === null || this.closed) return;
    const c = this.counters;
    let budget = Math.min(REPLAY_BATCH, receiver.room());
    try {
      while (budget-- > 0) {
        const r = reader.next();
        if (r === null) {
          this.endInput();
          return;
        }
        c.rxPackets++;
        c.rxBytes += r.data.length;
        if (!receiver.receive(this.number, r.data)) c.rxDropped++;
      }
    } catch (e) {
      this.endInput();
      receiver.fail(this.number, portFileError(e));
      return;
    }
    setImmediate(this.replayTurn);
  }

  private endInput(): void {
    this.reader?.close();
    this.reader = null;
    this.resolveInput();
  }

  send(buffer: Uint8Array, offset: number, length: number): void {
    const w = this.writer;
    const c = this.counters;
    if (w === null) {
      c.txDropped++;
      return;
    }
    const ms = Date.now();
    w.write(Math.floor(ms / 1000), (ms % 1000) * 1_000_000, buffer, offset, length);
    c.txPackets++;
    c.txBytes += length;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.endInput();
    const w = this.writer;
    this.writer = null;
    try {
      w?.close();
    } catch (e) {
      return Promise.reject(new Error(portFileError(e)));
    }
    return Promise.resolve();
  }

  describe(): string {
    const parts: string[] = [];
    if (this.spec.in !== undefined) parts.push(`in ${this.spec.in}`);
    if (this.spec.out !== undefined) parts.push(`out ${this.spec.out}`);
    return `port ${this.number} (pcap ${parts.join(', ')})`;
  }
}

function portFileError(e: unknown): string {
  if (e instanceof PcapError) return `${e.file}(byte ${e.offset}): error: ${e.detail}`;
  return e instanceof Error ? e.message : String(e);
}
