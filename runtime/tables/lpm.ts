/**
 * `LpmTable`: one `lpm` key field; the longest matching prefix wins.
 *
 * - Width ≤ 52 (IPv4, anything that fits a double): one hash map per prefix length, keyed by the
 *   prefix bits (k / 2^(W-L), exact); a lookup probes the lengths present, longest first, and stops at
 *   the first hit. No allocation.
 * - Width > 52 (IPv6): a binary trie over the key bits in typed arrays; a lookup walks at most W
 *   nodes remembering the last entry seen. `lookupWords(words)` takes the key as 32-bit words
 *   (most significant first, the value right-aligned in 32·n bits) and allocates nothing; `lookup`
 *   with a bigint key converts it to words first (bigint temporaries).
 *
 * Neither scans the entries.
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
  prefixMask,
  toBig,
  toNum,
} from './entry.ts';

export class LpmTable extends TableBase implements MatchActionTable {
  readonly width: number;
  private readonly wide: boolean;
  private readonly byHandle = new Map<number, { entry: ActionEntry; prefix: bigint; length: number }>();

  // width ≤ 52: per-length maps
  private readonly maps: Map<number, ActionEntry>[] = [];
  /** Prefix lengths with at least one entry, longest first. */
  private lengths: number[] = [];
  private readonly divisors: Float64Array;

  // width > 52: trie
  private child0 = new Int32Array(64);
  private child1 = new Int32Array(64);
  private value: (ActionEntry | undefined)[] = [undefined];
  private nodes = 1;
  private readonly nWords: number;
  private readonly words: Uint32Array;

  constructor(width: number | KeyField, options: TableOptions = {}) {
    const field: KeyField = typeof width === 'number' ? { kind: 'lpm', width } : width;
    super([field], options);
    if (field.kind !== 'lpm') throw new TableError(this.name, `LpmTable key field of kind ${field.kind}`);
    this.width = field.width;
    this.wide = field.width > NUMBER_KEY_MAX_WIDTH;
    this.divisors = new Float64Array(field.width + 1);
    for (let l = 0; l <= field.width; l++) {
      this.divisors[l] = 2 ** (field.width - l);
      this.maps.push(new Map());
    }
    this.nWords = (field.width + 31) >>> 5;
    this.words = new Uint32Array(this.nWords);
  }

  get size(): number {
    return this.byHandle.size;
  }

  insert(spec: EntrySpec): ActionEntry {
    this.checkInsert(spec);
    const m = spec.match[0]!;
    let prefix: bigint;
    let length: number;
    if (m.kind === 'lpm') {
      length = m.prefixLength;
      if (!Number.isInteger(length) || length < 0 || length > this.width) throw new TableError(this.name, `prefix length ${length} out of 0..${this.width}`);
      prefix = toBig(this.name, m.value, this.width) & prefixMask(this.width, length);
    } else if (m.kind === 'exact') {
      length = this.width;
      prefix = toBig(this.name, m.value, this.width);
    } else if (m.kind === 'any') {
      length = 0;
      prefix = 0n;
    } else {
      throw new TableError(this.name, `expected an lpm match, got ${m.kind}`);
    }
    const exists = this.wide ? this.trieGet(prefix, length) !== undefined : this.maps[length]!.has(Number(prefix >> BigInt(this.width - length)));
    if (exists) throw new TableError(this.name, `duplicate entry for prefix /${length}`);
    const entry = this.makeEntry({ ...spec, priority: spec.priority ?? length });
    if (this.wide) this.trieSet(prefix, length, entry);
    else this.mapSet(prefix, length, entry);
    this.byHandle.set(entry.handle, { entry, prefix, length });
    return entry;
  }

  remove(handle: number): boolean {
    this.checkMutable();
    const r = this.byHandle.get(handle);
    if (!r) return false;
    this.byHandle.delete(handle);
    if (this.wide) this.trieSet(r.prefix, r.length, undefined);
    else {
      const map = this.maps[r.length]!;
      map.delete(Number(r.prefix >> BigInt(this.width - r.length)));
      if (map.size === 0) this.lengths = this.lengths.filter((l) => l !== r.length);
    }
    return true;
  }

  clear(): void {
    this.checkMutable();
    this.byHandle.clear();
    for (const m of this.maps) m.clear();
    this.lengths = [];
    this.child0.fill(0);
    this.child1.fill(0);
    this.value = [undefined];
    this.nodes = 1;
  }

  lookup(key: ArrayLike<KeyValue>): ActionEntry | undefined {
    return this.lookupValue(key[0]!);
  }

  lookupValue(v: KeyValue): ActionEntry | undefined {
    if (!this.wide) {
      const k = toNum(v);
      const lengths = this.lengths;
      for (let i = 0; i < lengths.length; i++) {
        const l = lengths[i]!;
        const e = this.maps[l]!.get(Math.floor(k / this.divisors[l]!));
        if (e !== undefined) return e;
      }
      return undefined;
    }
    let b = typeof v === 'bigint' ? v : BigInt(v);
    const w = this.words;
    for (let j = this.nWords - 1; j >= 0; j--) {
      w[j] = Number(BigInt.asUintN(32, b));
      b >>= 32n;
    }
    return this.lookupWords(w);
  }

  /** Trie lookup with the key as 32-bit words, most significant first (width > 52 tables). */
  lookupWords(words: ArrayLike<number>): ActionEntry | undefined {
    if (!this.wide) throw new TableError(this.name, 'lookupWords is for tables wider than 52 bits');
    const offset = this.nWords * 32 - this.width;
    let node = 0;
    let best = this.value[0];
    for (let i = 0; i < this.width; i++) {
      const g = offset + i;
      const bit = (words[g >>> 5]! >>> (31 - (g & 31))) & 1;
      node = bit === 0 ? this.child0[node]! : this.child1[node]!;
      if (node === 0) break;
      const e = this.value[node];
      if (e !== undefined) best = e;
    }
    return best;
  }

  *entries(): IterableIterator<ActionEntry> {
    for (const r of this.byHandle.values()) yield r.entry;
  }

  private mapSet(prefix: bigint, length: number, entry: ActionEntry): void {
    const map = this.maps[length]!;
    if (map.size === 0) this.lengths = [...this.lengths, length].sort((a, b) => b - a);
    map.set(Number(prefix >> BigInt(this.width - length)), entry);
  }

  private trieSet(prefix: bigint, length: number, entry: ActionEntry | undefined): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const bit = Number((prefix >> BigInt(this.width - 1 - i)) & 1n);
      const children = bit === 0 ? this.child0 : this.child1;
      let next = children[node]!;
      if (next === 0) {
        if (entry === undefined) return; // removing a path that does not exist
        next = this.newNode();
        (bit === 0 ? this.child0 : this.child1)[node] = next;
      }
      node = next;
    }
    this.value[node] = entry;
  }

  private trieGet(prefix: bigint, length: number): ActionEntry | undefined {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const bit = Number((prefix >> BigInt(this.width - 1 - i)) & 1n);
      node = bit === 0 ? this.child0[node]! : this.child1[node]!;
      if (node === 0) return undefined;
    }
    return this.value[node];
  }

  private newNode(): number {
    if (this.nodes === this.child0.length) {
      const c0 = new Int32Array(this.nodes * 2);
      const c1 = new Int32Array(this.nodes * 2);
      c0.set(this.child0);
      c1.set(this.child1);
      this.child0 = c0;
      this.child1 = c1;
    }
    this.value.push(undefined);
    return this.nodes++;
  }
}
