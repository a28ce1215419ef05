/**
 * `RuntimeTable`: one P4 table at run time, built from its `TableDescription`.
 *
 * Data plane (generated code): `match0()` … `match3(a, b, c)`, `matchN(keys)`, `match1Split(hi,
 * lo)` for a single key of 33 to 52 bits, and for IPv6-like lpm keys wider than 52 bits
 * `matchWords(words)`. Keys are numbers up to 52 bits, bigints beyond. A match returns a *result
 * index*: 0 for a miss (the default action), the entry's own index (≥ 1) on a hit. What to run is
 * then read from typed arrays by that index — `actionOf[i]` (the action id) and `arg0Of[i]` …
 * `arg3Of[i]` (the first four arguments as numbers; `resultAt[i].args` for the rest and for
 * bigints) — a few kilobytes that stay in cache, instead of one record object per entry. Nothing
 * is allocated per lookup (except a bigint key passed to `match1` of a wide lpm table, which the
 * engine splits into words: use `matchWords` there).
 *
 * `lookup0()` … `lookupWords()` return the `TableResult` record instead (the entry's own record on
 * a hit, the default record on a miss): the same lookups for tools and tests.
 *
 * Direct counters: each record has `packets` and `bytes`; `countHit(r, len)` bumps them.
 *
 * Idle timeouts: generated code sets the hit flag `hitFlags[i]` to 1 when entry `i` of a table
 * with `support_timeout` (`description.supportTimeout`) matches (one byte store, only in such
 * tables); the P4Runtime server's ager reads and clears the flags on the switch's clock.
 *
 * Control plane: `insert`, `setDefault`, `remove`, `clear`, `entries`, each validating against
 * the description and throwing `ControlError` with a readable message.
 */
import { NUMBER_KEY_MAX_WIDTH } from '../../contract/table-keys.ts';
import { ExactTable, MultiFieldTable, createTable } from '../tables/index.ts';
import { NumberKeyMap } from '../tables/number-map.ts';
import { type ActionEntry, type FieldMatch, type KeyField, type KeyValue, type MatchActionTable, type PriorityOrder, TableError } from '../tables/entry.ts';
import type { EntryDescription, KeyDescription, MatchDescription, TableActionDescription, TableDescription } from './description.ts';
import type { ActionGroup, ActionProfile } from './action-profile.ts';
import { ControlError } from './errors.ts';
import { resolveName } from './names.ts';
import { fitsWidth, toBigValue, valueForWidth } from './values.ts';

/** An action argument at run time: a number up to 53 bits, a bigint beyond. */
export type ArgValue = number | bigint;

/** What a lookup returns: an entry's record or the table's default record. Read-only for callers, except the counters. */
export class TableResult {
  hit: boolean;
  args: ArgValue[];
  /** Entry handle (for `remove`); 0 for the default record. */
  readonly handle: number;
  readonly priority: number;
  readonly match: readonly FieldMatch[];
  readonly id: string | number | undefined;
  /** Direct counter of this entry. */
  packets = 0;
  bytes = 0;
  /**
   * Tables with an action profile: the member this entry points at (whose record holds the
   * action), or the group whose `pick` chooses one; `refId` is the member's or group's id.
   */
  member: TableResult | null = null;
  group: ActionGroup | null = null;
  refId = 0;

  /**
   * `args[0..3]` again as plain number fields (0 when absent, `Number(x)` for a bigint):
   * generated code reads a numeric parameter here, one load less than through `args`.
   */
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  /** Index of this record in its table's result arrays (0: the default record). */
  index = 0;
  private action: number;
  /** The table whose result arrays mirror this record, once it is installed. */
  private owner: RuntimeTable | null = null;

  constructor(hit: boolean, actionId: number, args: ArgValue[], handle: number, priority: number, match: readonly FieldMatch[], id: string | number | undefined) {
    this.hit = hit;
    this.action = actionId;
    this.args = args;
    this.setArgs(args);
    this.handle = handle;
    this.priority = priority;
    this.match = match;
    this.id = id;
  }

  get actionId(): number {
    return this.action;
  }

  /** Changes the action (the table's result arrays follow). */
  set actionId(id: number) {
    this.action = id;
    this.owner?.mirror(this);
  }

  /** Replaces the action data (`args` and its number copies; the table's result arrays follow). */
  setArgs(args: ArgValue[]): void {
    this.args = args;
    this.a0 = numberOf(args[0]);
    this.a1 = numberOf(args[1]);
    this.a2 = numberOf(args[2]);
    this.a3 = numberOf(args[3]);
    this.owner?.mirror(this);
  }

  /** @internal Installs the record at `index` of `table`'s result arrays. */
  attach(table: RuntimeTable, index: number): void {
    this.owner = table;
    this.index = index;
    table.mirror(this);
  }
}

function numberOf(v: ArgValue | undefined): number {
  return v === undefined ? 0 : typeof v === 'number' ? v : Number(v);
}

/** Action arguments: in parameter order, or by parameter name. */
export type ActionArgs = readonly (KeyValue | boolean)[] | Readonly<Record<string, KeyValue | boolean>>;

export interface RuntimeTableOptions {
  /** Default `higher-wins` (P4Runtime, STF); bmv2's CLI uses `lower-wins`. */
  readonly priorityOrder?: PriorityOrder;
  /** The table's `implementation`: its entries point at this profile's members or groups. */
  readonly profile?: ActionProfile;
}

/** What an entry of a table with an action profile points at. */
export type IndirectAction = { readonly member: number } | { readonly group: number };

/** Which entry match kinds a key of each kind accepts. */
const ACCEPTS: Readonly<Record<string, readonly FieldMatch['kind'][]>> = {
  exact: ['exact'],
  lpm: ['lpm', 'exact', 'any'],
  ternary: ['ternary', 'exact', 'lpm', 'any'],
  range: ['range', 'exact', 'any'],
  optional: ['optional', 'exact', 'any'],
};

const NO_KEYS: readonly KeyValue[] = [];

interface SingleLookup {
  lookupValue(v: KeyValue): ActionEntry | undefined;
}
interface WordsLookup {
  lookupWords(words: ArrayLike<number>): ActionEntry | undefined;
}

export class RuntimeTable {
  readonly description: TableDescription;
  readonly name: string;
  readonly keys: readonly KeyDescription[];
  /** The default record: `hit` false; `setDefault` updates it in place. */
  readonly defaultResult: TableResult;
  private readonly engine: MatchActionTable;
  private readonly single: SingleLookup | null;
  /**
   * Single exact key of at most 52 bits (the engine keys it by a number): each installed key's
   * result index, probed by `match1Split` directly — one hash probe gives the index, without
   * going through the engine's entry and a second table from entry to index.
   */
  private readonly indexOfKey: NumberKeyMap | null;
  /**
   * Up to 3 key fields of any kinds, each 32 bits or narrower (a multi-field engine): `match1` …
   * `match3` with number keys scan the engine's flat rows directly (`MultiFieldTable.lookup3`),
   * whose rows end in the entry's result index (`tagOf`).
   */
  private readonly narrow: MultiFieldTable | null;
  private readonly words: WordsLookup | null;
  /** The result index of each engine entry handle. */
  private indexOfHandle = new Int32Array(16);
  private records: (TableResult | undefined)[] = [];

  /** By result index: the action id (index 0: the default action). */
  actionOf = new Int32Array(16);
  /** By result index: the first four action arguments as numbers (0 when absent; `Number(x)` of a bigint). */
  arg0Of = new Float64Array(16);
  arg1Of = new Float64Array(16);
  arg2Of = new Float64Array(16);
  arg3Of = new Float64Array(16);
  /**
   * By result index: the hit flag, 1 when the entry matched a packet since the ager last looked
   * and cleared (`takeHit`, or the ager's scan). Set by generated code only for tables with
   * `support_timeout`.
   */
  hitFlags = new Uint8Array(16);
  /** By result index: the record (index 0: `defaultResult`). */
  readonly resultAt: (TableResult | undefined)[] = [];
  private readonly freeIndices: number[] = [];
  private readonly scratch: KeyValue[];
  private readonly isConst: boolean;
  /** The entries marked `const` in a non-const `entries` list (they stay; the others may change). */
  private readonly constRecords = new Set<TableResult>();
  private readonly actionsById = new Map<number, TableActionDescription>();
  /** The action profile or selector of the table (`implementation`), if any. */
  readonly profile: ActionProfile | undefined;
  /** Which priority number wins among entries that match (`lower-wins`: `largest_priority_wins = false`). */
  readonly priorityOrder: PriorityOrder;

  constructor(description: TableDescription, options: RuntimeTableOptions = {}) {
    this.description = description;
    this.profile = options.profile;
    this.priorityOrder = options.priorityOrder ?? 'higher-wins';
    this.name = description.name;
    this.keys = description.keys;
    for (const a of description.actions) this.actionsById.set(a.id, a);
    const fields: KeyField[] = description.keys.map((k) => ({ kind: k.matchKind, width: k.width, name: k.name }));
    const tableOptions = {
      name: description.name,
      priorityOrder: this.priorityOrder,
      ...(description.size !== undefined && description.size > 0 ? { maxSize: description.size } : {}),
    };
    try {
      this.engine = createTable(fields, tableOptions);
    } catch (e) {
      throw new ControlError(`table ${description.name}: ${messageOf(e)}`);
    }
    const eng = this.engine as unknown as Partial<SingleLookup & WordsLookup>;
    this.single = fields.length === 1 && typeof eng.lookupValue === 'function' ? (this.engine as unknown as SingleLookup) : null;
    this.indexOfKey = this.engine instanceof ExactTable && this.engine.splitKeys ? new NumberKeyMap() : null;
    this.narrow = this.engine instanceof MultiFieldTable && this.engine.narrow3 ? this.engine : null;
    // its flat rows end in the entry's result index
    if (this.narrow !== null) this.narrow.tagOf = (handle) => this.indexOfHandle[handle]!;
    this.words = fields.length === 1 && fields[0]!.kind === 'lpm' && fields[0]!.width > NUMBER_KEY_MAX_WIDTH && typeof eng.lookupWords === 'function' ? (this.engine as unknown as WordsLookup) : null;
    this.scratch = new Array<KeyValue>(Math.max(1, fields.length)).fill(0);
    const d = description.defaultAction;
    const defaultAction = this.actionsById.get(d.actionId);
    const defaultArgs = defaultAction ? d.args.map((a, i) => valueForWidth(BigInt(a), defaultAction.params[i]?.width ?? 64)) : [];
    this.defaultResult = new TableResult(false, d.actionId, defaultArgs, 0, 0, [], undefined);
    this.resultAt.push(this.defaultResult);
    this.defaultResult.attach(this, 0);
    this.isConst = false;
    this.profile?.attach(this);
    for (const e of description.initialEntries ?? []) this.insertDescribed(e);
    if (description.constEntries !== undefined) {
      for (const e of description.constEntries) this.insertDescribed(e);
      this.isConst = true;
      this.engine.seal();
    }
  }

  // ---- data plane ----------------------------------------------------------------------------

  /** The result index of an engine entry (undefined: a miss, index 0). */
  private indexOf(e: ActionEntry | undefined): number {
    return e === undefined ? 0 : this.indexOfHandle[e.handle]!;
  }

  match0(): number {
    return this.indexOf(this.engine.lookup(NO_KEYS));
  }

  match1(k: KeyValue): number {
    if (this.narrow !== null && typeof k === 'number') return this.narrow.lookup3(k, 0, 0);
    if (this.single !== null) return this.indexOf(this.single.lookupValue(k));
    this.scratch[0] = k;
    return this.indexOf(this.engine.lookup(this.scratch));
  }

  /**
   * `match1(k)` for a number key `k` of 33 to 52 bits, passed as `hi = (k - (k >>> 0)) / 2^32`
   * and `lo = k | 0`. Both are 32-bit integers, which cross a call without allocation; `k` itself
   * (above 2^31) would be boxed into a new heap number on each call the JIT does not inline.
   * Generated code uses it for such keys.
   */
  match1Split(hi: number, lo: number): number {
    const keys = this.indexOfKey;
    if (keys !== null) {
      const index = keys.getSplit(hi, lo);
      return index < 0 ? 0 : index;
    }
    return this.match1(hi * 4294967296 + (lo >>> 0));
  }

  /**
   * The table's flat rows, for generated code that scans them itself (`scansFlatRows`,
   * contract/table-keys.ts: the layout); rebuilt after a change, so read them at each lookup.
   */
  flatRows(): Int32Array {
    if (this.narrow === null) throw new ControlError(`table ${this.name}: its key has no flat rows`);
    return this.narrow.flatRows();
  }

  match2(k1: KeyValue, k2: KeyValue): number {
    if (this.narrow !== null && typeof k1 === 'number' && typeof k2 === 'number') return this.narrow.lookup3(k1, k2, 0);
    const s = this.scratch;
    s[0] = k1;
    s[1] = k2;
    return this.indexOf(this.engine.lookup(s));
  }

  match3(k1: KeyValue, k2: KeyValue, k3: KeyValue): number {
    if (this.narrow !== null && typeof k1 === 'number' && typeof k2 === 'number' && typeof k3 === 'number') return this.narrow.lookup3(k1, k2, k3);
    const s = this.scratch;
    s[0] = k1;
    s[1] = k2;
    s[2] = k3;
    return this.indexOf(this.engine.lookup(s));
  }

  matchN(keys: ArrayLike<KeyValue>): number {
    return this.indexOf(this.engine.lookup(keys));
  }

  /** Single lpm key wider than 52 bits, as 32-bit words, most significant first (allocation-free). */
  matchWords(words: ArrayLike<number>): number {
    if (this.words === null) throw new ControlError(`table ${this.name}: matchWords needs a single lpm key wider than 52 bits`);
    return this.indexOf(this.words.lookupWords(words));
  }

  lookup0(): TableResult {
    return this.resultAt[this.match0()]!;
  }

  lookup1(k: KeyValue): TableResult {
    return this.resultAt[this.match1(k)]!;
  }

  lookup1Split(hi: number, lo: number): TableResult {
    return this.resultAt[this.match1Split(hi, lo)]!;
  }

  lookup2(k1: KeyValue, k2: KeyValue): TableResult {
    return this.resultAt[this.match2(k1, k2)]!;
  }

  lookup3(k1: KeyValue, k2: KeyValue, k3: KeyValue): TableResult {
    return this.resultAt[this.match3(k1, k2, k3)]!;
  }

  lookupN(keys: ArrayLike<KeyValue>): TableResult {
    return this.resultAt[this.matchN(keys)]!;
  }

  lookupWords(words: ArrayLike<number>): TableResult {
    return this.resultAt[this.matchWords(words)]!;
  }

  /** @internal Copies a record's action and number arguments into the result arrays at its index. */
  mirror(r: TableResult): void {
    const i = r.index;
    if (i >= this.actionOf.length) this.growResults(i + 1);
    this.actionOf[i] = r.actionId;
    this.arg0Of[i] = r.a0;
    this.arg1Of[i] = r.a1;
    this.arg2Of[i] = r.a2;
    this.arg3Of[i] = r.a3;
  }

  private growResults(n: number): void {
    let size = this.actionOf.length;
    while (size < n) size *= 2;
    this.actionOf = grown(this.actionOf, size, Int32Array);
    this.arg0Of = grown(this.arg0Of, size, Float64Array);
    this.arg1Of = grown(this.arg1Of, size, Float64Array);
    this.arg2Of = grown(this.arg2Of, size, Float64Array);
    this.arg3Of = grown(this.arg3Of, size, Float64Array);
    this.hitFlags = grown(this.hitFlags, size, Uint8Array);
  }

  /** Whether the entry `r` matched a packet since the last call for it (clears its flag). */
  takeHit(r: TableResult): boolean {
    const i = r.index;
    if (i >= this.hitFlags.length || this.hitFlags[i] === 0) return false;
    this.hitFlags[i] = 0;
    return true;
  }

  /** Gives `record` a result index and makes the engine entry (and slot) point at it. */
  private install(record: TableResult, handle: number): void {
    const index = this.freeIndices.length > 0 ? this.freeIndices.pop()! : this.resultAt.length;
    this.resultAt[index] = record;
    record.attach(this, index);
    this.hitFlags[index] = 0; // a reused index starts unhit
    if (handle >= this.indexOfHandle.length) this.indexOfHandle = grown(this.indexOfHandle, Math.max(handle + 1, this.indexOfHandle.length * 2), Int32Array);
    this.indexOfHandle[handle] = index;
    this.records[handle] = record;
    if (this.indexOfKey !== null) this.indexOfKey.set(exactKeyOf(record), index);
  }

  /** Frees the result index of a removed record. */
  private uninstall(record: TableResult): void {
    const index = record.index;
    this.resultAt[index] = undefined;
    this.freeIndices.push(index);
    this.records[record.handle] = undefined;
    if (this.indexOfKey !== null) this.indexOfKey.delete(exactKeyOf(record));
  }

  /** Direct counter bump for a hit record. */
  countHit(r: TableResult, bytes: number): void {
    r.packets++;
    r.bytes += bytes;
  }

  // ---- control plane -------------------------------------------------------------------------

  get size(): number {
    return this.engine.size;
  }

  /** True when the table has `const entries` (no insert/remove/clear). */
  get hasConstEntries(): boolean {
    return this.isConst;
  }

  /**
   * Whether `record` is a const entry: of a `const entries` table, or marked `const` in a non-const
   * `entries` list (P4-16 1.2.4). The control plane may not modify or remove it.
   */
  isConstEntry(record: TableResult): boolean {
    return this.isConst || this.constRecords.has(record);
  }

  private checkNotConstEntry(record: TableResult | undefined): void {
    if (record !== undefined && this.constRecords.has(record)) throw new ControlError(`table ${this.name}: the entry is const (marked const in the program's entries): it cannot be changed`);
  }

  /** An action this table may use, by id or by name (exact or unique suffix). */
  action(action: string | number): TableActionDescription {
    if (typeof action === 'number') {
      const a = this.actionsById.get(action);
      if (!a) throw new ControlError(`table ${this.name}: action id ${action} is not an action of this table`);
      return a;
    }
    const r = resolveName(action, this.description.actions, (a) => a.name, 'action');
    if (!r.ok) throw new ControlError(`table ${this.name}: ${r.error}${r.error.startsWith('unknown') ? ` (actions: ${this.description.actions.map((a) => a.name).join(', ')})` : ''}`);
    return r.value;
  }

  insert(matches: readonly FieldMatch[], action: string | number, args: ActionArgs = [], priority?: number, id?: string | number): TableResult {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    if (this.profile !== undefined) throw new ControlError(`table ${this.name} uses action profile ${this.profile.name}: its entries name a member or a group, not an action`);
    const a = this.action(action);
    if (a.defaultOnly) throw new ControlError(`table ${this.name}: action ${a.name} is @defaultonly: it cannot be used in an entry`);
    return this.insertChecked(matches, a, args, priority, id);
  }

  /**
   * The program's default action is not one of the table's actions: `NoAction` of a table
   * declared without `default_action`. It is known by its id only, and has no parameters.
   */
  get defaultIsUnlisted(): boolean {
    return !this.actionsById.has(this.description.defaultAction.actionId);
  }

  setDefault(action: string | number, args: ActionArgs = []): void {
    const d = this.description.defaultAction;
    if (d.isConst) throw new ControlError(`table ${this.name}: the default action is const`);
    let id: number;
    let values: ArgValue[];
    if (action === d.actionId && this.defaultIsUnlisted) {
      // back to the program's default, unlisted: with the arguments the table started with (none)
      id = d.actionId;
      values = [];
    } else {
      const a = this.action(action);
      if (a.tableOnly) throw new ControlError(`table ${this.name}: action ${a.name} is @tableonly: it cannot be the default action`);
      id = a.id;
      values = this.checkArgs(a, args);
    }
    this.engine.setDefault(id, values);
    this.defaultResult.actionId = id;
    this.defaultResult.setArgs(values);
  }

  /** Adds an entry pointing at a member or group of the table's action profile. */
  insertIndirect(matches: readonly FieldMatch[], target: IndirectAction, priority?: number, id?: string | number): TableResult {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    const profile = this.profile;
    if (profile === undefined) throw new ControlError(`table ${this.name} has no action profile: its entries name an action`);
    this.checkIndirect(profile, target);
    const record = this.insertRecord(matches, -1, [], priority, id);
    this.point(record, target, 1);
    return record;
  }

  /** Changes the action of an entry (direct tables). */
  modify(record: TableResult, action: string | number, args: ActionArgs = []): void {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    this.checkNotConstEntry(record);
    if (this.profile !== undefined) throw new ControlError(`table ${this.name} uses action profile ${this.profile.name}: its entries name a member or a group, not an action`);
    const a = this.action(action);
    if (a.defaultOnly) throw new ControlError(`table ${this.name}: action ${a.name} is @defaultonly: it cannot be used in an entry`);
    const values = this.checkArgs(a, args);
    record.actionId = a.id;
    record.setArgs(values);
  }

  /** Points an entry at another member or group (tables with an action profile). */
  modifyIndirect(record: TableResult, target: IndirectAction): void {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    this.checkNotConstEntry(record);
    const profile = this.profile;
    if (profile === undefined) throw new ControlError(`table ${this.name} has no action profile: its entries name an action`);
    this.checkIndirect(profile, target);
    this.unpoint(record);
    this.point(record, target, 1);
  }

  /** What an entry of a table with an action profile points at, if anything. */
  indirectOf(record: TableResult): IndirectAction | undefined {
    if (record.group !== null) return { group: record.group.id };
    if (record.member !== null) return { member: record.refId };
    return undefined;
  }

  remove(handle: number): boolean {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    const record = this.records[handle];
    this.checkNotConstEntry(record);
    const removed = this.engine.remove(handle);
    if (removed && record !== undefined) {
      this.unpoint(record);
      this.uninstall(record);
    }
    return removed;
  }

  /** Removes every entry (but the entries marked `const`, which stay). */
  clear(): void {
    if (this.isConst) throw new ControlError(`table ${this.name} has const entries: it cannot be changed`);
    if (this.constRecords.size > 0) {
      for (const r of this.entries()) if (!this.constRecords.has(r)) this.remove(r.handle);
      return;
    }
    for (const r of this.records) if (r !== undefined) this.unpoint(r);
    this.engine.clear();
    for (const r of this.records) if (r !== undefined) this.uninstall(r);
    this.records = [];
  }

  /** Installed entries (precedence order for multi-field tables). */
  entries(): TableResult[] {
    const out: TableResult[] = [];
    const ordered = (this.engine as unknown as { ordered?: () => readonly ActionEntry[] }).ordered;
    const list = typeof ordered === 'function' ? ordered.call(this.engine) : [...this.engine.entries()];
    for (const e of list) {
      const r = this.records[e.handle];
      if (r) out.push(r);
    }
    return out;
  }

  /** The entry whose match (and priority, when given) equals these, if any. */
  find(matches: readonly FieldMatch[], priority?: number): TableResult | undefined {
    const key = this.matchKey(matches);
    if (key === undefined) return undefined;
    for (const r of this.entries()) {
      if ((priority === undefined || r.priority === priority) && JSON.stringify(r.match, bigintReplacer) === key) return r;
    }
    return undefined;
  }

  /** The entries whose match equals these, of every priority. */
  findAll(matches: readonly FieldMatch[]): TableResult[] {
    const key = this.matchKey(matches);
    return key === undefined ? [] : this.entries().filter((r) => JSON.stringify(r.match, bigintReplacer) === key);
  }

  /** The matches, checked against the keys, as the text `find` compares entries' matches with. */
  private matchKey(matches: readonly FieldMatch[]): string | undefined {
    if (matches.length !== this.keys.length) return undefined;
    return JSON.stringify(matches.map((m, i) => this.checkMatch(this.keys[i]!, m)), bigintReplacer);
  }

  // ---- internals -----------------------------------------------------------------------------

  private insertDescribed(e: EntryDescription): void {
    const a = this.actionsById.get(e.actionId);
    if (!a) throw new ControlError(`table ${this.name}: entry uses action id ${e.actionId}, which is not an action of the table`);
    const record = this.insertChecked(
      e.matches.map((m) => fromDescription(m)),
      a,
      e.args.map((x) => BigInt(x)),
      e.priority,
      undefined,
    );
    if (e.isConst === true) this.constRecords.add(record);
  }

  private insertChecked(matches: readonly FieldMatch[], a: TableActionDescription, args: ActionArgs, priority: number | undefined, id: string | number | undefined): TableResult {
    return this.insertRecord(matches, a.id, this.checkArgs(a, args), priority, id);
  }

  private insertRecord(matches: readonly FieldMatch[], actionId: number, values: ArgValue[], priority: number | undefined, id: string | number | undefined): TableResult {
    const keys = this.keys;
    if (matches.length !== keys.length) throw new ControlError(`table ${this.name}: expected ${keys.length} key field(s), got ${matches.length}`);
    const normalized: FieldMatch[] = [];
    for (let i = 0; i < keys.length; i++) normalized.push(this.checkMatch(keys[i]!, matches[i]!));
    if (priority !== undefined && !Number.isInteger(priority)) throw new ControlError(`table ${this.name}: priority ${priority} is not an integer`);
    let entry: ActionEntry;
    try {
      entry = this.engine.insert({ match: normalized, actionId, args: values, ...(priority !== undefined ? { priority } : {}), ...(id !== undefined ? { id } : {}) });
    } catch (e) {
      throw new ControlError(`table ${this.name}: ${messageOf(e)}`);
    }
    const record = new TableResult(true, actionId, values, entry.handle, entry.priority, normalized, id);
    this.install(record, entry.handle);
    return record;
  }

  private checkIndirect(profile: ActionProfile, target: IndirectAction): void {
    if ('member' in target) {
      if (!profile.hasMember(target.member)) throw new ControlError(`table ${this.name}: action profile ${profile.name} has no member ${target.member}`);
    } else if (!profile.withSelector) throw new ControlError(`table ${this.name}: action profile ${profile.name} has no selector: entries name members, not groups`);
    else if (!profile.hasGroup(target.group)) throw new ControlError(`table ${this.name}: action profile ${profile.name} has no group ${target.group}`);
  }

  private point(record: TableResult, target: IndirectAction, delta: number): void {
    const profile = this.profile!;
    if ('member' in target) {
      record.member = profile.useMember(target.member, delta);
      record.refId = target.member;
    } else {
      record.group = profile.useGroup(target.group, delta);
      record.refId = target.group;
    }
  }

  private unpoint(record: TableResult): void {
    const profile = this.profile;
    if (profile === undefined) return;
    if (record.member !== null) profile.useMember(record.refId, -1);
    if (record.group !== null) profile.useGroup(record.refId, -1);
    record.member = null;
    record.group = null;
  }

  // ---- what an action profile asks of the table using it (ActionChecker) --------------------

  /** @internal */
  checkedArgs(a: TableActionDescription, args: ActionArgs): ArgValue[] {
    if (a.defaultOnly) throw new ControlError(`table ${this.name}: action ${a.name} is @defaultonly: it cannot be an action profile member`);
    return this.checkArgs(a, args);
  }

  /** @internal */
  newRecord(actionId: number, args: ArgValue[]): TableResult {
    return new TableResult(true, actionId, args, 0, 0, [], undefined);
  }

  private checkMatch(k: KeyDescription, m: FieldMatch): FieldMatch {
    const where = `table ${this.name}: key ${k.name} (${k.matchKind} ${k.width})`;
    const fail = (msg: string): never => {
      throw new ControlError(`${where}: ${msg}`, k.name);
    };
    if (!(ACCEPTS[k.matchKind] ?? []).includes(m.kind)) fail(`a ${m.kind} match is not allowed`);
    const big = (v: KeyValue, what: string): bigint => {
      const b = toBigValue(v);
      if (b === undefined || !fitsWidth(b, k.width)) return fail(`${what} ${String(v)} does not fit in ${k.width} bits`);
      return b;
    };
    switch (m.kind) {
      case 'any':
        return m;
      case 'exact':
        return { kind: 'exact', value: big(m.value, 'value') };
      case 'optional':
        return { kind: 'optional', value: big(m.value, 'value') };
      case 'lpm': {
        if (!Number.isInteger(m.prefixLength) || m.prefixLength < 0 || m.prefixLength > k.width) fail(`prefix length ${m.prefixLength} out of 0..${k.width}`);
        const v = big(m.value, 'value');
        const host = BigInt(k.width - m.prefixLength);
        if (k.matchKind === 'lpm' && m.prefixLength < k.width && (v & ((1n << host) - 1n)) !== 0n) {
          // P4Runtime rejects set host bits; we mask them like bmv2's CLI does.
          return { kind: 'lpm', value: (v >> host) << host, prefixLength: m.prefixLength };
        }
        return { kind: 'lpm', value: v, prefixLength: m.prefixLength };
      }
      case 'ternary': {
        const mask = big(m.mask, 'mask');
        return { kind: 'ternary', value: big(m.value, 'value') & mask, mask };
      }
      case 'range': {
        const low = big(m.low, 'low bound');
        const high = big(m.high, 'high bound');
        if (low > high) fail(`empty range ${low}..${high}`);
        return { kind: 'range', low, high };
      }
    }
  }

  private checkArgs(a: TableActionDescription, args: ActionArgs): ArgValue[] {
    const params = a.params;
    const where = `table ${this.name}: action ${a.name}`;
    let list: (KeyValue | boolean)[];
    if (isArgList(args)) {
      if (args.length !== params.length) throw new ControlError(`${where}: expected ${params.length} argument(s), got ${args.length}`);
      list = [...args];
    } else {
      for (const n of Object.keys(args)) {
        if (!params.some((p) => p.name === n)) throw new ControlError(`${where}: unknown parameter "${n}" (parameters: ${params.map((p) => p.name).join(', ') || 'none'})`, n);
      }
      list = params.map((p) => {
        const v = args[p.name];
        if (v === undefined) throw new ControlError(`${where}: missing parameter "${p.name}"`, p.name);
        return v;
      });
    }
    return list.map((v, i) => {
      const p = params[i]!;
      const b = toBigValue(v);
      if (b === undefined || !fitsWidth(b, p.width)) throw new ControlError(`${where}: parameter ${p.name}: value ${String(v)} does not fit in ${p.width} bits`, p.name);
      return valueForWidth(b, p.width);
    });
  }
}

/** The key of an entry of a single-exact-key table, as the number the engine keys it by. */
function exactKeyOf(record: TableResult): number {
  const m = record.match[0]!;
  if (m.kind !== 'exact') throw new ControlError(`expected an exact match, got ${m.kind}`);
  return Number(m.value);
}

function isArgList(args: ActionArgs): args is readonly (KeyValue | boolean)[] {
  return Array.isArray(args);
}

function fromDescription(m: MatchDescription): FieldMatch {
  switch (m.kind) {
    case 'exact':
      return { kind: 'exact', value: BigInt(m.value) };
    case 'optional':
      return { kind: 'optional', value: BigInt(m.value) };
    case 'lpm':
      return { kind: 'lpm', value: BigInt(m.value), prefixLength: m.prefixLength };
    case 'ternary':
      return { kind: 'ternary', value: BigInt(m.value), mask: BigInt(m.mask) };
    case 'range':
      return { kind: 'range', low: BigInt(m.low), high: BigInt(m.high) };
    case 'any':
      return m;
  }
}

/** A copy of `a` with room for `size` elements. */
function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number, make: new (n: number) => T): T {
  const b = new make(size);
  b.set(a);
  return b;
}

function messageOf(e: unknown): string {
  if (e instanceof TableError) return e.message.replace(/^table [^:]*: /, '');
  return e instanceof Error ? e.message : String(e);
}

function bigintReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
