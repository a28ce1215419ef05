/**
 * `ExactTable`: every key field `exact`. A hash map, with no allocation per lookup:
 *
 * - Key fields are grouped, in order, into levels: consecutive fields whose widths add up to at most
 *   52 bits form one level, keyed by a single number (the fields concatenated: k = k·2^w + v, exact
 *   in a double); a field wider than 52 bits is a level of its own, keyed by its bigint (Map compares
 *   bigints by value).
 * - One level (the common case: total width ≤ 52, or a single field of any width) is one Map.
 *   Several levels are nested Maps, one lookup per level.
 * - One level keyed by a number (total width ≤ 52) is also indexed by a `NumberKeyMap`, which the
 *   lookups use: a `Map` would box every key above 2^30 (a MAC address) on each lookup.
 */
import { NUMBER_KEY_MAX_WIDTH } from '../../contract/table-keys.ts';
import {
  type ActionEntry,
  type EntrySpec,
  type KeyField,
  type KeyValue,
  type MatchActionTable,
  TableBase,
  TableError,
  type TableOptions,
  toBig,
  toNum,
} from './entry.ts';
import { NumberKeyMap } from './number-map.ts';

interface Level {
  /** Indices of the key fields in this level. */
  readonly fields: readonly number[];
  /** Width of each of those fields. */
  readonly widths: readonly number[];
  /** True for a single field wider than 52 bits (bigint key). */
  readonly big: boolean;
}

type Node = Map<KeyValue, Node | ActionEntry>;

export class ExactTable extends TableBase implements MatchActionTable {
  private readonly levels: readonly Level[];
  private root: Node = new Map();
  private readonly byHandle = new Map<number, { entry: ActionEntry; path: KeyValue[] }>();
  /** Single numeric level: key → index in `slots` (null otherwise). */
  private readonly fast: NumberKeyMap | null;
  private readonly slots: (ActionEntry | null)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly slotOfHandle = new Map<number, number>();

  constructor(keys: readonly KeyField[] | readonly number[], options: TableOptions = {}) {
    const fields: KeyField[] = keys.map((k) => (typeof k === 'number' ? { kind: 'exact', width: k } : k));
    super(fields, options);
    for (const f of fields) if (f.kind !== 'exact') throw new TableError(this.name, `ExactTable key field of kind ${f.kind}`);
    const levels: Level[] = [];
    let cur: { fields: number[]; widths: number[]; total: number } | undefined;
    fields.forEach((f, i) => {
      if (f.width > NUMBER_KEY_MAX_WIDTH) {
        if (cur) levels.push({ fields: cur.fields, widths: cur.widths, big: false });
        cur = undefined;
        levels.push({ fields: [i], widths: [f.width], big: true });
      } else if (cur && cur.total + f.width <= NUMBER_KEY_MAX_WIDTH) {
        cur.fields.push(i);
        cur.widths.push(f.width);
        cur.total += f.width;
      } else {
        if (cur) levels.push({ fields: cur.fields, widths: cur.widths, big: false });
        cur = { fields: [i], widths: [f.width], total: f.width };
      }
    });
    if (cur) levels.push({ fields: cur.fields, widths: cur.widths, big: false });
    if (levels.length === 0) levels.push({ fields: [], widths: [], big: false }); // keyless table
    this.levels = levels;
    this.fast = levels.length === 1 && !levels[0]!.big ? new NumberKeyMap() : null;
  }

  get size(): number {
    return this.byHandle.size;
  }

  /** The level's map key from a lookup key (no allocation). */
  private levelKey(level: Level, key: ArrayLike<KeyValue>): KeyValue {
    if (level.big) {
      const v = key[level.fields[0]!]!;
      return typeof v === 'bigint' ? v : BigInt(v);
    }
    const fs = level.fields;
    if (fs.length === 1) return toNum(key[fs[0]!]!);
    let k = 0;
    for (let i = 0; i < fs.length; i++) k = k * 2 ** level.widths[i]! + toNum(key[fs[i]!]!);
    return k;
  }

  lookup(key: ArrayLike<KeyValue>): ActionEntry | undefined {
    const levels = this.levels;
    if (this.fast !== null) {
      const i = this.fast.get(this.levelKey(levels[0]!, key) as number);
      return i < 0 ? undefined : this.slots[i]!;
    }
    let node: Node | ActionEntry | undefined = this.root.get(this.levelKey(levels[0]!, key));
    for (let i = 1; i < levels.length && node !== undefined; i++) {
      node = (node as Node).get(this.levelKey(levels[i]!, key));
    }
    return node as ActionEntry | undefined;
  }

  /** Single-field convenience: `lookupValue(v)` = `lookup([v])` without the array. */
  lookupValue(v: KeyValue): ActionEntry | undefined {
    if (this.fast !== null) {
      const i = this.fast.get(typeof v === 'number' ? v : Number(v));
      return i < 0 ? undefined : this.slots[i]!;
    }
    const level = this.levels[0]!;
    return this.root.get(level.big ? (typeof v === 'bigint' ? v : BigInt(v)) : toNum(v)) as ActionEntry | undefined;
  }

  /** True when `lookupSplit` is available: one level keyed by a number (total key width ≤ 52). */
  get splitKeys(): boolean {
    return this.fast !== null;
  }

  /**
   * Lookup of a single-level numeric key `k` given as `hi = (k - (k >>> 0)) / 2^32`, `lo = k | 0`
   * (32-bit integers: never boxed across a call). Only when `splitKeys`.
   */
  lookupSplit(hi: number, lo: number): ActionEntry | undefined {
    const i = this.fast!.getSplit(hi, lo);
    return i < 0 ? undefined : this.slots[i]!;
  }

  insert(spec: EntrySpec): ActionEntry {
    this.checkInsert(spec);
    const values: KeyValue[] = spec.match.map((m, i) => {
      if (m.kind !== 'exact') throw new TableError(this.name, `key field ${i}: expected an exact match, got ${m.kind}`);
      const b = toBig(this.name, m.value, this.keys[i]!.width);
      return this.keys[i]!.width > NUMBER_KEY_MAX_WIDTH ? b : Number(b);
    });
    const path = this.levels.map((l) => this.levelKey(l, values));
    let node = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      let next = node.get(path[i]!) as Node | undefined;
      if (!next) {
        next = new Map();
        node.set(path[i]!, next);
      }
      node = next;
    }
    const last = path[path.length - 1]!;
    if (node.has(last)) throw new TableError(this.name, 'duplicate entry for this key');
    const entry = this.makeEntry(spec);
    node.set(last, entry);
    this.byHandle.set(entry.handle, { entry, path });
    if (this.fast !== null) {
      const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
      this.slots[slot] = entry;
      this.slotOfHandle.set(entry.handle, slot);
      this.fast.set(last as number, slot);
    }
    return entry;
  }

  remove(handle: number): boolean {
    this.checkMutable();
    const rec = this.byHandle.get(handle);
    if (!rec) return false;
    this.byHandle.delete(handle);
    if (this.fast !== null) {
      const slot = this.slotOfHandle.get(handle)!;
      this.slotOfHandle.delete(handle);
      this.fast.delete(rec.path[0] as number);
      this.slots[slot] = null;
      this.freeSlots.push(slot);
    }
    const nodes: Node[] = [this.root];
    for (let i = 0; i < rec.path.length - 1; i++) nodes.push(nodes[i]!.get(rec.path[i]!) as Node);
    for (let i = rec.path.length - 1; i >= 0; i--) {
      nodes[i]!.delete(rec.path[i]!);
      if (nodes[i]!.size > 0) break;
    }
    return true;
  }

  clear(): void {
    this.checkMutable();
    this.root = new Map();
    this.byHandle.clear();
    if (this.fast !== null) {
      this.fast.clear();
      this.slots.length = 0;
      this.freeSlots.length = 0;
      this.slotOfHandle.clear();
    }
  }

  *entries(): IterableIterator<ActionEntry> {
    for (const r of this.byHandle.values()) yield r.entry;
  }
}
