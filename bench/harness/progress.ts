/**
 * Progress display on stderr: on a terminal, one status line redrawn in place (scenario, step,
 * elapsed time); otherwise one line per step, so logs stay readable. Results go to stdout.
 */
export class Progress {
  private readonly tty: boolean;
  private readonly started = performance.now();
  private scenario = '';
  private lastWidth = 0;
  private readonly enabled: boolean;

  constructor(enabled = true, stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
    this.enabled = enabled;
    this.tty = stream.isTTY === true;
  }

  private readonly stream: NodeJS.WriteStream;

  begin(scenario: string, index: number, total: number): void {
    this.scenario = `[${index}/${total}] ${scenario}`;
    this.show('starting');
  }

  /** The current step, e.g. `sync round 2/5`. */
  step(text: string): void {
    this.show(text);
  }

  /** Clears the status line (before printing results). */
  clear(): void {
    if (!this.enabled || !this.tty || this.lastWidth === 0) return;
    this.stream.write(`\r${' '.repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
  }

  private show(text: string): void {
    if (!this.enabled) return;
    const elapsed = ((performance.now() - this.started) / 1000).toFixed(1);
    const line = `${this.scenario}: ${text} (${elapsed}s)`;
    if (this.tty) {
      const cols = this.stream.columns ?? 100;
      const shown = line.length >= cols ? line.slice(0, cols - 1) : line;
      const pad = this.lastWidth > shown.length ? ' '.repeat(this.lastWidth - shown.length) : '';
      this.stream.write(`\r${shown}${pad}`);
      this.lastWidth = shown.length;
    } else {
      this.stream.write(`${line}\n`);
    }
  }
}
