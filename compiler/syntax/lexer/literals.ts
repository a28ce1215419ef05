/** Decoding of integer and string literal token texts. */

export interface IntegerLiteralValue {
  readonly value: bigint;
  /** The width of a `Nw`/`Ns` literal, `undefined` for an unsized one. */
  readonly width: number | undefined;
  readonly signed: boolean;
}

const RADIX_PREFIX: Record<string, string> = { x: '0x', X: '0x', b: '0b', B: '0b', o: '0o', O: '0o' };

/**
 * Decodes an integer literal as the lexer matched it (`8w0xFF`, `4s3`, `0b1_0`, `0d12`, `42`).
 * Returns `undefined` when the digits are empty after removing underscores.
 */
export function decodeIntegerLiteral(text: string): IntegerLiteralValue | undefined {
  let width: number | undefined;
  let signed = false;
  let digits = text;
  const sized = /^([0-9]+)([ws])/.exec(text);
  if (sized && sized[0].length < text.length) {
    width = Number(sized[1]);
    signed = sized[2] === 's';
    digits = text.slice(sized[0].length);
  }
  let prefix = '';
  if (digits.length > 2 && digits[0] === '0') {
    const marker = digits[1]!;
    if (marker === 'd' || marker === 'D') {
      digits = digits.slice(2);
    } else if (RADIX_PREFIX[marker] !== undefined) {
      prefix = RADIX_PREFIX[marker]!;
      digits = digits.slice(2);
    }
  }
  digits = digits.replace(/_/g, '');
  if (digits.length === 0) return undefined;
  return { value: BigInt(prefix + digits), width, signed };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** The value of a string literal token (`"..."` with its quotes), escapes resolved. */
export function decodeStringLiteral(text: string): string {
  const body = text.slice(1, -1);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const next = body[++i]!;
    if (next === '\n') continue; // line continuation
    out += SIMPLE_ESCAPES[next] ?? next;
  }
  return out;
}
