/**
 * `MultiFieldTable`: any mix of exact / lpm / ternary / range / optional key fields. Entries are
 * kept sorted by precedence and scanned in that order; the first one whose every field matches wins.
 *
 * Precedence:
 * - if any key field is ternary, range or optional: the entry priority (see `entry.ts` for the
 *   convention; default larger wins), then insertion order;
 * - otherwise (exact and lpm only): the longest lpm prefix, then insertion order.
 *
 * Every field is compiled at insert time into a test on numbers when the field is ≤ 52 bits
 * (split into two 32-bit halves for masks above 32 bits), so the scan allocates nothing. Fields wider
 * than 52 bits are compared as bigint: exact and range tests allocate nothing, masked tests
 * (`(k & mask) === value`) allocate a bigint temporary.
 *
 * `TernaryTable` and `RangeTable` are this engine with every field of one kind.
 */
import { FLAT_ROW_FIELDS, matchKindNeedsPriority, NUMBER_KEY_MAX_WIDTH, scansFlatRows } from '../../contract/table-keys.ts';
import {
  type ActionEntry,
  type EntrySpec,
  type FieldMatch,
  type KeyField,
  type KeyValue,
  type MatchActionTable,
  TableBase,
  TableError,
  type TableOptions,
  prefixMask,
  toBig,
  toNum,
} from './entry.ts';

const ANY = 0;
const EQ = 1;
const MASK = 2;
const RANGE = 3;

const TWO32 = 4294967296;

interface Row {
  readonly entry: ActionEntry;
  readonly seq: number;
  /** Sort key: priority (or lpm prefix length), oriented so that larger wins. */
  readonly rank: number;
  readonly ops: Uint8Array;
  /** Per field 4 numbers: EQ (v), MASK (vlo, mlo, vhi, mhi), RANGE (lo, hi). */
  readonly num: Float64Array;
  /** Per field 2 bigints for fields wider than 52 bits: EQ (v), MASK (v, m), RANGE (lo, hi). */
  readonly big: bigint[];
  readonly canonical: string;
}

export class MultiFieldTable extends TableBase implements MatchActionTable {
  private rows: Row[] = [];
  private readonly byCanonical = new Map<string, Row>();
  private readonly byHandle = new Map<number, Row>();
  /** True when priorities order the entries (some field is ternary, range or optional). */
  readonly usesPriority: boolean;
  private readonly wideField: boolean[];
  /** Every key field is 32 bits or narrower: lookups scan `flat` instead of the rows. */
  private readonly narrow: boolean;
  /** Numbers per row of `flat`: 2 per key field (at least `FLAT_ROW_FIELDS`: `lookup3` reads 3), then the entry's tag. */
  private readonly stride: number;
  /** Per key field (padded to 3): a `range` key, whose row numbers are low bound and span; any other kind's are value and mask. */
  private readonly rangeKey: readonly boolean[];
  /**
   * With `narrow`: the rows in precedence order as one array of 32-bit integers — per key field
   * either its value and mask (`(k & mask) === value`; exact: mask -1, any: mask 0) or, for a
   * `range` key, its low bound and span (`(k - low) >>> 0 <= span >>> 0`, one unsigned compare;
   * any: low 0, span 2^32 - 1); fields beyond the key's (up to 3) match anything (value 0, mask
   * 0); then the entry's tag: `tagOf(handle)`, or its handle. The layout is the contract's
   * (`scansFlatRows`, contract/table-keys.ts). Null until the first lookup after a change.
   */
  private flat: Int32Array | null = null;
  /**
   * What `lookup3` returns for an entry, by its handle (default: the handle itself); read when
   * the rows are flattened, after every change. `RuntimeTable` makes it the entry's result index,
   * so that one lookup gives what the generated code indexes by.
   */
  tagOf: ((handle: number) => number) | null = null;

  constructor(keys: readonly KeyField[], options: TableOptions = {}) {
    super(keys, options);
    this.usesPriority = keys.some((k) => matchKindNeedsPriority(k.kind));
    this.wideField = keys.map((k) => k.width > NUMBER_KEY_MAX_WIDTH);
    this.narrow = keys.every((k) => k.width <= 32);
    const fields = Math.max(FLAT_ROW_FIELDS, keys.length);
    this.stride = 2 * fields + 1;
    this.rangeKey = Array.from({ length: fields }, (_, i) => keys[i]?.kind === 'range');
  }

  get size(): number {
    return this.rows.length;
  }

  insert(spec: EntrySpec): ActionEntry {
    this.checkInsert(spec);
    const n = this.keys.length;
    const ops = new Uint8Array(n);
    const num = new Float64Array(4 * n);
    const big: bigint[] = new Array<bigint>(2 * n).fill(0n);
    let prefixTotal = 0;
    const canon: string[] = [];
    for (let i = 0; i < n; i++) {
      const f = this.keys[i]!;
      const m = this.normalize(f, spec.match[i]!, i);
      const w = f.width;
      const full = (1n << BigInt(w)) - 1n;
      let op: number;
      let a: bigint;
      let b: bigint;
      if (m.kind === 'any') {
        op = ANY;
        a = 0n;
        b = 0n;
      } else if (m.kind === 'exact') {
        op = EQ;
        a = m.value;
        b = full;
      } else if (m.kind === 'mask') {
        op = m.mask === full ? EQ : m.mask === 0n ? ANY : MASK;
        a = m.value & m.mask;
        b = m.mask;
        prefixTotal += m.prefix;
      } else {
        op = m.low === 0n && m.high === full ? ANY : RANGE;
        a = m.low;
        b = m.high;
      }
      ops[i] = op;
      canon.push(op === ANY ? '*' : `${op}:${a}:${b}`);
      if (this.wideField[i]) {
        big[2 * i] = a;
        big[2 * i + 1] = b;
      } else if (op === MASK) {
        num[4 * i] = Number(a & 0xffffffffn);
        num[4 * i + 1] = Number(b & 0xffffffffn);
        num[4 * i + 2] = Number(a >> 32n);
        num[4 * i + 3] = Number(b >> 32n);
      } else {
        num[4 * i] = Number(a);
        num[4 * i + 1] = Number(b);
      }
    }
    const priority = spec.priority ?? 0;
    const canonical = canon.join(' ') + (this.usesPriority ? ` @${priority}` : '');
    if (this.byCanonical.has(canonical)) throw new TableError(this.name, 'duplicate entry (same match and priority)');
    const entry = this.makeEntry(this.usesPriority ? spec : { ...spec, priority: spec.priority ?? prefixTotal });
    const rank = this.usesPriority ? (this.higherWins ? priority : -priority) : prefixTotal;
    const row: Row = { entry, seq: this.nextSeq++, rank, ops, num, big, canonical };
    // Insert after every row of greater or equal rank (equal rank: earlier insertion first).
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid]!.rank >= rank) lo = mid + 1;
      else hi = mid;
    }
    this.rows.splice(lo, 0, row);
    this.flat = null;
    this.byCanonical.set(canonical, row);
    this.byHandle.set(entry.handle, row);
    return entry;
  }

  remove(handle: number): boolean {
    this.checkMutable();
    const row = this.byHandle.get(handle);
    if (!row) return false;
    this.byHandle.delete(handle);
    this.byCanonical.delete(row.canonical);
    this.rows.splice(this.rows.indexOf(row), 1);
    this.flat = null;
    return true;
  }

  clear(): void {
    this.checkMutable();
    this.rows = [];
    this.flat = null;
    this.byCanonical.clear();
    this.byHandle.clear();
  }

  lookup(key: ArrayLike<KeyValue>): ActionEntry | undefined {
    if (this.narrow) return this.lookupNarrow(key);
    const rows = this.rows;
    const n = this.keys.length;
    const wide = this.wideField;
    outer: for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const ops = row.ops;
      for (let i = 0; i < n; i++) {
        const op = ops[i]!;
        if (op === ANY) continue;
        const k = key[i]!;
        if (wide[i]) {
          const a = row.big[2 * i]!;
          const b = row.big[2 * i + 1]!;
          if (op === EQ) {
            if (k != a) continue outer; // loose equality compares number and bigint by value
          } else if (op === MASK) {
            const kb = typeof k === 'bigint' ? k : BigInt(k);
            if ((kb & b) !== a) continue outer;
          } else if (k < a || k > b) continue outer;
          continue;
        }
        const kn = typeof k === 'number' ? k : Number(k);
        const p = 4 * i;
        const num = row.num;
        if (op === EQ) {
          if (kn !== num[p]) continue outer;
        } else if (op === MASK) {
          const lo = kn >>> 0; // kn mod 2^32 (exact below 2^53)
          if (((lo ^ num[p]!) & num[p + 1]!) !== 0) continue outer;
          if (kn >= TWO32) {
            if ((((kn - lo) / TWO32) ^ num[p + 2]!) & num[p + 3]!) continue outer;
          } else if (num[p + 2]! & num[p + 3]!) continue outer;
        } else if (kn < num[p]! || kn > num[p + 1]!) continue outer;
      }
      return row.entry;
    }
    return undefined;
  }

  /** `lookup` when every field is 32 bits or narrower: one scan over `flat`, no row objects touched until the hit. */
  private lookupNarrow(key: ArrayLike<KeyValue>): ActionEntry | undefined {
    const n = this.keys.length;
    const f = this.flat ?? this.flatten();
    const stride = this.stride;
    const range = this.rangeKey;
    const end = f.length;
    outer: for (let o = 0, r = 0; o < end; o += stride, r++) {
      for (let i = 0, p = o; i < n; i++, p += 2) {
        const k = toNum(key[i]!);
        if (range[i] ? (k - f[p]!) >>> 0 > f[p + 1]! >>> 0 : (k & f[p + 1]!) !== f[p]) continue outer;
      }
      return this.rows[r]!.entry; // `flat`'s rows are `rows`, in order (it is rebuilt after every change)
    }
    return undefined;
  }

  /**
   * The tag (`tagOf`; default the handle) of the first entry (in precedence order) matching the
   * key `k1, k2, k3`, or 0 on a miss: for tables of at most 3 key fields, each 32 bits or
   * narrower (`narrow3`), keys as numbers (fields the table does not have: any number). The data
   * plane's lookup: no array of keys, no row objects, two numbers read per field and row.
   */
  lookup3(k1: number, k2: number, k3: number): number {
    const f = this.flat ?? this.flatten();
    const stride = this.stride;
    const end = f.length;
    const range = this.rangeKey;
    const r1 = range[0]!;
    const r2 = range[1]!;
    const r3 = range[2]!;
    for (let o = 0; o < end; o += stride) {
      if (r1 ? (k1 - f[o]!) >>> 0 > f[o + 1]! >>> 0 : (k1 & f[o + 1]!) !== f[o]) continue;
      if (r2 ? (k2 - f[o + 2]!) >>> 0 > f[o + 3]! >>> 0 : (k2 & f[o + 3]!) !== f[o + 2]) continue;
      if (r3 ? (k3 - f[o + 4]!) >>> 0 > f[o + 5]! >>> 0 : (k3 & f[o + 5]!) !== f[o + 4]) continue;
      return f[o + 6]!;
    }
    return 0;
  }

  /** True when `lookup3` and `flatRows` serve this table: its key has flat rows (`scansFlatRows`, contract/table-keys.ts). */
  get narrow3(): boolean {
    return scansFlatRows(this.keys);
  }

  /** With `narrow3`: the flat rows (`scansFlatRows`), rebuilt after a change. */
  flatRows(): Int32Array {
    return this.flat ?? this.flatten();
  }

  private flatten(): Int32Array {
    const n = this.keys.length;
    const stride = this.stride;
    const f = new Int32Array(this.rows.length * stride);
    this.rows.forEach((row, r) => {
      const o = r * stride;
      for (let i = 0; i < n; i++) {
        const op = row.ops[i]!;
        const a = row.num[4 * i]!;
        const b = row.num[4 * i + 1]!;
        const p = o + 2 * i;
        if (this.rangeKey[i]) {
          // a range key's entry: a range, an exact value (span 0), or anything (every 32-bit key)
          f[p] = op === ANY ? 0 : a | 0;
          f[p + 1] = op === ANY ? -1 : op === EQ ? 0 : (b - a) | 0;
        } else {
          // value and mask as 32-bit integers (the value is already masked)
          f[p] = op === ANY ? 0 : a | 0;
          f[p + 1] = op === ANY ? 0 : op === EQ ? -1 : b | 0;
        }
      }
      // fields beyond the key's stay 0 and 0: value 0 under mask 0, which anything matches
      f[o + stride - 1] = this.tagOf !== null ? this.tagOf(row.entry.handle) : row.entry.handle;
    });
    this.flat = f;
    return f;
  }

  *entries(): IterableIterator<ActionEntry> {
    for (const r of this.rows) yield r.entry;
  }

  /** Entries in precedence order (first = wins over the others). */
  ordered(): readonly ActionEntry[] {
    return this.rows.map((r) => r.entry);
  }

  /** Validates a field match against the key field's kind and width; returns it in bigint form. */
  private normalize(
    f: KeyField,
    m: FieldMatch,
    i: number,
  ):
    | { kind: 'any' }
    | { kind: 'exact'; value: bigint }
    | { kind: 'mask'; value: bigint; mask: bigint; prefix: number }
    | { kind: 'range'; low: bigint; high: bigint } {
    const w = f.width;
    const bad = (): never => {
      throw new TableError(this.name, `key field ${f.name ?? i} (${f.kind}): ${m.kind} match not allowed`);
    };
    switch (m.kind) {
      case 'any':
        if (f.kind === 'exact') bad();
        return { kind: 'any' };
      case 'exact':
        return { kind: 'exact', value: toBig(this.name, m.value, w) };
      case 'optional':
        if (f.kind !== 'optional' && f.kind !== 'exact' && f.kind !== 'ternary') bad();
        return { kind: 'exact', value: toBig(this.name, m.value, w) };
      case 'lpm': {
        if (f.kind !== 'lpm' && f.kind !== 'ternary') bad();
        if (!Number.isInteger(m.prefixLength) || m.prefixLength < 0 || m.prefixLength > w) {
          throw new TableError(this.name, `prefix length ${m.prefixLength} out of 0..${w}`);
        }
        const mask = prefixMask(w, m.prefixLength);
        return { kind: 'mask', value: toBig(this.name, m.value, w) & mask, mask, prefix: m.prefixLength };
      }
      case 'ternary': {
        if (f.kind !== 'ternary') bad();
        const mask = toBig(this.name, m.mask, w);
        return { kind: 'mask', value: toBig(this.name, m.value, w) & mask, mask, prefix: 0 };
      }
      case 'range': {
        if (f.kind !== 'range') bad();
        const low = toBig(this.name, m.low, w);
        const high = toBig(this.name, m.high, w);
        if (low > high) throw new TableError(this.name, `empty range ${low}->${high}`);
        return { kind: 'range', low, high };
      }
    }
  }
}

/** Every key field ternary (P4 `ternary`): value/mask entries, highest precedence wins. */
export class TernaryTable extends MultiFieldTable {
  constructor(widths: readonly number[], options: TableOptions = {}) {
    super(
      widths.map((width) => ({ kind: 'ternary' as const, width })),
      options,
    );
  }
}

/** Every key field a range (P4 `range`): low..high inclusive, highest precedence wins. */
export class RangeTable extends MultiFieldTable {
  constructor(widths: readonly number[], options: TableOptions = {}) {
    super(
      widths.map((width) => ({ kind: 'range' as const, width })),
      options,
    );
  }
}
