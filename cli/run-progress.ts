/**
 * Progress of a long `p4ts run` on stderr when it is a terminal (packets done, rate, how much of
 * the input is read, time left), rewritten in place at most every quarter second and erased at
 * the end; and the final rate line of the summary. The time counted starts when the first packet
 * is read (after compiling, loading and the entries) and ends when the outputs are written.
 */

const INTERVAL_MS = 250;

export interface ProgressOutput {
  write(text: string): unknown;
}

export class RunProgress {
  private readonly out: ProgressOutput | null;
  private readonly now: () => number;
  private readonly startMs: number;
  private readonly startCpu = process.cpuUsage();
  private nextAt: number;
  private shown = false;

  /** `out`: where to show progress (null: nowhere); `now`: the clock in ms (tests give their own). */
  constructor(out: ProgressOutput | null, now: () => number = () => performance.now()) {
    this.out = out;
    this.now = now;
    this.startMs = now();
    this.nextAt = this.startMs + INTERVAL_MS;
  }

  /** Called between batches: shows the progress when it is time. */
  update(packets: number, bytesRead: number, totalBytes: number): void {
    if (this.out === null) return;
    const now = this.now();
    if (now < this.nextAt) return;
    this.nextAt = now + INTERVAL_MS;
    const seconds = (now - this.startMs) / 1000;
    const parts = [`${packets} packets`, `${formatRate(packets / seconds)}`];
    if (totalBytes > 0) {
      const fraction = Math.min(1, bytesRead / totalBytes);
      parts.push(`${Math.floor(fraction * 100)}% of the input`);
      if (fraction > 0) parts.push(`ETA ${formatSeconds((seconds * (1 - fraction)) / fraction)}`);
    }
    this.out.write(`\r\x1b[Kp4ts run: ${parts.join(', ')}`);
    this.shown = true;
  }

  /** Erases the progress line; returns the summary's rate line. */
  finish(packets: number): string {
    if (this.shown) this.out?.write('\r\x1b[K');
    const seconds = (this.now() - this.startMs) / 1000;
    const cpu = process.cpuUsage(this.startCpu);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return `rate: ${packets} packets in ${seconds.toFixed(3)} s, ${formatRate(packets / seconds)} (start-up not counted; CPU ${cpuSeconds.toFixed(3)} s, all threads)`;
  }
}

/** `2.41 Mpps`, `812 kpps`, `35 pps`. */
export function formatRate(pps: number): string {
  if (!Number.isFinite(pps)) return '- pps';
  if (pps >= 1e6) return `${(pps / 1e6).toFixed(2)} Mpps`;
  if (pps >= 1e3) return `${(pps / 1e3).toFixed(1)} kpps`;
  return `${pps.toFixed(0)} pps`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.ceil(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
