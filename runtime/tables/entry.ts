/**
 * What every match-action table engine shares: entry and match types, the default-action slot,
 * entry handles, sealing for `const entries`, and the priority conventions.
 *
 * Key values follow `runtime/bits`: fields ≤ 32 bits are numbers, wider ones bigint; engines also
 * accept numbers for fields up to 52 bits (exact in a double), which is how generated code should
 * pass keys such as MAC addresses (see `packet/fields.ts` `readBits53`).
 *
 * Priorities: by default a larger priority number wins (P4Runtime, and the STF files of the
 * reference compiler: `add t 110 …` beats `add t 100 …`). bmv2's own CLI (`table_add … PRIO`) uses
 * the opposite, smaller wins; choose it with `priorityOrder: 'lower-wins'`. Among equal priorities
 * the entry inserted first wins, so `const entries` inserted in program order without priorities
 * give "the earlier entry wins" as the P4 specification requires.
 *
 * Hit/miss reporting is the caller's: `lookup` returns the matching entry or `undefined` (miss),
 * and the caller then uses `defaultEntry`.
 */

/** A key field value or an action argument: number (≤ 52 bits) or bigint. */
export type KeyValue = number | bigint;

/** An installed entry (or the default action). Treat as read-only. */
export interface ActionEntry {
  readonly actionId: number;
  readonly args: readonly KeyValue[];
  /** Assigned by the table on insert; 0 for the default entry. */
  readonly handle: number;
  /** Effective priority (0 when none was given). */
  readonly priority: number;
  /** The caller's name for the entry (STF `= ID`, a P4Runtime id ...), if any. */
  readonly id?: string | number;
}

/** How one key field of an entry matches. `any` is a wildcard (ternary, lpm /0, range, optional). */
export type FieldMatch =
  | { readonly kind: 'exact'; readonly value: KeyValue }
  | { readonly kind: 'lpm'; readonly value: KeyValue; readonly prefixLength: number }
  | { readonly kind: 'ternary'; readonly value: KeyValue; readonly mask: KeyValue }
  | { readonly kind: 'range'; readonly low: KeyValue; readonly high: KeyValue }
  | { readonly kind: 'optional'; readonly value: KeyValue }
  | { readonly kind: 'any' };

/** P4 match kinds a key field can be declared with. */
export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';

export interface KeyField {
  readonly kind: MatchKind;
  readonly width: number;
  readonly name?: string;
}

export type PriorityOrder = 'higher-wins' | 'lower-wins';

/** What the control plane (or the generated const-entries code) passes to `insert`. */
export interface EntrySpec {
  readonly match: readonly FieldMatch[];
  readonly actionId: number;
  readonly args?: readonly KeyValue[];
  readonly priority?: number;
  readonly id?: string | number;
}

export interface TableOptions {
  readonly name?: string;
  /** The default action (P4 `default_action`); `actionId: -1` when unset. */
  readonly defaultAction?: { readonly actionId: number; readonly args?: readonly KeyValue[] };
  /** `const default_action`: `setDefault` then throws. */
  readonly constDefault?: boolean;
  readonly priorityOrder?: PriorityOrder;
  /** P4 `size`: inserts beyond it throw (undefined: unlimited). */
  readonly maxSize?: number;
}

/** A control-plane mistake (duplicate entry, bad match, const table...). Never thrown by `lookup`. */
export class TableError extends Error {
  constructor(
    readonly table: string,
    message: string,
  ) {
    super(`table ${table}: ${message}`);
    this.name = 'TableError';
  }
}

/** The interface every engine implements. */
export interface MatchActionTable {
  readonly name: string;
  readonly keys: readonly KeyField[];
  readonly size: number;
  readonly defaultEntry: ActionEntry;
  insert(spec: EntrySpec): ActionEntry;
  remove(handle: number): boolean;
  /** Removes every entry (the default action stays). */
  clear(): void;
  /** The matching entry, or undefined on a miss. `key[i]` is the value of key field i. */
  lookup(key: ArrayLike<KeyValue>): ActionEntry | undefined;
  setDefault(actionId: number, args?: readonly KeyValue[]): void;
  /** After `seal()` (const entries), insert/remove/clear throw. */
  seal(): void;
  entries(): IterableIterator<ActionEntry>;
}

const NO_ARGS: readonly KeyValue[] = Object.freeze([]);

/** Shared bookkeeping; engines extend it. */
export abstract class TableBase {
  readonly name: string;
  readonly keys: readonly KeyField[];
  defaultEntry: ActionEntry;
  protected readonly higherWins: boolean;
  protected readonly constDefault: boolean;
  protected readonly maxSize: number;
  protected sealed = false;
  protected nextHandle = 1;
  /** Insertion sequence numbers, for the "first inserted wins" tie-break. */
  protected nextSeq = 0;

  constructor(keys: readonly KeyField[], options: TableOptions = {}) {
    this.name = options.name ?? 'table';
    this.keys = keys;
    const d = options.defaultAction;
    this.defaultEntry = { actionId: d?.actionId ?? -1, args: d?.args ?? NO_ARGS, handle: 0, priority: 0 };
    this.constDefault = options.constDefault ?? false;
    this.higherWins = (options.priorityOrder ?? 'higher-wins') === 'higher-wins';
    this.maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
    for (const k of keys) {
      if (!(k.width >= 1) || !Number.isInteger(k.width)) throw new TableError(this.name, `bad key width ${k.width}`);
    }
  }

  abstract readonly size: number;

  setDefault(actionId: number, args: readonly KeyValue[] = NO_ARGS): void {
    if (this.constDefault) throw new TableError(this.name, 'the default action is const');
    this.defaultEntry = { actionId, args, handle: 0, priority: 0 };
  }

  seal(): void {
    this.sealed = true;
  }

  protected checkMutable(): void {
    if (this.sealed) throw new TableError(this.name, 'entries are const');
  }

  protected checkInsert(spec: EntrySpec): void {
    this.checkMutable();
    if (spec.match.length !== this.keys.length) {
      throw new TableError(this.name, `expected ${this.keys.length} key fields, got ${spec.match.length}`);
    }
    if (this.size >= this.maxSize) throw new TableError(this.name, `table full (size ${this.maxSize})`);
  }

  protected makeEntry(spec: EntrySpec): ActionEntry {
    const e: { actionId: number; args: readonly KeyValue[]; handle: number; priority: number; id?: string | number } = {
      actionId: spec.actionId,
      args: spec.args ?? NO_ARGS,
      handle: this.nextHandle++,
      priority: spec.priority ?? 0,
    };
    if (spec.id !== undefined) e.id = spec.id;
    return e;
  }
}

// ---- value helpers shared by the engines ---------------------------------------------------

/** Checks that `v` fits `width` bits unsigned; returns it as bigint. */
export function toBig(table: string, v: KeyValue, width: number): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  if (b < 0n || b >> BigInt(width) !== 0n) throw new TableError(table, `value ${b} does not fit in ${width} bits`);
  return b;
}

/** A ≤ 52-bit value as a number (no allocation for bigint inputs). */
export function toNum(v: KeyValue): number {
  return typeof v === 'number' ? v : Number(v);
}

/** Mask of the top `prefixLength` bits of a `width`-bit field. */
export function prefixMask(width: number, prefixLength: number): bigint {
  if (prefixLength < 0 || prefixLength > width) throw new RangeError(`prefix length ${prefixLength} out of 0..${width}`);
  return ((1n << BigInt(prefixLength)) - 1n) << BigInt(width - prefixLength);
}
