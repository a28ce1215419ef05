/**
 * A small JSON scanner that finds where things are in the raw text, which `JSON.parse` forgets:
 * the character span of every element of each top-level array member (`table_entries[3]` starts
 * at offset N), and, for malformed text, the offset of the first syntax error.
 */

export interface ElementSpan {
  readonly start: number;
  readonly end: number;
}

export type JsonScan =
  | { readonly ok: true; readonly arrays: ReadonlyMap<string, readonly ElementSpan[]> }
  | { readonly ok: false; readonly offset: number; readonly message: string };

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function scanJson(text: string): JsonScan {
  const arrays = new Map<string, ElementSpan[]>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (msg: string): never => {
    throw new ScanError(i, msg);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in string');
      i++;
    }
    if (i >= text.length) {
      i = start;
      fail('unterminated string');
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (depth: number, key: string | undefined): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail('unexpected end of JSON input');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value(depth + 1, depth === 0 ? k : undefined);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      const spans: ElementSpan[] | undefined = key !== undefined ? [] : undefined;
      if (spans && key !== undefined) arrays.set(key, spans);
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const start = i;
        value(depth + 1, undefined);
        spans?.push({ start, end: i });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']' after an array element");
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(`unexpected character '${c}'`);
    i += m![0].length;
  };
  try {
    value(0, undefined);
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
    return { ok: true, arrays };
  } catch (e) {
    if (e instanceof ScanError) return { ok: false, offset: e.offset, message: e.message };
    return { ok: false, offset: i, message: String(e) };
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}
