/**
 * The outputs of `p4ts run`: what each switch port transmits, written to `DIR/port<N>.pcap` as it
 * leaves, through one buffered writer per port. Files are written as `port<N>.pcap.partial` and
 * renamed when the run has finished (`commit`); a run that fails (`abort`) removes them, so a
 * file `port<N>.pcap` is always complete — from this run, or left from an earlier one.
 */
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PcapWriter } from '../runtime/io/pcap-writer.ts';

const PORTS = 512;

export class PortOutputs {
  private readonly dir: string;
  private readonly nanosecond: boolean;
  private readonly writers: (PcapWriter | null)[] = new Array<PcapWriter | null>(PORTS).fill(null);

  constructor(dir: string, options: { readonly nanosecond: boolean }) {
    this.dir = dir;
    this.nanosecond = options.nanosecond;
  }

  /** Path of port `port`'s file once committed. */
  pathOf(port: number): string {
    return join(this.dir, `port${port}.pcap`);
  }

  /** Appends a packet transmitted on `port` (copied before it returns). Throws when the file cannot be written. */
  write(port: number, buffer: Uint8Array, offset: number, length: number, tsSec: number, tsNanos: number): void {
    let w = this.writers[port];
    if (w === null || w === undefined) {
      w = PcapWriter.create(`${this.pathOf(port)}.partial`, { nanosecond: this.nanosecond });
      this.writers[port] = w;
    }
    w.write(buffer, offset, length, tsSec, tsNanos);
  }

  /** Closes every file and gives it its final name; returns the paths, by port. */
  commit(): string[] {
    const written: string[] = [];
    for (let port = 0; port < PORTS; port++) {
      const w = this.writers[port];
      if (w === null || w === undefined) continue;
      w.close();
      renameSync(`${this.pathOf(port)}.partial`, this.pathOf(port));
      written.push(this.pathOf(port));
    }
    return written;
  }

  /** Closes and removes every file of this run. */
  abort(): void {
    for (let port = 0; port < PORTS; port++) {
      const w = this.writers[port];
      if (w === null || w === undefined) continue;
      try {
        w.close();
      } catch {
        // the file goes anyway
      }
      rmSync(`${this.pathOf(port)}.partial`, { force: true });
      this.writers[port] = null;
    }
  }
}
