/**
 * Preprocessing tokens: the coarse tokens macro expansion works on. Multi-character operators
 * are kept as single characters; adjacency (`spaceBefore`) preserves how they were written.
 */

export type PPTokenKind = 'ident' | 'number' | 'string' | 'punct' | 'placemarker';

export interface PPToken {
  readonly kind: PPTokenKind;
  readonly text: string;
  /** Whether whitespace (or a comment) separated this token from the previous one. */
  readonly spaceBefore: boolean;
  /** Names of macros whose expansion produced this token: it must not expand them again. */
  readonly hide?: ReadonlySet<string> | undefined;
  /** Index of the macro parameter this token names (only in macro bodies). */
  readonly param?: number | undefined;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** Multi-character operators, longest first: read as one token so expansion never splits them. */
const MULTI_CHAR_PUNCTUATORS = [
  '&&&', '|+|', '|-|', '<<=', '>>=', '##', '&&', '||', '==', '!=', '<=', '>=', '<<', '>>', '++', '--', '->', '..',
  '::', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
];

function punctuatorLength(text: string, at: number, end: number): number {
  for (const op of MULTI_CHAR_PUNCTUATORS) {
    if (at + op.length <= end && text.startsWith(op, at)) return op.length;
  }
  return 1;
}

/** Reads preprocessing tokens from `text[pos, end)`, skipping whitespace and comments. */
export class PPLexer {
  constructor(
    private readonly text: string,
    public pos: number = 0,
    private readonly end: number = text.length,
  ) {}

  /** The next token, or undefined at the end. Unterminated comments and strings end the text. */
  next(): PPToken | undefined {
    const text = this.text;
    let spaceBefore = false;
    let i = this.pos;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        spaceBefore = true;
        i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const newline = text.indexOf('\n', i);
        i = newline === -1 || newline > this.end ? this.end : newline;
        spaceBefore = true;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close === -1 || close + 2 > this.end ? this.end : close + 2;
        spaceBefore = true;
      } else break;
    }
    if (i >= this.end) {
      this.pos = this.end;
      return undefined;
    }
    const start = i;
    const c = text.charCodeAt(i);
    let kind: PPTokenKind;
    if (isIdentStart(c)) {
      kind = 'ident';
      i++;
      while (i < this.end && isIdentPart(text.charCodeAt(i))) i++;
    } else if (isDigit(c)) {
      kind = 'number';
      i++;
      while (i < this.end && isIdentPart(text.charCodeAt(i))) i++;
    } else if (c === 34 /* " */) {
      kind = 'string';
      i++;
      while (i < this.end) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else if (d === 10) break;
        else i++;
      }
      i = Math.min(i, this.end);
    } else {
      kind = 'punct';
      i += punctuatorLength(text, i, this.end);
    }
    this.pos = i;
    return { kind, text: text.slice(start, i), spaceBefore };
  }

  /** The next token without consuming it. */
  peek(): PPToken | undefined {
    const saved = this.pos;
    const token = this.next();
    this.pos = saved;
    return token;
  }

  /** All remaining tokens. */
  rest(): PPToken[] {
    const tokens: PPToken[] = [];
    for (let t = this.next(); t !== undefined; t = this.next()) tokens.push(t);
    return tokens;
  }
}

export function tokenize(text: string): PPToken[] {
  return new PPLexer(text).rest();
}

const OPERATOR_CHARS = '+-*/%<>=!&|^~:.?#@';

/**
 * Whether two characters written next to each other could be read as one token (so that text
 * coming from different places must be kept apart by a space).
 */
export function wouldJoin(left: string, right: string): boolean {
  if (left === '' || right === '') return false;
  const a = left.charCodeAt(0);
  const b = right.charCodeAt(0);
  if (isIdentPart(a) && isIdentPart(b)) return true;
  return OPERATOR_CHARS.includes(left) && OPERATOR_CHARS.includes(right);
}

/** The text of a token sequence, keeping written spacing and separating tokens that would join. */
export function renderTokens(tokens: readonly PPToken[]): string {
  let out = '';
  let previous = '';
  for (const token of tokens) {
    if (token.kind === 'placemarker' || token.text === '') continue;
    if (out !== '' && (token.spaceBefore || wouldJoin(previous, token.text[0]!))) out += ' ';
    out += token.text;
    previous = token.text[token.text.length - 1]!;
  }
  return out;
}
