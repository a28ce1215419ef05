/**
 * The `--in PORT:FILE.pcap` inputs of `p4ts run`: parsed, read, and merged into one sequence in
 * timestamp order (ties keep the order of the options, then of the files).
 */
import { PcapError, readPcapFile, type PcapFile } from '../runtime/io/pcap.ts';

export interface InputSpec {
  readonly port: number;
  readonly file: string;
}

export interface InputPacket {
  readonly port: number;
  readonly tsSec: number;
  /** Fraction of the second in nanoseconds. */
  readonly tsNanos: number;
  readonly data: Uint8Array;
}

export interface ReadInputs {
  readonly packets: InputPacket[];
  /** Link type of the first input (for the outputs). */
  readonly linkType: number | undefined;
  readonly countsByPort: ReadonlyMap<number, number>;
}

/** `PORT:FILE` → spec, or an error message. */
export function parseInputSpec(text: string): InputSpec | string {
  const m = /^(\d+):(.+)$/.exec(text);
  if (!m) return `--in expects PORT:FILE.pcap, got '${text}'`;
  const port = Number(m[1]);
  if (!(port >= 0 && port <= 511)) return `--in ${text}: port ${port} out of range [0, 511]`;
  return { port, file: m[2]! };
}

/** Reads every input; throws a message `FILE(byte N): error: …` for a malformed or unreadable file. */
export function readInputs(specs: readonly InputSpec[]): ReadInputs {
  const tagged: { packet: InputPacket; order: number }[] = [];
  let linkType: number | undefined;
  const countsByPort = new Map<number, number>();
  let order = 0;
  for (const spec of specs) {
    let file: PcapFile;
    try {
      file = readPcapFile(spec.file);
    } catch (e) {
      if (e instanceof PcapError) throw new InputError(`${e.file}(byte ${e.offset}): error: ${e.detail}`);
      throw e;
    }
    linkType ??= file.linkType;
    for (const r of file.records) {
      const tsNanos = file.nanosecond ? r.tsFrac : r.tsFrac * 1000;
      tagged.push({ packet: { port: spec.port, tsSec: r.tsSec, tsNanos, data: r.data }, order: order++ });
      countsByPort.set(spec.port, (countsByPort.get(spec.port) ?? 0) + 1);
    }
  }
  tagged.sort((a, b) => a.packet.tsSec - b.packet.tsSec || a.packet.tsNanos - b.packet.tsNanos || a.order - b.order);
  return { packets: tagged.map((t) => t.packet), linkType, countsByPort };
}

/** A problem with an input file, already formatted for the user. */
export class InputError extends Error {}
