/**
 * The protobuf text format (`.txtpb`), as p4c writes P4Info files: printing a message given as a
 * plain object (the form of `schema.ts`), and parsing one back. Fields print in field-number
 * order, nested messages as `name {` … `}`, map entries sorted by key, bytes and strings with C
 * escapes (`"\000\000\000\n"`). The parser reads what the printer writes and what p4c writes
 * (comments, `<…>` and `[…]` lists too, but no `Any` expansion) and reports errors with their
 * line.
 */
import protobuf from 'protobufjs';

// ---- printing --------------------------------------------------------------------------------

function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return `"${out}"`;
}

function scalarText(field: protobuf.Field, value: unknown): string {
  if (field.resolvedType instanceof protobuf.Enum) {
    if (typeof value === 'number') return field.resolvedType.valuesById[value] ?? String(value);
    return String(value);
  }
  switch (field.type) {
    case 'string':
      return escapeBytes(new TextEncoder().encode(String(value)));
    case 'bytes':
      return escapeBytes(value instanceof Uint8Array ? value : new Uint8Array(value as ArrayLike<number>));
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

function isDefault(field: protobuf.Field, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (field.repeated || field.map || field.resolvedType instanceof protobuf.Type) return false;
  if (field.partOf !== null) return false; // a set oneof member prints even when zero
  if (field.resolvedType instanceof protobuf.Enum) return value === 0 || value === Object.keys(field.resolvedType.values)[0];
  if (field.type === 'bytes') return (value as Uint8Array).length === 0;
  if (field.type === 'string') return value === '';
  if (field.type === 'bool') return value === false;
  return Number(value) === 0 && String(value) !== '' && !/[1-9]/.test(String(value));
}

function printMessage(type: protobuf.Type, object: Record<string, unknown>, indent: string, out: string[]): void {
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const field of fields) {
    const value = object[field.name];
    if (isDefault(field, value)) continue;
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k, v] of entries) {
        out.push(`${indent}${field.name} {`);
        out.push(`${indent}  key: ${(field as unknown as protobuf.MapField).keyType === 'string' ? escapeBytes(new TextEncoder().encode(k)) : k}`);
        if (field.resolvedType instanceof protobuf.Type) {
          out.push(`${indent}  value {`);
          printMessage(field.resolvedType, v as Record<string, unknown>, indent + '    ', out);
          out.push(`${indent}  }`);
        } else out.push(`${indent}  value: ${scalarText(field, v)}`);
        out.push(`${indent}}`);
      }
      continue;
    }
    const values = field.repeated ? (value as unknown[]) : [value];
    for (const v of values) {
      if (field.resolvedType instanceof protobuf.Type) {
        out.push(`${indent}${field.name} {`);
        printMessage(field.resolvedType, v as Record<string, unknown>, indent + '  ', out);
        out.push(`${indent}}`);
      } else out.push(`${indent}${field.name}: ${scalarText(field, v)}`);
    }
  }
}

/** The text format of a message, with p4c's two header comment lines when `file` is given. */
export function printText(type: protobuf.Type, object: object, file?: string): string {
  const out: string[] = [];
  if (file !== undefined) out.push(`# proto-file: ${file}`, `# proto-message: ${type.fullName.replace(/^\./, '')}`, '');
  printMessage(type, object as Record<string, unknown>, '', out);
  return out.join('\n') + '\n';
}

// ---- parsing ---------------------------------------------------------------------------------

export class TextFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Token {
  readonly kind: 'ident' | 'number' | 'string' | 'punct';
  readonly text: string;
  readonly bytes?: Uint8Array;
  readonly line: number;
}

function unescape(body: string, line: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(...new TextEncoder().encode(c));
      continue;
    }
    const n = body[++i];
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11, '?': 63 };
    if (n !== undefined && simple[n] !== undefined) out.push(simple[n]!);
    else if (n !== undefined && /[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) digits += body[++i];
      out.push(parseInt(digits, 8) & 0xff);
    } else if (n === 'x') {
      let digits = '';
      while (digits.length < 2 && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) digits += body[++i];
      if (digits === '') throw new TextFormatError('bad \\x escape', line);
      out.push(parseInt(digits, 16));
    } else throw new TextFormatError(`unknown escape \\${n ?? ''}`, line);
  }
  return out;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        if (text[j] === '\n') throw new TextFormatError('unterminated string', line);
        j++;
      }
      if (j >= text.length) throw new TextFormatError('unterminated string', line);
      const bytes = unescape(text.slice(i + 1, j), line);
      const prev = tokens[tokens.length - 1];
      if (prev?.kind === 'string') tokens[tokens.length - 1] = { ...prev, bytes: new Uint8Array([...prev.bytes!, ...bytes]) };
      else tokens.push({ kind: 'string', text: text.slice(i, j + 1), bytes: new Uint8Array(bytes), line });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), line });
      i = j;
    } else if (/[-0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z.+-]/.test(text[j]!)) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), line });
      i = j;
    } else if ('{}<>[]:,;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else throw new TextFormatError(`unexpected character '${c}'`, line);
  }
  return tokens;
}

class TextParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(what: string): Token {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new TextFormatError(`expected ${what}, got the end of the text`, this.tokens[this.tokens.length - 1]?.line ?? 1);
    return t;
  }

  private accept(punct: string): boolean {
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === punct) {
      this.pos++;
      return true;
    }
    return false;
  }

  message(type: protobuf.Type, end: string | undefined): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (;;) {
      const t = this.peek();
      if (t === undefined) {
        if (end !== undefined) throw new TextFormatError(`missing '${end}'`, this.tokens[this.tokens.length - 1]?.line ?? 1);
        return object;
      }
      if (end !== undefined && t.kind === 'punct' && t.text === end) {
        this.pos++;
        return object;
      }
      const name = this.next('a field name');
      if (name.kind !== 'ident') throw new TextFormatError(`expected a field name, got '${name.text}'`, name.line);
      const field = type.fields[name.text];
      if (field === undefined) throw new TextFormatError(`${type.name} has no field '${name.text}'`, name.line);
      const colon = this.accept(':');
      const values: unknown[] = [];
      if (this.accept('[')) {
        if (!this.accept(']')) {
          do values.push(this.value(field, colon, name.line));
          while (this.accept(','));
          if (!this.accept(']')) throw new TextFormatError("expected ']'", name.line);
        }
      } else values.push(this.value(field, colon, name.line));
      for (const v of values) {
        if (field.map) {
          const entry = v as Record<string, unknown>;
          const map = (object[field.name] ??= {}) as Record<string, unknown>;
          map[String(entry['key'])] = entry['value'];
        } else if (field.repeated) ((object[field.name] ??= []) as unknown[]).push(v);
        else object[field.name] = v;
      }
      this.accept(',') || this.accept(';');
    }
  }

  private value(field: protobuf.Field, colon: boolean, line: number): unknown {
    if (field.map) {
      const valueType = field.resolvedType;
      const open = this.next("'{'");
      const close = open.text === '{' ? '}' : open.text === '<' ? '>' : undefined;
      if (close === undefined) throw new TextFormatError(`expected '{' for map ${field.name}`, open.line);
      const entry: Record<string, unknown> = {};
      while (!this.accept(close)) {
        const key = this.next('key or value');
        if (key.text === 'key') {
          this.accept(':');
          const k = this.next('a map key');
          entry['key'] = k.kind === 'string' ? new TextDecoder().decode(k.bytes) : k.text;
        } else if (key.text === 'value') {
          const hasColon = this.accept(':');
          if (valueType instanceof protobuf.Type) {
            const o = this.next("'{'");
            entry['value'] = this.message(valueType, o.text === '<' ? '>' : '}');
          } else entry['value'] = this.scalar(field, hasColon, key.line);
        } else throw new TextFormatError(`unexpected '${key.text}' in a map entry`, key.line);
      }
      return entry;
    }
    if (field.resolvedType instanceof protobuf.Type) {
      const open = this.next("'{'");
      if (open.kind !== 'punct' || (open.text !== '{' && open.text !== '<')) throw new TextFormatError(`expected '{' after ${field.name}`, open.line);
      return this.message(field.resolvedType, open.text === '{' ? '}' : '>');
    }
    return this.scalar(field, colon, line);
  }

  private scalar(field: protobuf.Field, colon: boolean, line: number): unknown {
    if (!colon) throw new TextFormatError(`expected ':' after ${field.name}`, line);
    const t = this.next(`a value for ${field.name}`);
    if (field.resolvedType instanceof protobuf.Enum) {
      if (t.kind === 'ident') {
        if (field.resolvedType.values[t.text] === undefined) throw new TextFormatError(`${t.text} is not a value of ${field.resolvedType.name}`, t.line);
        return t.text;
      }
      if (t.kind === 'number') return Number(t.text);
      throw new TextFormatError(`bad value for enum field ${field.name}`, t.line);
    }
    switch (field.type) {
      case 'string':
        if (t.kind !== 'string') throw new TextFormatError(`expected a string for ${field.name}`, t.line);
        return new TextDecoder().decode(t.bytes);
      case 'bytes':
        if (t.kind !== 'string') throw new TextFormatError(`expected a string for ${field.name}`, t.line);
        return t.bytes;
      case 'bool':
        if (t.text === 'true' || t.text === 't' || t.text === '1') return true;
        if (t.text === 'false' || t.text === 'f' || t.text === '0') return false;
        throw new TextFormatError(`expected true or false for ${field.name}`, t.line);
      case 'double':
      case 'float':
        return Number(t.text);
      default: {
        if (t.kind !== 'number') throw new TextFormatError(`expected a number for ${field.name}`, t.line);
        let v: bigint;
        try {
          v = BigInt(t.text);
        } catch {
          throw new TextFormatError(`bad integer '${t.text}' for ${field.name}`, t.line);
        }
        return /64$/.test(field.type) ? v.toString() : Number(v);
      }
    }
  }
}

/** Parses the text format of a message of `type` into its plain-object form. */
export function parseText<T = Record<string, unknown>>(type: protobuf.Type, text: string): T {
  return new TextParser(tokenize(text)).message(type, undefined) as T;
}
