/**
 * The `--in PORT:FILE` inputs of `p4ts run`, read together as one stream: each file (pcap or
 * pcapng, as Ethernet frames) in its own order, the files merged by timestamp — the next packet
 * is the earliest of the files' next packets (ties: the order of the `--in` options). Nothing is
 * read ahead beyond one packet per file, so memory does not grow with the files.
 */
import { CaptureReader, PcapError } from '../runtime/io/pcap-reader.ts';

export interface InputSpec {
  readonly port: number;
  readonly file: string;
}

/** `PORT:FILE` → spec, or an error message. */
export function parseInputSpec(text: string): InputSpec | string {
  const m = /^(\d+):(.+)$/.exec(text);
  if (!m) return `--in expects PORT:FILE.pcap, got '${text}'`;
  const port = Number(m[1]);
  if (!(port >= 0 && port <= 511)) return `--in ${text}: port ${port} out of range [0, 511]`;
  return { port, file: m[2]! };
}

/** A problem with an input file, already formatted for the user (`FILE(byte N): error: …`). */
export class InputError extends Error {}

function inputError(e: unknown): unknown {
  return e instanceof PcapError ? new InputError(`${e.file}(byte ${e.offset}): error: ${e.detail}`) : e;
}

/**
 * The merged inputs: `next()` loads the next packet into `port`, `buffer[offset, offset +
 * length)`, `tsSec`, `tsNanos` — valid until the following `next()`. Throws `InputError`.
 */
export class InputStream {
  port = 0;
  buffer: Uint8Array = new Uint8Array(0);
  offset = 0;
  length = 0;
  tsSec = 0;
  tsNanos = 0;
  private readonly readers: CaptureReader[];
  private readonly ports: number[];
  /** Whether reader i holds a packet not yet delivered. */
  private readonly ready: boolean[];
  /** Reader whose packet was delivered last (advanced by the next `next()`), or -1. */
  private last = -1;

  private constructor(readers: CaptureReader[], ports: number[]) {
    this.readers = readers;
    this.ports = ports;
    this.ready = readers.map((r) => r.next());
  }

  /** Opens every input and reads its first packet; throws `InputError` (the files opened so far are closed). */
  static open(specs: readonly InputSpec[]): InputStream {
    const readers: CaptureReader[] = [];
    try {
      for (const s of specs) readers.push(CaptureReader.open(s.file, { ethernet: true }));
      return new InputStream(readers, specs.map((s) => s.port));
    } catch (e) {
      for (const r of readers) r.close();
      throw inputError(e);
    }
  }

  /** Some input has timestamps finer than microseconds (known after the first packet of each file). */
  get subMicrosecond(): boolean {
    return this.readers.some((r) => r.subMicrosecond);
  }

  /** Bytes of all inputs together, and how many of them have been read. */
  get totalBytes(): number {
    return this.readers.reduce((n, r) => n + Math.max(0, r.size), 0);
  }

  get bytesRead(): number {
    let n = 0;
    for (const r of this.readers) n += r.position;
    return n;
  }

  next(): boolean {
    const readers = this.readers;
    const ready = this.ready;
    try {
      if (this.last >= 0) ready[this.last] = readers[this.last]!.next();
    } catch (e) {
      throw inputError(e);
    }
    let best = -1;
    for (let i = 0; i < readers.length; i++) {
      if (!ready[i]) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const a = readers[i]!;
      const b = readers[best]!;
      if (a.tsSec < b.tsSec || (a.tsSec === b.tsSec && a.tsNanos < b.tsNanos)) best = i;
    }
    this.last = best;
    if (best < 0) return false;
    const r = readers[best]!;
    const port = this.ports[best]!;
    this.port = port;
    this.buffer = r.buffer;
    this.offset = r.offset;
    this.length = r.length;
    this.tsSec = r.tsSec;
    this.tsNanos = r.tsNanos;
    return true;
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}
