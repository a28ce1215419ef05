/**
 * Splitting a file into logical lines: physical lines joined by backslash-newline splices, as
 * the C preprocessor sees them before it looks for directives.
 */

export interface LogicalLine {
  /** The line's characters with splices removed, without the final line terminator. */
  readonly text: string;
  /** For each run of `text` between splices: its start in `text` and in the file. */
  readonly runs: readonly { readonly textStart: number; readonly length: number; readonly fileStart: number }[];
  /** File offset of the line's first character. */
  readonly fileStart: number;
  /**
   * File offsets of the `\n` characters the line consumes: one per splice, then the terminator
   * (absent when the file ends without a newline).
   */
  readonly newlineOffsets: readonly number[];
  /** Whether the last entry of `newlineOffsets` is a real line terminator. */
  readonly terminated: boolean;
  /** File offset just past the line (past its terminator, if any). */
  readonly fileEnd: number;
}

/**
 * The logical lines of a file, one at a time: a caller that does not keep them holds one line's
 * worth of memory, whatever the file's size.
 */
export function* logicalLines(text: string): Generator<LogicalLine, void, undefined> {
  let pos = 0;
  while (pos < text.length) {
    const lineStart = pos;
    const runs: { textStart: number; length: number; fileStart: number }[] = [];
    const newlineOffsets: number[] = [];
    const parts: string[] = [];
    let textLength = 0;
    let runStart = pos;
    let terminated = false;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      const lineEnd = newline === -1 ? text.length : newline;
      let contentEnd = lineEnd;
      if (newline !== -1 && contentEnd > runStart && text.charCodeAt(contentEnd - 1) === 13 /* \r */) contentEnd--;
      const spliced = newline !== -1 && contentEnd > runStart && text.charCodeAt(contentEnd - 1) === 92; /* \ */
      if (spliced) {
        const runEnd = contentEnd - 1;
        parts.push(text.slice(runStart, runEnd));
        runs.push({ textStart: textLength, length: runEnd - runStart, fileStart: runStart });
        textLength += runEnd - runStart;
        newlineOffsets.push(newline);
        pos = newline + 1;
        runStart = pos;
        if (pos >= text.length) break;
        continue;
      }
      parts.push(text.slice(runStart, lineEnd));
      runs.push({ textStart: textLength, length: lineEnd - runStart, fileStart: runStart });
      textLength += lineEnd - runStart;
      if (newline !== -1) {
        newlineOffsets.push(newline);
        terminated = true;
        pos = newline + 1;
      } else {
        pos = text.length;
      }
      break;
    }
    yield { text: parts.length === 1 ? parts[0]! : parts.join(''), runs, fileStart: lineStart, newlineOffsets, terminated, fileEnd: pos };
  }
}

/** Whether a logical line is its file's text unchanged (no splice): `[fileStart, end)`. */
export function fileRangeOf(line: LogicalLine): { readonly start: number; readonly end: number } | undefined {
  if (line.runs.length !== 1 || line.newlineOffsets.length !== (line.terminated ? 1 : 0)) return undefined;
  return { start: line.fileStart, end: line.fileEnd };
}

export interface CommentScan {
  /** Whether the line ends inside an unclosed block comment. */
  readonly endsInComment: boolean;
  /** The line with every comment replaced by spaces of the same length (only when asked for). */
  readonly stripped: string;
}

/**
 * Follows block comments, line comments and string literals through one logical line, starting
 * inside a block comment when `startsInComment`.
 */
export function scanComments(text: string, startsInComment: boolean, wantStripped: boolean): CommentScan {
  let inComment = startsInComment;
  let out = wantStripped ? '' : text;
  let copyFrom = 0;
  let i = 0;
  const blank = (from: number, to: number): void => {
    if (!wantStripped) return;
    out += text.slice(copyFrom, from) + ' '.repeat(to - from);
    copyFrom = to;
  };
  while (i < text.length) {
    if (inComment) {
      const close = text.indexOf('*/', i);
      if (close === -1) {
        blank(i, text.length);
        i = text.length;
        break;
      }
      blank(i, close + 2);
      i = close + 2;
      inComment = false;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        blank(i, text.length);
        i = text.length;
        break;
      }
      if (next === 42 /* * */) {
        inComment = true;
        blank(i, i + 2);
        i += 2;
        continue;
      }
    }
    i++;
  }
  if (wantStripped) out += text.slice(copyFrom);
  return { endsInComment: inComment, stripped: out };
}

/** Whether a line (not starting inside a comment) is a directive: `#` after blanks and comments. */
export function looksLikeDirective(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 11 || c === 13) {
      i++;
      continue;
    }
    if (c === 35 /* # */) return true;
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return false;
      i = close + 2;
      continue;
    }
    return false;
  }
  return false;
}
