/**
 * Named control-plane objects of a program (tables, counters, meters, registers, ...), for the
 * CLI and the STF runner (`add`, `check_counter`, `register_read`, ...). The generated program
 * owns the objects and registers them under their P4 names (fully qualified, e.g.
 * `MyIngress.ipv4_lpm`); lookups also accept a unique suffix (`ipv4_lpm`).
 */
export type ControlPlaneKind =
  | 'table'
  | 'counter'
  | 'direct_counter'
  | 'meter'
  | 'direct_meter'
  | 'register'
  | 'action_profile'
  | 'action_selector'
  | 'value_set'
  /** A PSA `Digest` instance (runtime/psa `Digest`). */
  | 'digest'
  /** The SAs and keys of the p4ts externs (runtime/p4ts `SecurityStore`). */
  | 'p4ts_security';

export interface ControlPlaneEntry {
  readonly name: string;
  readonly kind: ControlPlaneKind;
  readonly object: object;
}

export interface ControlPlaneRegistry {
  /** Adds an object; throws if the name is taken. Returns the object for chaining in generated code. */
  add<T extends object>(name: string, kind: ControlPlaneKind, object: T): T;
  /** Exact name, else the only entry whose name ends with `.${name}`; undefined if none or ambiguous. */
  lookup(name: string): ControlPlaneEntry | undefined;
  /** Like `lookup` but also checks the kind; throws a descriptive Error if absent, ambiguous or of another kind. */
  get(name: string, kind: ControlPlaneKind): object;
  entries(): Iterable<ControlPlaneEntry>;
}

export class NamedObjectRegistry implements ControlPlaneRegistry {
  private readonly byName = new Map<string, ControlPlaneEntry>();

  add<T extends object>(name: string, kind: ControlPlaneKind, object: T): T {
    if (this.byName.has(name)) throw new Error(`control-plane object '${name}' is already registered`);
    this.byName.set(name, { name, kind, object });
    return object;
  }

  lookup(name: string): ControlPlaneEntry | undefined {
    const exact = this.byName.get(name);
    if (exact) return exact;
    let found: ControlPlaneEntry | undefined;
    const suffix = `.${name}`;
    for (const e of this.byName.values()) {
      if (e.name.endsWith(suffix)) {
        if (found) return undefined;
        found = e;
      }
    }
    return found;
  }

  get(name: string, kind: ControlPlaneKind): object {
    const e = this.lookup(name);
    if (!e) {
      const candidates = [...this.byName.keys()].filter((n) => n === name || n.endsWith(`.${name}`));
      throw new Error(
        candidates.length > 1
          ? `control-plane name '${name}' is ambiguous: ${candidates.join(', ')}`
          : `no control-plane object named '${name}'`,
      );
    }
    if (e.kind !== kind) throw new Error(`'${e.name}' is a ${e.kind}, not a ${kind}`);
    return e.object;
  }

  entries(): Iterable<ControlPlaneEntry> {
    return this.byName.values();
  }
}
