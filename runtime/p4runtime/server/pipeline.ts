/**
 * One forwarding pipeline as the server sees it: the P4Info, the running program's objects, and
 * the indexes from P4Info ids to both (tables with their match fields and actions, action
 * profiles, counters, meters, registers, value sets, digests, packet I/O headers). Built once per
 * SetForwardingPipelineConfig; a P4Info object the program does not have, or a table whose idle
 * timeout behaviour differs from the program's, is an error then.
 */
import type { ActionProfile } from '../../control/action-profile.ts';
import { isInt32, p4runtimePriority } from '../../control/priorities.ts';
import { matchKindNeedsPriority } from '../../../contract/table-keys.ts';
import type { RuntimeTable } from '../../control/runtime-table.ts';
import type { ValueSet } from '../../support/value-set.ts';
import type { Counter, DirectCounter } from '../../v1model/externs/counter.ts';
import type { DirectMeter, Meter } from '../../v1model/externs/meter.ts';
import type { BigRegister, Register } from '../../v1model/externs/register.ts';
import type { ControlPlaneKind, ControlPlaneRegistry } from '../../v1model/registry.ts';
import type * as P from '../p4info.ts';
import { Code, fail } from './status.ts';

export interface FieldInfo {
  readonly id: number;
  readonly name: string;
  readonly width: number;
  readonly matchType: P.MatchType;
  /** Position among the runtime table's keys. */
  readonly index: number;
}

export interface ActionInfo {
  readonly info: P.Action;
  readonly params: ReadonlyMap<number, { readonly name: string; readonly width: number; readonly index: number }>;
}

export interface TableInfo {
  readonly info: P.Table;
  readonly runtime: RuntimeTable;
  readonly fields: ReadonlyMap<number, FieldInfo>;
  readonly fieldList: readonly FieldInfo[];
  /** Action id → scope, for the actions the table may use. */
  readonly actions: ReadonlyMap<number, P.ActionScope>;
  readonly needsPriority: boolean;
  readonly directCounter: { readonly id: number; readonly object: DirectCounter } | undefined;
  readonly directMeter: { readonly id: number; readonly object: DirectMeter } | undefined;
  readonly profileId: number | undefined;
  /**
   * The entries age (P4Runtime idle timeouts): the program's table has `support_timeout`, so its
   * generated code sets the hit flags, and the P4Info says `NOTIFY_CONTROL` (checked to agree).
   */
  readonly ages: boolean;
}

export interface ProfileInfo {
  readonly info: P.ActionProfile;
  readonly runtime: ActionProfile;
  /** The tables using it; the first checks member actions. */
  readonly tables: readonly TableInfo[];
}

export interface PacketMetadataInfo {
  readonly id: number;
  readonly name: string;
  readonly width: number;
}

export class Pipeline {
  readonly tables = new Map<number, TableInfo>();
  readonly tablesByRuntime = new Map<RuntimeTable, TableInfo>();
  readonly actions = new Map<number, ActionInfo>();
  readonly actionsByName = new Map<string, number>();
  readonly profiles = new Map<number, ProfileInfo>();
  readonly counters = new Map<number, { readonly info: P.Counter; readonly object: Counter }>();
  readonly directCounters = new Map<number, TableInfo>();
  readonly meters = new Map<number, { readonly info: P.Meter; readonly object: Meter }>();
  readonly directMeters = new Map<number, TableInfo>();
  /** `signed`: an int<W> register (its cells are two's complement byte strings). */
  readonly registers = new Map<number, { readonly info: P.Register; readonly object: Register | BigRegister; readonly width: number; readonly signed: boolean }>();
  readonly valueSets = new Map<number, { readonly info: P.ValueSet; readonly object: ValueSet }>();
  readonly digests = new Map<number, P.Digest>();
  readonly digestsByName = new Map<string, P.Digest>();
  readonly packetIn: readonly PacketMetadataInfo[];
  readonly packetOut: readonly PacketMetadataInfo[];

  constructor(
    readonly p4info: P.P4Info,
    readonly objects: ControlPlaneRegistry,
  ) {
    const object = <T>(name: string, kinds: readonly ControlPlaneKind[], what: string): T => {
      const e = objects.lookup(name);
      if (e === undefined || e.name !== name || !kinds.includes(e.kind)) fail(Code.INVALID_ARGUMENT, `the P4Info's ${what} ${name} is not in the program`);
      return e.object as T;
    };
    for (const a of p4info.actions ?? []) {
      const params = new Map<number, { name: string; width: number; index: number }>();
      (a.params ?? []).forEach((p, index) => params.set(p.id, { name: p.name, width: p.bitwidth ?? 0, index }));
      this.actions.set(a.preamble.id, { info: a, params });
      this.actionsByName.set(a.preamble.name, a.preamble.id);
    }
    for (const t of p4info.tables ?? []) {
      const runtime = object<RuntimeTable>(t.preamble.name, ['table'], 'table');
      const fieldList: FieldInfo[] = (t.match_fields ?? []).map((f) => {
        const index = runtime.keys.findIndex((k) => k.name === f.name);
        if (index < 0) fail(Code.INVALID_ARGUMENT, `the P4Info's match field ${f.name} is not a key of table ${t.preamble.name}`);
        return { id: f.id, name: f.name, width: f.bitwidth ?? 0, matchType: f.match_type ?? 'UNSPECIFIED', index };
      });
      // Which tables age comes from the program (only its code sets hit flags); a P4Info that says
      // otherwise is refused like any other P4Info the program does not match.
      const ages = runtime.description.supportTimeout === true;
      if ((t.idle_timeout_behavior === 'NOTIFY_CONTROL') !== ages)
        fail(Code.INVALID_ARGUMENT, `the P4Info's table ${t.preamble.name} says idle_timeout_behavior ${t.idle_timeout_behavior ?? 'NO_TIMEOUT'}, but the program's table ${ages ? 'has' : 'has no'} support_timeout (NOTIFY_CONTROL)`);
      const directs = t.direct_resource_ids ?? [];
      const dc = (p4info.direct_counters ?? []).find((c) => directs.includes(c.preamble.id));
      const dm = (p4info.direct_meters ?? []).find((m) => directs.includes(m.preamble.id));
      const info: TableInfo = {
        info: t,
        runtime,
        fields: new Map(fieldList.map((f) => [f.id, f])),
        fieldList,
        actions: new Map((t.action_refs ?? []).map((r) => [r.id, r.scope ?? 'TABLE_AND_DEFAULT'])),
        needsPriority: fieldList.some((f) => matchKindNeedsPriority(f.matchType)),
        directCounter: dc ? { id: dc.preamble.id, object: object<DirectCounter>(dc.preamble.name, ['direct_counter'], 'direct counter') } : undefined,
        directMeter: dm ? { id: dm.preamble.id, object: object<DirectMeter>(dm.preamble.name, ['direct_meter'], 'direct meter') } : undefined,
        profileId: t.implementation_id || undefined,
        ages,
      };
      if (info.needsPriority) checkProgramPriorities(runtime);
      this.tables.set(t.preamble.id, info);
      this.tablesByRuntime.set(runtime, info);
      if (info.directCounter) this.directCounters.set(info.directCounter.id, info);
      if (info.directMeter) this.directMeters.set(info.directMeter.id, info);
    }
    for (const ap of p4info.action_profiles ?? []) {
      const runtime = object<ActionProfile>(ap.preamble.name, ['action_profile', 'action_selector'], 'action profile');
      const tables = (ap.table_ids ?? []).map((id) => this.tables.get(id)).filter((t): t is TableInfo => t !== undefined);
      this.profiles.set(ap.preamble.id, { info: ap, runtime, tables });
    }
    for (const c of p4info.counters ?? []) this.counters.set(c.preamble.id, { info: c, object: object<Counter>(c.preamble.name, ['counter'], 'counter') });
    for (const m of p4info.meters ?? []) this.meters.set(m.preamble.id, { info: m, object: object<Meter>(m.preamble.name, ['meter'], 'meter') });
    for (const r of p4info.registers ?? []) {
      const width = r.type_spec?.bitstring?.bit?.bitwidth ?? r.type_spec?.bitstring?.int?.bitwidth ?? 0;
      const signed = r.type_spec?.bitstring?.bit === undefined && r.type_spec?.bitstring?.int !== undefined;
      this.registers.set(r.preamble.id, { info: r, object: object<Register | BigRegister>(r.preamble.name, ['register'], 'register'), width, signed });
    }
    for (const v of p4info.value_sets ?? []) this.valueSets.set(v.preamble.id, { info: v, object: object<ValueSet>(v.preamble.name, ['value_set'], 'value set') });
    for (const d of p4info.digests ?? []) {
      this.digests.set(d.preamble.id, d);
      this.digestsByName.set(d.preamble.name, d);
    }
    const header = (name: string): PacketMetadataInfo[] =>
      ((p4info.controller_packet_metadata ?? []).find((h) => h.preamble.name === name)?.metadata ?? []).map((m) => ({ id: m.id, name: m.name, width: m.bitwidth ?? 0 }));
    this.packetIn = header('packet_in');
    this.packetOut = header('packet_out');
  }

  table(id: number): TableInfo {
    const t = this.tables.get(id);
    if (t === undefined) fail(Code.NOT_FOUND, `no table with id ${id}`);
    return t;
  }

  action(id: number): ActionInfo {
    const a = this.actions.get(id);
    if (a === undefined) fail(Code.NOT_FOUND, `no action with id ${id}`);
    return a;
  }

  profile(id: number): ProfileInfo {
    const p = this.profiles.get(id);
    if (p === undefined) fail(Code.NOT_FOUND, `no action profile with id ${id}`);
    return p;
  }
}

/**
 * Every entry of the program (`entries`, `const entries`) in a table with priorities must read
 * with a priority P4Runtime can carry (an int32) rather than one the wire would wrap: a priority
 * above 2^31 - 1, or, where the smallest wins, priorities more than 2^31 - 2 apart.
 */
function checkProgramPriorities(runtime: RuntimeTable): void {
  const d = runtime.description;
  for (const [list, entries] of [['entries', d.initialEntries], ['const entries', d.constEntries]] as const) {
    (entries ?? []).forEach((e, i) => {
      const q = p4runtimePriority(runtime, e.priority ?? 0);
      if (!isInt32(q))
        fail(Code.INVALID_ARGUMENT, `table ${runtime.name}: entry ${i + 1} of its ${list} has priority ${e.priority ?? 0}, which would read as P4Runtime priority ${q}, outside the int32 range P4Runtime priorities have: the program's table cannot be served over P4Runtime`);
    });
  }
}
