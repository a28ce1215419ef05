/**
 * The control-plane commands of STF files, applied to a program's named objects
 * (`program.objects`) and to the switch's replication engine and mirroring sessions:
 *
 * - `add`, `setdefault`: through `runtime/control`'s STF glue on the program's tables;
 *   `remove_all` empties every table that has no const entries.
 * - `mirroring_add SESSION PORT`, `mirroring_add_mc SESSION GROUP`, `mirroring_delete`,
 *   `mirroring_get` (as simple_switch_CLI).
 * - `mc_mgrp_create GROUP`, `mc_node_create RID PORT…` (returns a node handle: 0, 1, … in creation
 *   order, as bmv2's PRE numbers them), `mc_node_update HANDLE PORT…`, `mc_node_associate GROUP
 *   HANDLE`. A group's members are its nodes in association order, each node's ports ascending.
 * - `counter_read`, `counter_write`, `check_counter` (indexed counters by index, direct counters
 *   by entry handle or by the `= ID` an `add` gave the entry), `register_read`, `register_write`,
 *   `register_reset`, `meter_set_rates`, `meter_array_set_rates`, `meter_get_rates` (indexed meters).
 *
 * Every outcome is a value: a rejected command is a `control` failure, one that cannot be carried
 * out here an `unsupported` failure; nothing throws.
 */
import { keyConfigFromFields, saConfigFromFields, type SecurityStore } from '../p4ts/index.ts';
import type { RuntimeTable } from '../control/runtime-table.ts';
import { applyStfTableCommand, stfMatches, stfTableShape } from '../control/stf.ts';
import type { ActionProfile } from '../control/action-profile.ts';
import { fitsWidth } from '../control/values.ts';
import type { ValueSet } from '../support/value-set.ts';
import { resolveName } from '../control/names.ts';
import type { StfCommand, StfCounterOp, StfKey, StfMeterRate } from '../io/stf.ts';
import type { Counter, DirectCounter } from '../v1model/externs/counter.ts';
import type { Meter } from '../v1model/externs/meter.ts';
import type { BigRegister, Register } from '../v1model/externs/register.ts';
import type { MirroringSessions, MulticastGroups, MulticastMember } from '../v1model/pre.ts';
import type { ControlPlaneEntry, ControlPlaneKind, ControlPlaneRegistry } from '../v1model/registry.ts';
import type { StfFailure } from './stf-failure.ts';

/** The switch parts the control plane configures (`V1Switch.multicast`, `V1Switch.mirroring`). */
export interface StfSwitchTargets {
  readonly multicast: MulticastGroups;
  readonly mirroring: MirroringSessions;
}

export type StfControlCommand = Exclude<StfCommand, { kind: 'packet' } | { kind: 'expect' } | { kind: 'wait' } | { kind: 'no_packet' }>;

export type StfControlOutcome = { readonly ok: true; readonly output?: string } | { readonly ok: false; readonly failure: StfFailure };

interface MulticastNode {
  readonly rid: number;
  ports: number[];
}

/**
 * simple_switch_CLI's multicast nodes: `mc_node_create` makes a node (handles 0, 1, … in creation
 * order), `mc_node_associate` adds one to a group. A group's members are its nodes in association
 * order, each node's ports ascending. The caller applies the members of the groups a change
 * touches (to the switch, or over P4Runtime).
 */
export class StfMulticastNodes {
  private readonly nodes: MulticastNode[] = [];
  /** Group → node handles in association order. */
  private readonly groups = new Map<number, number[]>();

  createGroup(group: number): void {
    this.groups.set(group, []);
  }

  /** Returns the line `mc_node_create` prints. */
  createNode(rid: number, ports: readonly number[]): string {
    checkPorts(ports);
    this.nodes.push({ rid, ports: sortedPorts(ports) });
    return `multicast node ${this.nodes.length - 1} created (rid ${rid})`;
  }

  /** Returns the groups the node is in. */
  updateNode(handle: number, ports: readonly number[]): number[] {
    const node = this.node(handle);
    checkPorts(ports);
    node.ports = sortedPorts(ports);
    return [...this.groups].filter(([, handles]) => handles.includes(handle)).map(([group]) => group);
  }

  associate(group: number, handle: number): void {
    this.node(handle);
    const handles = this.groups.get(group);
    if (handles === undefined) throw new CommandProblem('control', `multicast group ${group} was not created (mc_mgrp_create)`);
    if (handles.includes(handle)) throw new CommandProblem('control', `node ${handle} is already associated with group ${group}`);
    handles.push(handle);
  }

  /** The members of a group created by `mc_mgrp_create` (undefined for any other). */
  members(group: number): MulticastMember[] | undefined {
    return this.groups.get(group)?.flatMap((h) => this.nodes[h]!.ports.map((port) => ({ rid: this.nodes[h]!.rid, port })));
  }

  private node(handle: number): MulticastNode {
    const node = this.nodes[handle];
    if (node === undefined) throw new CommandProblem('control', `no multicast node with handle ${handle}`);
    return node;
  }
}

/** A command that cannot be carried out: its failure kind and message. */
export class CommandProblem extends Error {
  constructor(
    readonly kind: 'control' | 'unsupported' | 'check',
    message: string,
  ) {
    super(message);
  }
}

export class StfControlPlane {
  private readonly multicast = new StfMulticastNodes();

  constructor(
    private readonly objects: ControlPlaneRegistry,
    private readonly targets: StfSwitchTargets,
    private readonly file: string,
  ) {}

  apply(cmd: StfControlCommand): StfControlOutcome {
    try {
      const output = this.run(cmd);
      return output === undefined ? { ok: true } : { ok: true, output };
    } catch (e) {
      const kind = e instanceof CommandProblem ? e.kind : 'control';
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, failure: { kind, line: cmd.line, message: `${cmd.kind}: ${message}` } };
    }
  }

  private run(cmd: StfControlCommand): string | undefined {
    switch (cmd.kind) {
      case 'add':
      case 'setdefault': {
        const d = applyStfTableCommand(cmd.kind === 'add' ? withIndexedKeyNames(cmd) : cmd, this.tables(), this.file);
        if (d !== undefined) throw new CommandProblem('control', d.message.replace(/^(add|setdefault) /, ''));
        return undefined;
      }
      case 'remove_all':
        for (const t of this.tables()) if (!t.hasConstEntries) t.clear();
        return undefined;
      case 'p4ts_sa':
      case 'p4ts_key': {
        const entry = this.objects.lookup('p4ts.security');
        if (entry?.kind !== 'p4ts_security') throw new CommandProblem('control', 'the program uses no p4ts extern (no p4ts.security object)');
        const store = entry.object as SecurityStore;
        try {
          if (cmd.kind === 'p4ts_sa') store.setSa(cmd.index, saConfigFromFields(cmd.fields));
          else store.setKey(cmd.index, keyConfigFromFields(cmd.fields));
        } catch (e) {
          throw new CommandProblem('control', e instanceof Error ? e.message : String(e));
        }
        return undefined;
      }
      case 'remove':
        throw new CommandProblem('unsupported', 'removing single entries is not supported by this runner (remove_all is)');
      case 'mirroring_add':
        this.targets.mirroring.add(cmd.session, { egressPort: cmd.port });
        return undefined;
      case 'mirroring_add_mc':
        this.targets.mirroring.add(cmd.session, { mcastGrp: cmd.group });
        return undefined;
      case 'mirroring_delete':
        if (!this.targets.mirroring.delete(cmd.session)) throw new CommandProblem('control', `no mirroring session ${cmd.session}`);
        return undefined;
      case 'mirroring_get': {
        const s = this.targets.mirroring.get(cmd.session);
        if (s === undefined) throw new CommandProblem('control', `no mirroring session ${cmd.session}`);
        const parts = [s.egressPort !== undefined ? `port ${s.egressPort}` : '', s.mcastGrp !== undefined ? `multicast group ${s.mcastGrp}` : ''];
        return `mirroring session ${cmd.session}: ${parts.filter((p) => p !== '').join(', ')}`;
      }
      case 'mc_mgrp_create':
        this.targets.multicast.createGroup(cmd.group);
        this.multicast.createGroup(cmd.group);
        return undefined;
      case 'mc_node_create':
        return this.multicast.createNode(cmd.rid, cmd.ports);
      case 'mc_node_update':
        for (const group of this.multicast.updateNode(cmd.handle, cmd.ports)) this.syncGroup(group);
        return undefined;
      case 'mc_node_associate':
        this.multicast.associate(cmd.group, cmd.handle);
        this.syncGroup(cmd.group);
        return undefined;
      case 'counter_read': {
        const c = this.counter(cmd.counter);
        return `${c.name}[${cmd.index}] = packets ${c.readPackets(cmd.index)}, bytes ${c.readBytes(cmd.index)}`;
      }
      case 'counter_write':
        this.counter(cmd.counter).write(cmd.index, Number(cmd.packets), Number(cmd.bytes));
        return undefined;
      case 'check_counter':
        return this.checkCounter(cmd);
      case 'register_read': {
        const r = this.register(cmd.register);
        return `${r.name}[${cmd.index}] = ${String(r.get(cmd.index))}`;
      }
      case 'register_write': {
        const r = this.register(cmd.register);
        if (isBigRegister(r)) r.set(cmd.index, cmd.value);
        else r.set(cmd.index, Number(cmd.value));
        return undefined;
      }
      case 'register_reset':
        this.register(cmd.register).reset();
        return undefined;
      case 'meter_set_rates': {
        const [committed, peak] = twoRates(cmd.rates);
        this.meter(cmd.meter).setRates(cmd.index, committed, peak);
        return undefined;
      }
      case 'meter_array_set_rates': {
        const [committed, peak] = twoRates(cmd.rates);
        this.meter(cmd.meter).setRates(undefined, committed, peak);
        return undefined;
      }
      case 'act_prof_create_member': {
        const profile = this.profile(cmd.profile);
        const handle = this.nextHandle(profile, 'member');
        const args: Record<string, bigint> = {};
        for (const a of cmd.action.args) args[a.name] = a.value;
        profile.insertMember(handle, this.resolveProfileAction(profile, cmd.action.name), args);
        return `${profile.name}: member ${handle} created`;
      }
      case 'act_prof_create_group': {
        const profile = this.profile(cmd.profile);
        const handle = this.nextHandle(profile, 'group');
        profile.insertGroup(handle);
        return `${profile.name}: group ${handle} created`;
      }
      case 'act_prof_add_member_to_group':
      case 'act_prof_remove_member_from_group': {
        const profile = this.profile(cmd.profile);
        const group = profile.group(cmd.group);
        const members = group.members.filter((m) => m.id !== cmd.member);
        if (cmd.kind === 'act_prof_add_member_to_group') {
          if (members.length !== group.members.length) throw new CommandProblem('control', `member ${cmd.member} is already in group ${cmd.group}`);
          members.push({ id: cmd.member, weight: 1 });
        } else if (members.length === group.members.length) throw new CommandProblem('control', `member ${cmd.member} is not in group ${cmd.group}`);
        profile.modifyGroup(cmd.group, members);
        return undefined;
      }
      case 'table_indirect_add':
      case 'table_indirect_add_with_group': {
        const r = resolveName(cmd.table, this.tables(), (t) => t.name, 'table');
        if (!r.ok) throw new CommandProblem('control', r.error);
        const matches = stfMatches(stfTableShape(r.value), indexedKeyNames(cmd.keys));
        r.value.insertIndirect(matches, cmd.kind === 'table_indirect_add' ? { member: cmd.handle } : { group: cmd.handle }, cmd.priority, cmd.id);
        return undefined;
      }
      case 'pvs_add':
      case 'pvs_clear': {
        const set = this.lookup(cmd.valueSet, ['value_set'], 'value set').object as ValueSet;
        if (cmd.kind === 'pvs_clear') set.clear();
        else if (!fitsWidth(cmd.value, set.width)) throw new CommandProblem('control', `${set.name}: value ${cmd.value} does not fit in ${set.width} bits`);
        else if (!set.add(set.width > 53 ? cmd.value : Number(cmd.value))) throw new CommandProblem('control', `${set.name} is full (size ${set.size})`);
        return undefined;
      }
      case 'meter_get_rates': {
        const m = this.meter(cmd.meter);
        const rates = m.getRates(cmd.index);
        if (rates === undefined) return `${m.name}[${cmd.index}]: rates not set`;
        return `${m.name}[${cmd.index}]: ${rates.map((r) => `${r.rate}:${r.burst}`).join(' ')}`;
      }
    }
  }

  // ---- action profiles -----------------------------------------------------------------------

  private readonly handles = new Map<string, number>();

  private profile(name: string): ActionProfile {
    return this.lookup(name, ['action_profile', 'action_selector'], 'action profile').object as ActionProfile;
  }

  /** Member and group handles: 0, 1, ... per profile, as bmv2 numbers them. */
  private nextHandle(profile: ActionProfile, what: 'member' | 'group'): number {
    const key = `${profile.name} ${what}`;
    const n = this.handles.get(key) ?? 0;
    this.handles.set(key, n + 1);
    return n;
  }

  /** An action of the tables using the profile, by the names STF files write. */
  private resolveProfileAction(profile: ActionProfile, name: string): number {
    const table = this.tables().find((t) => t.profile === profile);
    if (table === undefined) throw new CommandProblem('control', `action profile ${profile.name} is used by no table`);
    return table.action(name).id;
  }

  // ---- tables --------------------------------------------------------------------------------

  private tables(): RuntimeTable[] {
    const out: RuntimeTable[] = [];
    for (const e of this.objects.entries()) if (e.kind === 'table') out.push(e.object as RuntimeTable);
    return out;
  }

  // ---- multicast ----------------------------------------------------------------------------

  private syncGroup(group: number): void {
    this.targets.multicast.setGroup(group, this.multicast.members(group) ?? []);
  }

  // ---- stateful externs ----------------------------------------------------------------------

  private lookup(name: string, kinds: readonly ControlPlaneKind[], what: string): ControlPlaneEntry {
    const candidates = [...this.objects.entries()].filter((e) => kinds.includes(e.kind));
    const r = resolveName(name, candidates, (e) => e.name, what);
    if (r.ok) return r.value;
    const other = this.objects.lookup(name);
    if (other !== undefined) throw new CommandProblem('control', `'${other.name}' is a ${other.kind}, not a ${what}`);
    throw new CommandProblem('control', r.error);
  }

  private counter(name: string): Counter {
    const e = this.lookup(name, ['counter', 'direct_counter'], 'counter');
    if (e.kind === 'direct_counter') throw new CommandProblem('unsupported', `${e.name} is a direct counter: read it with check_counter NAME(ENTRY_ID)`);
    return e.object as Counter;
  }

  private register(name: string): Register | BigRegister {
    return this.lookup(name, ['register'], 'register').object as Register | BigRegister;
  }

  private meter(name: string): Meter {
    const e = this.lookup(name, ['meter', 'direct_meter'], 'meter');
    if (e.kind === 'direct_meter') throw new CommandProblem('unsupported', `${e.name} is a direct meter: setting its rates from STF is not supported`);
    return e.object as Meter;
  }

  private checkCounter(cmd: Extract<StfCommand, { kind: 'check_counter' }>): string {
    const e = this.lookup(cmd.counter, ['counter', 'direct_counter'], 'counter');
    let packets: number;
    let bytes: number;
    if (e.kind === 'counter') {
      if (typeof cmd.index !== 'number') throw new CommandProblem('control', `${e.name} is an indexed counter: give an index, not the entry id '${cmd.index}'`);
      const c = e.object as Counter;
      packets = c.readPackets(cmd.index);
      bytes = c.readBytes(cmd.index);
    } else {
      const handle = typeof cmd.index === 'number' ? cmd.index : this.entryHandle(cmd.index);
      const c = e.object as DirectCounter;
      packets = c.readPackets(handle);
      bytes = c.readBytes(handle);
    }
    const report = `${e.name}(${cmd.index}) = packets ${packets}, bytes ${bytes}`;
    const check = cmd.check;
    if (check === undefined) return report;
    const actual = BigInt(Math.round(check.type === 'packets' ? packets : bytes));
    if (!compare(actual, check.op, check.value)) {
      throw new CommandProblem('check', `${e.name}(${cmd.index}) ${check.type} is ${actual}, expected ${check.op} ${check.value}`);
    }
    return report;
  }

  /** The handle of the table entry an `add … = ID` named. */
  private entryHandle(id: string): number {
    for (const t of this.tables()) {
      for (const r of t.entries()) if (r.id !== undefined && String(r.id) === id) return r.handle;
    }
    throw new CommandProblem('control', `no table entry with id '${id}'`);
  }
}

/**
 * Key fields of header-stack elements as the reference runner writes them: `extra$0.h` is
 * `extra[0].h` (bmv2stf.py rewrites `NAME$N` to `NAME[N]` before looking the key up).
 */
function withIndexedKeyNames(cmd: Extract<StfCommand, { kind: 'add' }>): Extract<StfCommand, { kind: 'add' }> {
  if (!cmd.keys.some((k) => k.field.includes('$'))) return cmd;
  return { ...cmd, keys: indexedKeyNames(cmd.keys) };
}

export function indexedKeyNames(keys: readonly StfKey[]): StfKey[] {
  return keys.map((k) => ({ ...k, field: k.field.replace(/\$([0-9]+)/g, '[$1]') }));
}

export function compare(a: bigint, op: StfCounterOp, b: bigint): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function twoRates(rates: readonly StfMeterRate[]): [StfMeterRate, StfMeterRate] {
  if (rates.length !== 2) throw new CommandProblem('control', `a two-rate meter takes 2 RATE:BURST pairs (committed, peak), got ${rates.length}`);
  return [rates[0]!, rates[1]!];
}

function checkPorts(ports: readonly number[]): void {
  for (const p of ports) if (!(p >= 0 && p < 512)) throw new CommandProblem('control', `port ${p} out of range [0, 511]`);
}

function sortedPorts(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

function isBigRegister(r: Register | BigRegister): r is BigRegister {
  return Array.isArray(r.values);
}
