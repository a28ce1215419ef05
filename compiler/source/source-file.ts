/** One file as read from disk (or given in memory), with a lazily built line table. */
export class SourceFile {
  private lineStartsCache: number[] | undefined;

  constructor(
    /** The path as the user named it (printed in diagnostics). */
    readonly path: string,
    readonly text: string,
  ) {}

  /** Offsets at which each line starts; line i (0-based) starts at `lineStarts[i]`. */
  get lineStarts(): readonly number[] {
    if (this.lineStartsCache === undefined) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        if (this.text.charCodeAt(i) === 10 /* \n */) starts.push(i + 1);
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}
