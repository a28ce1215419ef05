/**
 * Control-plane values: parsing the textual forms people write (decimal, hex, binary, MAC,
 * IPv4, IPv6) and choosing the run-time representation by width (a number up to 53 bits, a
 * bigint beyond).
 */
import { isNumberWidth } from '../../contract/value-representation.ts';
import type { KeyValue } from '../tables/entry.ts';

/** The run-time form of a `width`-bit value (`contract/value-representation.ts`). */
export function valueForWidth(v: bigint, width: number): KeyValue {
  return isNumberWidth(width) ? Number(v) : v;
}

/** True when `v` fits `width` unsigned bits. */
export function fitsWidth(v: bigint, width: number): boolean {
  return v >= 0n && v >> BigInt(width) === 0n;
}

/** Any key value or argument as bigint; undefined for a number that is not a safe non-negative integer. */
export function toBigValue(v: KeyValue | boolean): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (!Number.isSafeInteger(v)) return undefined;
  return BigInt(v);
}

const HEX = /^0x[0-9a-f]+$/i;
const BIN = /^0b[01]+$/i;
const OCT = /^0o[0-7]+$/i;
const DEC = /^[0-9]+$/;
const MAC = /^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Parses a value as written in a control-plane file: a JSON number, a decimal/hex/binary/octal
 * string, a MAC address (`08:00:00:00:01:11`), IPv4 dotted quad, IPv6 text, or a boolean.
 * Returns an error message string when the text is none of those.
 */
export function parseValue(v: unknown): bigint | string {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return `${v} is not an integer a double holds exactly (write it as a string)`;
    if (v < 0) return `negative value ${v}`;
    return BigInt(v);
  }
  if (typeof v === 'bigint') return v < 0n ? `negative value ${v}` : v;
  if (typeof v !== 'string') return `expected a number or a string, got ${describe(v)}`;
  const s = v.trim().replace(/_/g, '');
  if (HEX.test(s) || BIN.test(s) || OCT.test(s) || DEC.test(s)) return BigInt(s);
  if (MAC.test(s)) return BigInt('0x' + s.split(/[:-]/).map((b) => b.padStart(2, '0')).join(''));
  const m4 = IPV4.exec(s);
  if (m4) {
    let r = 0n;
    for (let i = 1; i <= 4; i++) {
      const b = Number(m4[i]);
      if (b > 255) return `bad IPv4 address "${v}"`;
      r = (r << 8n) | BigInt(b);
    }
    return r;
  }
  // Six groups and no `::`: meant as a MAC address (no IPv6 address is written so).
  if (s.split(/[:-]/).length === 6 && !s.includes('::')) return `bad MAC address "${v}" (six bytes in hex, as 08:00:00:00:01:11)`;
  if (s.includes(':')) {
    const r = parseIpv6(s);
    if (r !== undefined) return r;
    return `bad IPv6 address "${v}"`;
  }
  return `cannot read "${v}" as a value (decimal, 0x hex, MAC, IPv4 or IPv6)`;
}

function parseIpv6(s: string): bigint | undefined {
  let text = s;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (IPV4.test(tail)) {
    const m = IPV4.exec(tail)!;
    const b = [1, 2, 3, 4].map((i) => Number(m[i]));
    if (b.some((x) => x > 255)) return undefined;
    text = `${text.slice(0, lastColon + 1)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let r = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    r = (r << 16n) | BigInt(parseInt(g, 16));
  }
  return r;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
