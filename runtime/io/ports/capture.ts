/**
 * `--pcap DIR` (as bmv2's `simple_switch --pcap`): every frame a port receives is written to
 * `DIR/port<N>_in.pcap` and every frame it sends to `DIR/port<N>_out.pcap`, stamped with the
 * wall-clock time. A wrapper around the port, so ports without a capture pay nothing.
 */
import { LINKTYPE_ETHERNET, pcapCodec, type FrameFileCodec, type FrameFileWriter } from './frame-files.ts';
import type { Port, PortReceiver } from './port.ts';

export class CapturingPort implements Port {
  private readonly inner: Port;
  private readonly rx: FrameFileWriter;
  private readonly tx: FrameFileWriter;
  private receiver: PortReceiver | null = null;
  private closed = false;
  /** What the inner port delivers: written to the `_in` capture, then passed on. */
  private readonly tap: PortReceiver = {
    receive: (port, frame) => {
      if (!this.closed) stamp(this.rx, frame, 0, frame.length);
      return this.receiver!.receive(port, frame);
    },
    room: () => this.receiver!.room(),
    fail: (port, message) => this.receiver!.fail(port, message),
  };

  constructor(inner: Port, dir: string, codec: FrameFileCodec = pcapCodec) {
    this.inner = inner;
    const base = `${dir.replace(/\/+$/, '')}/port${inner.number}`;
    this.rx = codec.openWriter(`${base}_in.pcap`, { linkType: LINKTYPE_ETHERNET });
    this.tx = codec.openWriter(`${base}_out.pcap`, { linkType: LINKTYPE_ETHERNET });
  }

  get spec(): Port['spec'] {
    return this.inner.spec;
  }

  get number(): number {
    return this.inner.number;
  }

  get counters(): Port['counters'] {
    return this.inner.counters;
  }

  get inputDone(): Promise<void> | undefined {
    return this.inner.inputDone;
  }

  open(receiver: PortReceiver): Promise<void> {
    this.receiver = receiver;
    return this.inner.open(this.tap);
  }

  send(buffer: Uint8Array, offset: number, length: number): void {
    if (!this.closed) stamp(this.tx, buffer, offset, length);
    this.inner.send(buffer, offset, length);
  }

  async close(): Promise<void> {
    await this.inner.close();
    if (this.closed) return;
    this.closed = true;
    this.rx.close();
    this.tx.close();
  }

  describe(): string {
    return this.inner.describe();
  }

  /** The two capture files. */
  files(): string[] {
    return [`port${this.number}_in.pcap`, `port${this.number}_out.pcap`];
  }
}

function stamp(w: FrameFileWriter, buffer: Uint8Array, offset: number, length: number): void {
  const ms = Date.now();
  w.write(Math.floor(ms / 1000), (ms % 1000) * 1_000_000, buffer, offset, length);
}
