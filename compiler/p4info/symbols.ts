/**
 * P4Runtime ids and aliases, assigned the way the reference compiler (p4c) assigns them, so that
 * a P4Info p4c wrote for a program names the same objects with the same ids as ours:
 *
 * - an id is `prefix << 24 | low`, the prefix the object kind's (`P4Ids.Prefix`);
 * - `@id(N)` is taken as given; without a prefix in its top 8 bits the kind's prefix is added;
 *   one with another kind's prefix, or an id given twice, is an error;
 * - every other object gets the low 24 bits of the Jenkins one-at-a-time hash of its
 *   control-plane name; names are hashed in byte order of the names (per kind), and a taken id is
 *   resolved by linear probing: the hash value + 1, + 2, ... until a free id comes out;
 * - the alias of a name is its shortest dotted suffix no other symbol (of any kind) shares.
 */
import { P4IdPrefix, type P4IdPrefixName } from '../../runtime/p4runtime/p4info.ts';

/** Jenkins' one-at-a-time hash of the UTF-8 bytes of `text` (32-bit unsigned). */
export function jenkinsOneAtATime(text: string): number {
  let hash = 0;
  for (const byte of new TextEncoder().encode(text)) {
    hash = (hash + byte) >>> 0;
    hash = (hash + (hash << 10)) >>> 0;
    hash = (hash ^ (hash >>> 6)) >>> 0;
  }
  hash = (hash + (hash << 3)) >>> 0;
  hash = (hash ^ (hash >>> 11)) >>> 0;
  hash = (hash + (hash << 15)) >>> 0;
  return hash;
}

/** Byte-wise comparison of the UTF-8 forms (C's `strcmp`, which orders p4c's names). */
function compareBytes(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export interface SymbolProblem {
  readonly message: string;
}

export class P4RuntimeSymbols {
  private readonly byKind = new Map<P4IdPrefixName, Map<string, number | undefined>>();
  private readonly assigned = new Set<number>();
  private readonly suffixCounts = new Map<string, number>();
  private readonly allNames = new Set<string>();
  readonly problems: SymbolProblem[] = [];
  private computed = false;

  /** Adds a symbol (a second add of the same name and kind is ignored, as p4c does). */
  add(kind: P4IdPrefixName, name: string, explicitId?: bigint | number): void {
    if (this.computed) throw new Error('P4RuntimeSymbols: add after ids were computed');
    let table = this.byKind.get(kind);
    if (table === undefined) {
      table = new Map();
      this.byKind.set(kind, table);
    }
    if (table.has(name)) return;
    table.set(name, this.explicit(kind, name, explicitId));
    this.addSuffixes(name);
  }

  /** The id of a symbol; computes every id on first use. */
  id(kind: P4IdPrefixName, name: string): number {
    if (!this.computed) this.computeIds();
    const id = this.byKind.get(kind)?.get(name);
    if (id === undefined) throw new Error(`P4RuntimeSymbols: no ${kind} named ${name}`);
    return id;
  }

  has(kind: P4IdPrefixName, name: string): boolean {
    return this.byKind.get(kind)?.has(name) ?? false;
  }

  /** The shortest dotted suffix of `name` that no other symbol ends with. */
  alias(name: string): string {
    const parts = name.split('.');
    for (let n = 1; n <= parts.length; n++) {
      const suffix = parts.slice(parts.length - n).join('.');
      if ((this.suffixCounts.get(suffix) ?? 0) < 2) return suffix;
    }
    return name;
  }

  private explicit(kind: P4IdPrefixName, name: string, explicitId: bigint | number | undefined): number | undefined {
    if (explicitId === undefined) return undefined;
    const value = BigInt(explicitId);
    if (value < 0n || value > 0xffffffffn) {
      this.problems.push({ message: `${name}: @id should be an unsigned 32-bit integer` });
      return undefined;
    }
    const prefix = P4IdPrefix[kind] * 2 ** 24;
    let id = Number(value);
    const given = Math.floor(id / 2 ** 24);
    if (given !== 0 && given * 2 ** 24 !== prefix) {
      this.problems.push({ message: `${name}: @id has the wrong 8-bit prefix` });
      return undefined;
    }
    id = prefix + (id % 2 ** 24);
    if (this.assigned.has(id)) {
      this.problems.push({ message: `@id ${id} is assigned to multiple declarations` });
      return undefined;
    }
    this.assigned.add(id);
    return id;
  }

  private computeIds(): void {
    this.computed = true;
    for (const [kind, table] of this.byKind) {
      const prefix = P4IdPrefix[kind] * 2 ** 24;
      const names = [...table.keys()].filter((n) => table.get(n) === undefined).sort(compareBytes);
      for (const name of names) {
        const start = jenkinsOneAtATime(name);
        let value = start;
        let id = prefix + (value & 0xffffff);
        while (this.assigned.has(id)) {
          value = (value + 1) >>> 0;
          if (value === start) throw new Error(`no P4Runtime id left for ${name}`);
          id = prefix + (value & 0xffffff);
        }
        this.assigned.add(id);
        table.set(name, id);
      }
    }
  }

  private addSuffixes(name: string): void {
    if (this.allNames.has(name)) return;
    this.allNames.add(name);
    const parts = name.split('.');
    for (let n = 1; n <= parts.length; n++) {
      const suffix = parts.slice(parts.length - n).join('.');
      this.suffixCounts.set(suffix, (this.suffixCounts.get(suffix) ?? 0) + 1);
    }
  }
}

/**
 * Ids of the fields of one object (match fields, action parameters, packet metadata): `@id` as
 * given, the others 1, 2, ... by position, skipping ids an `@id` took (p4c's field ids).
 */
export function fieldIds(explicit: readonly (bigint | number | undefined)[], problems: SymbolProblem[], what: string): number[] {
  const taken = new Set<number>();
  const ids: (number | undefined)[] = explicit.map((e) => {
    if (e === undefined) return undefined;
    const id = Number(e);
    if (id === 0) problems.push({ message: `${what}: 0 is not a valid @id value` });
    else if (taken.has(id)) problems.push({ message: `${what}: @id ${id} is used multiple times` });
    taken.add(id);
    return id;
  });
  let next = 1;
  return ids.map((id) => {
    if (id !== undefined) {
      next++;
      return id;
    }
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  });
}
