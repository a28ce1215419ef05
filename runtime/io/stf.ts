/**
 * Parser for STF, the packet-fixture format of the reference P4 compiler's test suite
 * (p4lang/p4c `tools/stf`, `backends/bmv2/bmv2stf.py`). Syntax learned from those runners and the
 * `.stf` files of `testdata/p4_16_samples`; the code is our own.
 *
 * One command per line; `#` starts a comment; keywords are case-insensitive.
 *
 *   packet PORT HEX…                  hex bytes, spaces anywhere
 *   expect PORT [HEX…] [$]            `*` = any nibble; `$` = the packet ends here; no data = any packet
 *   no_packet                         no (further) packet is expected
 *   add TABLE [PRIO] FIELD:KEY… ACTION(ARG:VAL, …) [= ID]
 *        KEY: 0x… / 0b… / 0o… / decimal, nibble wildcards (0x25**), value/prefixlen,
 *             value&&&mask, lo->hi
 *   setdefault TABLE ACTION(ARG:VAL, …)
 *   remove all | remove_all | remove TABLE FIELD:KEY… [PRIO]
 *   check_counter NAME(INDEX|ID) [packets|bytes OP VALUE]      OP: == != < <= > >=
 *   counter_read NAME INDEX | counter_write NAME INDEX PACKETS BYTES
 *   register_read NAME INDEX | register_write NAME INDEX VALUE | register_reset NAME
 *   mirroring_add SESSION PORT | mirroring_add_mc SESSION GROUP | mirroring_delete SESSION | mirroring_get SESSION
 *   mc_mgrp_create GROUP | mc_node_create RID PORT… | mc_node_update HANDLE PORT… | mc_node_associate GROUP HANDLE
 *   meter_get_rates NAME INDEX | meter_set_rates NAME INDEX RATE:BURST… | meter_array_set_rates NAME RATE:BURST…
 *   wait
 *
 * Priorities in `add`: a larger number wins (the runners hand bmv2 `10000 - PRIO`, bmv2 preferring
 * smaller); tables in `runtime/tables` default to that order.
 *
 * `parseStf` never throws: malformed lines become diagnostics `file.stf(LINE): error: …` and the
 * rest of the file is still parsed.
 */
import type { FieldMatch, MatchKind } from '../tables/entry.ts';

export interface StfDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatStfDiagnostic(d: StfDiagnostic): string {
  return `${d.file}(${d.line}): error: ${d.message}`;
}

/**
 * A key as written. `value` literals keep how many bits their digits spell (`digitBits`) and their
 * `*` wildcards (`mask` has 0 there), because the STF runners interpret them by the field's match
 * kind (see `stfKeyToFieldMatch`).
 */
export type StfKeyMatch =
  | { readonly kind: 'value'; readonly value: bigint; readonly mask: bigint; readonly digitBits: number; readonly decimal: boolean; readonly wildcards: boolean }
  | { readonly kind: 'lpm'; readonly value: bigint; readonly prefixLength: number }
  | { readonly kind: 'ternary'; readonly value: bigint; readonly mask: bigint }
  | { readonly kind: 'range'; readonly low: bigint; readonly high: bigint };

export interface StfKey {
  readonly field: string;
  readonly match: StfKeyMatch;
}
export interface StfActionArg {
  readonly name: string;
  readonly value: bigint;
}
export interface StfActionCall {
  readonly name: string;
  readonly args: readonly StfActionArg[];
}
export interface StfMeterRate {
  readonly rate: number;
  readonly burst: number;
}
export type StfCounterOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type StfCommand =
  | { readonly kind: 'packet'; readonly line: number; readonly port: number; readonly data: Uint8Array }
  | {
      readonly kind: 'expect';
      readonly line: number;
      readonly port: number;
      /** Upper-case hex nibbles and `*`; undefined = any packet on this port. */
      readonly pattern: string | undefined;
      /** `$` given: the packet must end where the pattern ends. */
      readonly exact: boolean;
    }
  | { readonly kind: 'no_packet'; readonly line: number }
  | {
      readonly kind: 'add';
      readonly line: number;
      readonly table: string;
      readonly priority: number | undefined;
      readonly keys: readonly StfKey[];
      readonly action: StfActionCall;
      readonly id: string | undefined;
    }
  | { readonly kind: 'setdefault'; readonly line: number; readonly table: string; readonly action: StfActionCall }
  | { readonly kind: 'remove_all'; readonly line: number }
  | { readonly kind: 'remove'; readonly line: number; readonly table: string; readonly keys: readonly StfKey[]; readonly priority: number | undefined }
  | {
      readonly kind: 'check_counter';
      readonly line: number;
      readonly counter: string;
      readonly index: number | string;
      readonly check: { readonly type: 'packets' | 'bytes'; readonly op: StfCounterOp; readonly value: bigint } | undefined;
    }
  | { readonly kind: 'counter_read'; readonly line: number; readonly counter: string; readonly index: number }
  | { readonly kind: 'counter_write'; readonly line: number; readonly counter: string; readonly index: number; readonly packets: bigint; readonly bytes: bigint }
  | { readonly kind: 'register_read'; readonly line: number; readonly register: string; readonly index: number }
  | { readonly kind: 'register_write'; readonly line: number; readonly register: string; readonly index: number; readonly value: bigint }
  | { readonly kind: 'register_reset'; readonly line: number; readonly register: string }
  | { readonly kind: 'mirroring_add'; readonly line: number; readonly session: number; readonly port: number }
  | { readonly kind: 'mirroring_add_mc'; readonly line: number; readonly session: number; readonly group: number }
  | { readonly kind: 'mirroring_delete'; readonly line: number; readonly session: number }
  | { readonly kind: 'mirroring_get'; readonly line: number; readonly session: number }
  | { readonly kind: 'mc_mgrp_create'; readonly line: number; readonly group: number }
  | { readonly kind: 'mc_node_create'; readonly line: number; readonly rid: number; readonly ports: readonly number[] }
  | { readonly kind: 'mc_node_update'; readonly line: number; readonly handle: number; readonly ports: readonly number[] }
  | { readonly kind: 'mc_node_associate'; readonly line: number; readonly group: number; readonly handle: number }
  | { readonly kind: 'meter_get_rates'; readonly line: number; readonly meter: string; readonly index: number }
  | { readonly kind: 'meter_set_rates'; readonly line: number; readonly meter: string; readonly index: number; readonly rates: readonly StfMeterRate[] }
  | { readonly kind: 'meter_array_set_rates'; readonly line: number; readonly meter: string; readonly rates: readonly StfMeterRate[] }
  | { readonly kind: 'wait'; readonly line: number }
  /** simple_switch_CLI's action profile commands (members and groups get handles 0, 1, ... per profile). */
  | { readonly kind: 'act_prof_create_member'; readonly line: number; readonly profile: string; readonly action: StfActionCall }
  | { readonly kind: 'act_prof_create_group'; readonly line: number; readonly profile: string }
  | { readonly kind: 'act_prof_add_member_to_group' | 'act_prof_remove_member_from_group'; readonly line: number; readonly profile: string; readonly member: number; readonly group: number }
  | {
      readonly kind: 'table_indirect_add' | 'table_indirect_add_with_group';
      readonly line: number;
      readonly table: string;
      readonly priority: number | undefined;
      readonly keys: readonly StfKey[];
      readonly handle: number;
      readonly id: string | undefined;
    }
  /** Parser value sets: `pvs_add NAME VALUE`, `pvs_clear NAME`. */
  | { readonly kind: 'pvs_add'; readonly line: number; readonly valueSet: string; readonly value: bigint }
  | { readonly kind: 'pvs_clear'; readonly line: number; readonly valueSet: string }
  /** p4ts: `p4ts_sa INDEX key=value ...` (an ESP security association) and `p4ts_key INDEX key=value ...`. */
  | { readonly kind: 'p4ts_sa' | 'p4ts_key'; readonly line: number; readonly index: number; readonly fields: Readonly<Record<string, string>> };

export interface StfFile {
  readonly commands: readonly StfCommand[];
  readonly diagnostics: readonly StfDiagnostic[];
}

/** Parses STF text. Never throws. */
export function parseStf(text: string, file = 'input.stf'): StfFile {
  const commands: StfCommand[] = [];
  const diagnostics: StfDiagnostic[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const hash = raw.indexOf('#');
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (body === '') continue;
    try {
      commands.push(parseCommand(body, i + 1));
    } catch (e) {
      if (e instanceof StfSyntaxError) diagnostics.push({ file, line: i + 1, message: e.message });
      else diagnostics.push({ file, line: i + 1, message: `internal parser error: ${String(e)}` });
    }
  }
  return { commands, diagnostics };
}

class StfSyntaxError extends Error {}

function fail(message: string): never {
  throw new StfSyntaxError(message);
}

// ---- a cursor over one line ------------------------------------------------------------------

const NAME = /[A-Za-z_$][A-Za-z0-9_$]*(?:\[[0-9]+\])?(?:\.[A-Za-z_$][A-Za-z0-9_$]*(?:\[[0-9]+\])?)*/y;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  skipWs(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }
  atEnd(): boolean {
    this.skipWs();
    return this.pos >= this.text.length;
  }
  peek(): string {
    this.skipWs();
    return this.text[this.pos] ?? '';
  }
  /** Consumes `s` if it comes next (after blanks). */
  eat(s: string): boolean {
    this.skipWs();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  expect(s: string, what: string): void {
    if (!this.eat(s)) fail(`expected '${s}' ${what}${this.found()}`);
  }
  /** A run of non-blank characters. */
  word(): string {
    this.skipWs();
    const start = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== ' ' && this.text[this.pos] !== '\t') this.pos++;
    return this.text.slice(start, this.pos);
  }
  name(what: string): string {
    this.skipWs();
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) fail(`expected ${what}${this.found()}`);
    this.pos += m[0].length;
    return m[0];
  }
  /** A run of characters from `chars`. */
  run(chars: RegExp): string {
    this.skipWs();
    const start = this.pos;
    while (this.pos < this.text.length && chars.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }
  rest(): string {
    this.skipWs();
    const r = this.text.slice(this.pos);
    this.pos = this.text.length;
    return r;
  }
  found(): string {
    this.skipWs();
    return this.pos >= this.text.length ? ', found the end of the line' : `, found '${this.text.slice(this.pos, this.pos + 12)}'`;
  }
  end(): void {
    if (!this.atEnd()) fail(`unexpected '${this.text.slice(this.pos, this.pos + 20)}' at the end of the command`);
  }
}

// ---- numbers -----------------------------------------------------------------------------

const LITERAL_CHARS = /[0-9A-Za-z_*]/;

/** Parses a literal that may carry `*` wildcards (hex nibbles, binary bits, octal digits). */
function parseLiteral(text: string, what: string, allowWildcards: boolean): Extract<StfKeyMatch, { kind: 'value' }> {
  const t = text.replace(/_/g, '');
  const m = /^0([xXbBoO])(.+)$/.exec(t);
  if (!m) {
    if (!/^[0-9]+$/.test(t)) fail(`bad ${what} '${text}'`);
    const value = BigInt(t);
    const digitBits = value === 0n ? 1 : value.toString(2).length;
    return { kind: 'value', value, mask: (1n << BigInt(digitBits)) - 1n, digitBits, decimal: true, wildcards: false };
  }
  const radix = m[1]!.toLowerCase();
  const bitsPer = radix === 'x' ? 4 : radix === 'b' ? 1 : 3;
  const digits = m[2]!;
  const valid = radix === 'x' ? /^[0-9a-fA-F*]+$/ : radix === 'b' ? /^[01*]+$/ : /^[0-7*]+$/;
  if (!valid.test(digits)) fail(`bad ${what} '${text}'`);
  const wildcards = digits.includes('*');
  if (wildcards && !allowWildcards) fail(`wildcards are not allowed in ${what} '${text}'`);
  let value = 0n;
  let mask = 0n;
  const base = BigInt(1 << bitsPer);
  const full = base - 1n;
  for (const d of digits) {
    value *= base;
    mask *= base;
    if (d !== '*') {
      value += BigInt(parseInt(d, 16));
      mask += full;
    }
  }
  return { kind: 'value', value, mask, digitBits: digits.length * bitsPer, decimal: false, wildcards };
}

function parseNumber(text: string, what: string): bigint {
  if (text === '') fail(`expected ${what}`);
  return parseLiteral(text, what, false).value;
}

function parseSmall(text: string, what: string): number {
  if (!/^[0-9]+$/.test(text)) fail(`expected ${what} (a decimal number)${text === '' ? ', found the end of the line' : `, found '${text}'`}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail(`${what} ${text} is too large`);
  return n;
}

/** A port number: decimal digits. */
function parsePort(c: Cursor): number {
  const digits = c.run(/[0-9]/);
  if (digits === '') fail(`expected a port (a decimal number)${c.found()}`);
  return parseSmall(digits, 'a port');
}

function parseIndex(c: Cursor, what: string): number {
  const w = c.word();
  if (/^0[xX][0-9a-fA-F]+$/.test(w)) return Number(BigInt(w));
  return parseSmall(w, what);
}

function parseKeyValue(text: string): StfKeyMatch {
  if (text === '') fail("expected a key value after ':'");
  const tern = text.indexOf('&&&');
  if (tern >= 0) {
    return { kind: 'ternary', value: parseNumber(text.slice(0, tern), 'ternary value'), mask: parseNumber(text.slice(tern + 3), 'ternary mask') };
  }
  const arrow = text.indexOf('->');
  if (arrow >= 0) {
    const low = parseNumber(text.slice(0, arrow), 'range low bound');
    const high = parseNumber(text.slice(arrow + 2), 'range high bound');
    if (low > high) fail(`empty range '${text}'`);
    return { kind: 'range', low, high };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const lit = parseLiteral(text.slice(0, slash), 'lpm value', true);
    return { kind: 'lpm', value: lit.value, prefixLength: parseSmall(text.slice(slash + 1), 'prefix length') };
  }
  return parseLiteral(text, 'key value', true);
}

// ---- commands ----------------------------------------------------------------------------

function parseAction(c: Cursor): StfActionCall {
  const name = c.name('an action name');
  c.expect('(', 'after the action name');
  const args: StfActionArg[] = [];
  if (!c.eat(')')) {
    for (;;) {
      const argName = c.name('an action argument name');
      c.expect(':', `after argument '${argName}'`);
      const v = c.run(LITERAL_CHARS);
      args.push({ name: argName, value: parseNumber(v, `value of argument '${argName}'`) });
      if (c.eat(')')) break;
      c.expect(',', 'or \')\' between action arguments');
    }
  }
  return { name, args };
}

/** A table entry's priority, when the next word is a number (`add T 10 k:v a()`); else nothing is read. */
function parseOptionalPriority(c: Cursor): number | undefined {
  const save = c.pos;
  const word = c.word();
  if (/^[0-9]+$/.test(word)) return parseSmall(word, 'a priority');
  c.pos = save;
  return undefined;
}

/** The entry id after `=` at the end of an `add` (`... = ID`), if there is one. */
function parseEntryId(c: Cursor): string | undefined {
  if (!c.eat('=')) return undefined;
  const id = c.word();
  if (!/^[A-Za-z0-9_$]+$/.test(id)) fail(`expected an entry id after '=', found '${id}'`);
  return id;
}

function parseKeys(c: Cursor, stopAtAction: boolean): StfKey[] {
  const keys: StfKey[] = [];
  for (;;) {
    if (c.atEnd()) break;
    const save = c.pos;
    if (!stopAtAction && /^[0-9]+$/.test(c.text.slice(c.pos).trim())) break; // trailing priority
    const field = c.name('a key field name or an action');
    if (c.peek() === '(' && stopAtAction) {
      c.pos = save;
      break;
    }
    c.expect(':', `after key field '${field}'`);
    const next = c.text[c.pos];
    if (next === undefined || next === ' ' || next === '\t') fail(`expected a key value after '${field}:'`);
    keys.push({ field, match: parseKeyValue(c.word()) });
  }
  return keys;
}

function parseData(c: Cursor, allowPatterns: boolean): { hex: string; exact: boolean } {
  let hex = '';
  let exact = false;
  while (!c.atEnd()) {
    const ch = c.text[c.pos]!;
    if (/[0-9a-fA-F]/.test(ch) || (allowPatterns && ch === '*')) {
      hex += ch.toUpperCase();
      c.pos++;
    } else if (allowPatterns && ch === '$') {
      exact = true;
      c.pos++;
      c.end();
      break;
    } else {
      fail(`invalid packet data character '${ch}'`);
    }
  }
  return { hex, exact };
}

function parseRates(c: Cursor): StfMeterRate[] {
  const rates: StfMeterRate[] = [];
  while (!c.atEnd()) {
    const w = c.word();
    const m = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+):([0-9]+)$/.exec(w);
    if (!m) fail(`expected RATE:BURST, found '${w}'`);
    rates.push({ rate: Number(m[1]), burst: Number(m[2]) });
  }
  if (rates.length === 0) fail('expected at least one RATE:BURST');
  return rates;
}

function parseCommand(body: string, line: number): StfCommand {
  const c = new Cursor(body);
  const keyword = c.word().toLowerCase();
  switch (keyword) {
    case 'packet': {
      const port = parsePort(c);
      const { hex } = parseData(c, false);
      if (hex.length === 0) fail('packet has no data');
      if (hex.length % 2 !== 0) fail(`packet data has an odd number of hex digits (${hex.length})`);
      const data = new Uint8Array(hex.length / 2);
      for (let k = 0; k < data.length; k++) data[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
      return { kind: 'packet', line, port, data };
    }
    case 'expect': {
      const port = parsePort(c);
      const { hex, exact } = parseData(c, true);
      return { kind: 'expect', line, port, pattern: hex === '' && !exact ? undefined : hex, exact };
    }
    case 'no_packet':
      c.end();
      return { kind: 'no_packet', line };
    case 'wait':
      c.end();
      return { kind: 'wait', line };
    case 'add': {
      const table = c.name('a table name');
      const priority = parseOptionalPriority(c);
      const keys = parseKeys(c, true);
      if (c.atEnd()) fail('expected an action call ACTION(ARGS) after the keys');
      const action = parseAction(c);
      const id = parseEntryId(c);
      c.end();
      return { kind: 'add', line, table, priority, keys, action, id };
    }
    case 'setdefault': {
      const table = c.name('a table name');
      const action = parseAction(c);
      c.end();
      return { kind: 'setdefault', line, table, action };
    }
    case 'remove_all':
      c.end();
      return { kind: 'remove_all', line };
    case 'remove': {
      const save = c.pos;
      if (c.word().toLowerCase() === 'all') {
        c.end();
        return { kind: 'remove_all', line };
      }
      c.pos = save;
      const table = c.name("a table name or 'all'");
      const keys = parseKeys(c, false);
      let priority: number | undefined;
      if (!c.atEnd()) priority = parseSmall(c.word(), 'a priority');
      c.end();
      return { kind: 'remove', line, table, keys, priority };
    }
    case 'check_counter': {
      const counter = c.name('a counter name');
      c.expect('(', 'after the counter name');
      const idx = c.run(/[0-9A-Za-z_$]/);
      if (idx === '') fail('expected a counter index or entry id');
      const index: number | string = /^[0-9]+$/.test(idx) || /^0[xX][0-9a-fA-F]+$/.test(idx) ? Number(BigInt(idx)) : idx;
      c.expect(')', 'after the counter index');
      if (c.atEnd()) return { kind: 'check_counter', line, counter, index, check: undefined };
      const type = c.word().toLowerCase();
      if (type !== 'packets' && type !== 'bytes') fail(`expected 'packets' or 'bytes', found '${type}'`);
      const op = c.run(/[=!<>]/);
      if (op !== '==' && op !== '!=' && op !== '<' && op !== '<=' && op !== '>' && op !== '>=') fail(`expected a comparison (== != < <= > >=), found '${op}'`);
      const value = parseNumber(c.word(), 'a counter value');
      c.end();
      return { kind: 'check_counter', line, counter, index, check: { type, op, value } };
    }
    case 'counter_read':
    case 'register_read':
    case 'meter_get_rates': {
      const name = c.name('a name');
      const index = parseIndex(c, 'an index');
      c.end();
      if (keyword === 'counter_read') return { kind: 'counter_read', line, counter: name, index };
      if (keyword === 'register_read') return { kind: 'register_read', line, register: name, index };
      return { kind: 'meter_get_rates', line, meter: name, index };
    }
    case 'counter_write': {
      const counter = c.name('a counter name');
      const index = parseIndex(c, 'an index');
      const packets = parseNumber(c.word(), 'a packet count');
      const bytes = parseNumber(c.word(), 'a byte count');
      c.end();
      return { kind: 'counter_write', line, counter, index, packets, bytes };
    }
    case 'register_write': {
      const register = c.name('a register name');
      const index = parseIndex(c, 'an index');
      const value = parseNumber(c.word(), 'a value');
      c.end();
      return { kind: 'register_write', line, register, index, value };
    }
    case 'register_reset': {
      const register = c.name('a register name');
      c.end();
      return { kind: 'register_reset', line, register };
    }
    case 'meter_set_rates': {
      const meter = c.name('a meter name');
      const index = parseIndex(c, 'an index');
      return { kind: 'meter_set_rates', line, meter, index, rates: parseRates(c) };
    }
    case 'meter_array_set_rates': {
      const meter = c.name('a meter name');
      return { kind: 'meter_array_set_rates', line, meter, rates: parseRates(c) };
    }
    case 'mirroring_add':
    case 'mirroring_add_mc':
    case 'mc_node_associate': {
      const a = parseIndex(c, keyword === 'mc_node_associate' ? 'a group id' : 'a session id');
      const b = parseIndex(c, keyword === 'mirroring_add' ? 'a port' : keyword === 'mirroring_add_mc' ? 'a multicast group' : 'a node handle');
      c.end();
      if (keyword === 'mirroring_add') return { kind: 'mirroring_add', line, session: a, port: b };
      if (keyword === 'mirroring_add_mc') return { kind: 'mirroring_add_mc', line, session: a, group: b };
      return { kind: 'mc_node_associate', line, group: a, handle: b };
    }
    case 'mirroring_delete':
    case 'mirroring_get':
    case 'mc_mgrp_create': {
      const n = parseIndex(c, keyword === 'mc_mgrp_create' ? 'a group id' : 'a session id');
      c.end();
      if (keyword === 'mc_mgrp_create') return { kind: 'mc_mgrp_create', line, group: n };
      return keyword === 'mirroring_get' ? { kind: 'mirroring_get', line, session: n } : { kind: 'mirroring_delete', line, session: n };
    }
    case 'mc_node_create':
    case 'mc_node_update': {
      const first = parseIndex(c, keyword === 'mc_node_create' ? 'a replication id' : 'a node handle');
      const ports: number[] = [];
      while (!c.atEnd()) ports.push(parseIndex(c, 'a port'));
      if (ports.length === 0) fail('expected at least one port');
      return keyword === 'mc_node_create' ? { kind: 'mc_node_create', line, rid: first, ports } : { kind: 'mc_node_update', line, handle: first, ports };
    }
    case 'act_prof_create_member': {
      const profile = c.name('an action profile name');
      const action = parseAction(c);
      c.end();
      return { kind: keyword, line, profile, action };
    }
    case 'act_prof_create_group': {
      const profile = c.name('an action profile name');
      c.end();
      return { kind: keyword, line, profile };
    }
    case 'act_prof_add_member_to_group':
    case 'act_prof_remove_member_from_group': {
      const profile = c.name('an action profile name');
      const member = parseIndex(c, 'a member handle');
      const group = parseIndex(c, 'a group handle');
      c.end();
      return { kind: keyword, line, profile, member, group };
    }
    case 'table_indirect_add':
    case 'table_indirect_add_with_group': {
      const table = c.name('a table name');
      const priority = parseOptionalPriority(c);
      const keys: StfKey[] = [];
      while (!c.eat('=>')) {
        if (c.atEnd()) fail(`expected '=> ${keyword === 'table_indirect_add' ? 'MEMBER' : 'GROUP'}' after the keys`);
        const field = c.name('a key field name');
        c.expect(':', `after key field '${field}'`);
        keys.push({ field, match: parseKeyValue(c.word()) });
      }
      const handle = parseIndex(c, keyword === 'table_indirect_add' ? 'a member handle' : 'a group handle');
      const id = parseEntryId(c);
      c.end();
      return { kind: keyword, line, table, priority, keys, handle, id };
    }
    case 'pvs_add': {
      const valueSet = c.name('a value set name');
      const value = parseNumber(c.word(), 'a value');
      c.end();
      return { kind: keyword, line, valueSet, value };
    }
    case 'pvs_clear': {
      const valueSet = c.name('a value set name');
      c.end();
      return { kind: keyword, line, valueSet };
    }
    case 'p4ts_sa':
    case 'p4ts_key': {
      const index = parseIndex(c, keyword === 'p4ts_sa' ? 'an SA index' : 'a key index');
      const fields: Record<string, string> = {};
      while (!c.atEnd()) {
        const w = c.word();
        const eq = w.indexOf('=');
        if (eq <= 0 || eq === w.length - 1) fail(`expected NAME=VALUE, found '${w}'`);
        fields[w.slice(0, eq)] = w.slice(eq + 1);
      }
      return { kind: keyword, line, index, fields };
    }
    default:
      return fail(`unknown command '${keyword}'`);
  }
}

// ---- interpretation helpers for runners ----------------------------------------------------

/**
 * Does a received packet satisfy an `expect`? As the runners compare: nibble by nibble over the
 * pattern (`*` matches anything), a shorter packet fails, a longer one passes unless `$` was given.
 */
export function expectMatches(cmd: Extract<StfCommand, { kind: 'expect' }>, packet: Uint8Array): boolean {
  const p = cmd.pattern;
  if (p === undefined) return true;
  const nibbles = packet.length * 2;
  if (nibbles < p.length) return false;
  if (cmd.exact && nibbles !== p.length + (p.length % 2)) return false;
  for (let i = 0; i < p.length; i++) {
    const ch = p.charCodeAt(i);
    if (ch === 42 /* * */) continue;
    const byte = packet[i >>> 1]!;
    const nib = i & 1 ? byte & 0xf : byte >>> 4;
    const want = ch <= 57 ? ch - 48 : ch - 55;
    if (nib !== want) return false;
  }
  return true;
}

/**
 * The table-engine match for an STF key on a field of the given kind and width, with the runners'
 * reading of plain literals: on an lpm field a literal's digits give the prefix length (0x0a01****
 * is /16, 0x0a010203 is /32); on a ternary field the mask covers the digits written (0x25** on
 * 16 bits is 0x2500&&&0xff00) and a decimal literal is an exact match. Returns an error message
 * string when the key does not fit the field.
 */
export function stfKeyToFieldMatch(m: StfKeyMatch, kind: MatchKind, width: number): FieldMatch | string {
  const full = (1n << BigInt(width)) - 1n;
  const fits = (v: bigint): boolean => v >= 0n && v <= full;
  switch (m.kind) {
    case 'value': {
      if (!fits(m.value)) return `value 0x${m.value.toString(16)} does not fit in ${width} bits`;
      if (kind === 'exact' || kind === 'optional') {
        if (m.wildcards) return `wildcards are not allowed on ${kind} fields`;
        return { kind: kind === 'exact' ? 'exact' : 'optional', value: m.value };
      }
      if (kind === 'lpm') {
        if (!m.wildcards && m.decimal) return { kind: 'lpm', value: m.value, prefixLength: width };
        return { kind: 'lpm', value: m.value, prefixLength: Math.min(width, countLeadingOnes(m.mask, m.digitBits)) };
      }
      if (kind === 'ternary') {
        const mask = m.decimal ? full : m.mask & full;
        return { kind: 'ternary', value: m.value & mask, mask };
      }
      return { kind: 'range', low: m.value, high: m.value };
    }
    case 'lpm':
      if (kind !== 'lpm' && kind !== 'ternary') return `a prefix is not allowed on ${kind} fields`;
      if (m.prefixLength > width) return `prefix length ${m.prefixLength} exceeds the width ${width}`;
      if (!fits(m.value)) return `value does not fit in ${width} bits`;
      return { kind: 'lpm', value: m.value, prefixLength: m.prefixLength };
    case 'ternary':
      if (kind !== 'ternary') return `value&&&mask is not allowed on ${kind} fields`;
      if (!fits(m.value) || !fits(m.mask)) return `value or mask does not fit in ${width} bits`;
      return { kind: 'ternary', value: m.value & m.mask, mask: m.mask };
    case 'range':
      if (kind !== 'range') return `a range is not allowed on ${kind} fields`;
      if (!fits(m.high)) return `range bound does not fit in ${width} bits`;
      return { kind: 'range', low: m.low, high: m.high };
  }
}

function countLeadingOnes(mask: bigint, bits: number): number {
  let n = 0;
  for (let i = bits - 1; i >= 0 && (mask >> BigInt(i)) & 1n; i--) n++;
  return n;
}
