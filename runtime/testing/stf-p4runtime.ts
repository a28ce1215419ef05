/**
 * Runs an STF test through P4Runtime (`p4ts test --via-p4runtime`): the program is installed on a
 * P4Runtime device served over gRPC on 127.0.0.1 (a free port), a client becomes its primary, and
 * every control-plane command of the STF file becomes a P4Runtime Write (or, for the commands
 * that print, a Read) that the client sends — so the control-plane path of the server is tried
 * on every STF file the direct runner takes. The packets go into the same switch as in the
 * direct run, and the run's semantics (order, running to idle, `no_packet`, expectations) are
 * the interpreter's, shared with the direct runner.
 *
 * What the client knows of the program is its P4Info only: STF names are resolved against the
 * P4Info's tables, match fields, actions and parameters, as the direct runner resolves them
 * against the program's objects (`control/stf.ts`). The translation:
 *
 * - `add` → INSERT TableEntry (in a table that needs priorities, the P4Runtime priority that ranks
 *   the entry exactly as the direct run does: `stf-priority.ts`); `setdefault` → MODIFY of the default entry; `remove` → DELETE;
 *   `remove_all` → a Read of every entry, then a DELETE of each entry of a non-const table.
 * - `act_prof_create_member`/`_group` → INSERT ActionProfileMember/Group (STF handle h is P4Runtime
 *   id h + 1: a zero id is the Read wildcard); `act_prof_add_member_to_group`/`remove_…` →
 *   MODIFY of the group; `table_indirect_add[_with_group]` → INSERT TableEntry naming the member
 *   or group.
 * - `mc_mgrp_create` → INSERT MulticastGroupEntry; the nodes of `mc_node_create`/`update` are the
 *   client's, and each `mc_node_associate`/`update` MODIFYs the groups they are in.
 * - `mirroring_add` → INSERT (or MODIFY) CloneSessionEntry with one replica; `mirroring_add_mc
 *   S G` → a clone session whose replicas are group G's members at that moment; `mirroring_delete`
 *   → DELETE; `mirroring_get` → Read.
 * - `counter_write`, `register_write`, `register_reset`, `meter_set_rates`,
 *   `meter_array_set_rates`, `pvs_add`, `pvs_clear` → MODIFY of the counter, register, meter or
 *   value set entries (meter rates: STF's units per microsecond → P4Runtime's per second);
 *   `counter_read`, `check_counter`, `register_read`, `meter_get_rates` → Read.
 * - `p4ts_sa`, `p4ts_key` (p4ts's own externs, which P4Runtime does not know) are applied to the
 *   program's objects directly, as in the direct run.
 */
import { parseStf, type StfCommand, type StfKey } from '../io/stf.ts';
import type { KeyDescription } from '../control/description.ts';
import { resolveName } from '../control/names.ts';
import { stfActionCall, stfMatches, type StfActionShape, type StfTableShape } from '../control/stf.ts';
import type { FieldMatch } from '../tables/entry.ts';
import { P4RuntimeCallError, P4RuntimeClient, type P4RuntimeStream } from '../p4runtime/client.ts';
import type * as P from '../p4runtime/p4info.ts';
import { P4RuntimeDevice } from '../p4runtime/server/device.ts';
import type * as M from '../p4runtime/server/messages.ts';
import { startP4RuntimeServer, type P4RuntimeServer } from '../p4runtime/server/service.ts';
import { createSwitch, type AnyProgram, type AnySwitch } from '../switch/index.ts';
import { CommandProblem, compare, indexedKeyNames, StfControlPlane, StfMulticastNodes, type StfControlCommand, type StfControlOutcome } from './stf-control.ts';
import { bigToBytes as bytesOf } from '../p4runtime/server/bytes.ts';
import type { StfFailure } from './stf-failure.ts';
import { driveStfAsync, errorText, interpretStf, StfCapture, stfTracer, type StfResult } from './stf-interpreter.ts';
import type { StfRunOptions } from './stf-runner.ts';
import type { RuntimeTable } from '../control/runtime-table.ts';
import { stfP4RuntimePriority } from './stf-priority.ts';
import { matchKindNeedsPriority } from '../../contract/table-keys.ts';

const DEFAULT_TIME_LIMIT_MS = 10_000;
const DEVICE_ID = 1n;
const ELECTION_ID = { high: '0', low: '1' };
/** P4Runtime's name of each gRPC status code, for failure messages. */
const CODE_NAMES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE'];

export interface StfP4RuntimeOptions<S> extends StfRunOptions<S> {
  /** The program's P4Info: all the client knows of the program. */
  readonly p4info: P.P4Info;
}

/** Parses `text` and runs it through P4Runtime; a syntax error fails the test before any packet is sent. */
export async function runStfTextViaP4Runtime<S>(createProgram: () => AnyProgram<S>, text: string, options: StfP4RuntimeOptions<S>): Promise<StfResult> {
  const parsed = parseStf(text, options.file ?? 'test.stf');
  if (parsed.diagnostics.length > 0) {
    const failures: StfFailure[] = parsed.diagnostics.map((d) => ({ kind: 'syntax', line: d.line, message: `error: ${d.message}` }));
    return { passed: false, failures, outputs: new Map(), log: [], packetsIn: 0, stats: undefined };
  }
  return runStfViaP4Runtime(createProgram, parsed.commands, options);
}

export async function runStfViaP4Runtime<S>(createProgram: () => AnyProgram<S>, commands: readonly StfCommand[], options: StfP4RuntimeOptions<S>): Promise<StfResult> {
  const timeLimit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const file = options.file ?? 'test.stf';
  const capture = new StfCapture();
  const tracing = options.trace === true ? stfTracer(capture) : undefined;
  const fail = (message: string): StfResult => ({ passed: false, failures: [{ kind: 'error', line: undefined, message }], outputs: capture.outputs, log: [], packetsIn: 0, stats: undefined });
  let sw: AnySwitch<S> | undefined;
  const device = new P4RuntimeDevice(
    {
      load: () => Promise.reject(new Error('this device runs one program')),
      newSwitch: (program) => {
        tracing?.tracer.useSites(program.traceSites);
        sw = createSwitch(program as AnyProgram<S>, {
          stallTimeoutMs: Math.min(timeLimit, DEFAULT_TIME_LIMIT_MS),
          ...options.switchOptions,
          ...(tracing !== undefined ? { tracer: tracing.tracer } : {}),
          onOutput: capture.record,
        });
        return sw as unknown as AnySwitch<unknown>;
      },
      // one program, one switch: the one created at start
      activate: () => {},
    },
    // The CPU port is not used: every packet the program sends is captured as an output.
    { deviceId: DEVICE_ID, cpuPort: 511 },
  );
  try {
    device.start({ p4info: options.p4info, createProgram: createProgram as () => AnyProgram<unknown>, deviceConfig: new Uint8Array() });
  } catch (e) {
    return fail(`cannot create the program: ${errorText(e)}`);
  }
  const running = sw!;
  let server: P4RuntimeServer | undefined;
  let client: P4RuntimeClient | undefined;
  let stream: P4RuntimeStream | undefined;
  try {
    try {
      server = await startP4RuntimeServer(device, '127.0.0.1:0');
      client = new P4RuntimeClient(`127.0.0.1:${server.port}`);
      stream = client.stream();
      stream.send({ arbitration: { device_id: DEVICE_ID.toString(), election_id: ELECTION_ID } });
      const answer = await stream.next(timeLimit);
      if (answer.arbitration?.status?.code !== 0) throw new Error(`the client did not become primary: ${answer.arbitration?.status?.message ?? JSON.stringify(answer)}`);
    } catch (e) {
      return fail(`cannot start the P4Runtime server and client: ${errorText(e)}`);
    }
    const direct = new StfControlPlane(running.program.objects, running, file);
    const runtimeTable = (name: string): RuntimeTable | undefined => {
      const e = running.program.objects.lookup(name);
      return e?.kind === 'table' ? (e.object as RuntimeTable) : undefined;
    };
    const control = new StfP4RuntimeControl(client, options.p4info, direct, runtimeTable, timeLimit);
    const run = interpretStf(commands, capture, { file, timeLimitMs: timeLimit, pipelinePackets: options.pipelinePackets ?? false });
    const result = await driveStfAsync(run, capture, {
      inject: (port, data) => void running.inject(port, data),
      drain: () => running.runUntilIdle(),
      apply: (command) => control.apply(command),
      stats: () => running.stats,
    });
    return tracing !== undefined ? { ...result, traces: tracing.traces } : result;
  } finally {
    stream?.end();
    client?.close();
    await server?.close();
  }
}

// ---- the P4Info as STF names see it ----------------------------------------------------------

const MATCH_KINDS: Readonly<Record<string, KeyDescription['matchKind']>> = { EXACT: 'exact', LPM: 'lpm', TERNARY: 'ternary', RANGE: 'range', OPTIONAL: 'optional' };

interface ActionShape extends StfActionShape {
  readonly info: P.Action;
  readonly params: readonly { readonly name: string; readonly id: number; readonly width: number }[];
}

interface TableShape extends StfTableShape<ActionShape> {
  readonly info: P.Table;
  readonly fields: readonly P.MatchField[];
  readonly needsPriority: boolean;
}

function actionShape(a: P.Action): ActionShape {
  return { name: a.preamble.name, info: a, params: (a.params ?? []).map((p) => ({ name: p.name, id: p.id, width: p.bitwidth ?? 0 })) };
}

function tableShape(t: P.Table, actions: ReadonlyMap<number, P.Action>): TableShape {
  const fields = t.match_fields ?? [];
  return {
    name: t.preamble.name,
    info: t,
    fields,
    keys: fields.map((f) => ({ name: f.name, matchKind: MATCH_KINDS[f.match_type ?? 'EXACT'] ?? 'exact', width: f.bitwidth ?? 0 })),
    actions: (t.action_refs ?? []).flatMap((r) => {
      const a = actions.get(r.id);
      return a === undefined ? [] : [actionShape(a)];
    }),
    needsPriority: fields.some((f) => matchKindNeedsPriority(f.match_type ?? '')),
  };
}

function bigOf(bytes: Uint8Array | undefined): bigint {
  let v = 0n;
  for (const b of bytes ?? []) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * A runtime match as P4Runtime writes it for a field of the P4Info: "don't care" matches (an
 * `any`, a prefix of 0, a mask of 0, the full range) are left out, as the specification asks.
 */
function fieldMatchMessage(f: P.MatchField, m: FieldMatch): M.FieldMatch | undefined {
  const width = f.bitwidth ?? 0;
  const all = (1n << BigInt(width)) - 1n;
  const big = (v: number | bigint) => BigInt(v);
  const id = f.id;
  switch (f.match_type ?? 'EXACT') {
    case 'EXACT':
      return m.kind === 'exact' ? { field_id: id, exact: { value: bytesOf(big(m.value)) } } : undefined;
    case 'LPM':
      if (m.kind === 'exact') return { field_id: id, lpm: { value: bytesOf(big(m.value)), prefix_len: width } };
      if (m.kind === 'lpm' && m.prefixLength > 0) {
        const host = BigInt(width - m.prefixLength);
        return { field_id: id, lpm: { value: bytesOf((big(m.value) >> host) << host), prefix_len: m.prefixLength } };
      }
      return undefined;
    case 'TERNARY': {
      let value: bigint;
      let mask: bigint;
      if (m.kind === 'exact') [value, mask] = [big(m.value), all];
      else if (m.kind === 'ternary') [value, mask] = [big(m.value), big(m.mask)];
      else if (m.kind === 'lpm') [value, mask] = [big(m.value), all ^ ((1n << BigInt(width - m.prefixLength)) - 1n)];
      else return undefined;
      if (mask === 0n) return undefined;
      return { field_id: id, ternary: { value: bytesOf(value & mask), mask: bytesOf(mask) } };
    }
    case 'RANGE':
      if (m.kind === 'exact') return { field_id: id, range: { low: bytesOf(big(m.value)), high: bytesOf(big(m.value)) } };
      if (m.kind === 'range' && !(big(m.low) === 0n && big(m.high) === all)) return { field_id: id, range: { low: bytesOf(big(m.low)), high: bytesOf(big(m.high)) } };
      return undefined;
    case 'OPTIONAL':
      return m.kind === 'exact' || m.kind === 'optional' ? { field_id: id, optional: { value: bytesOf(big(m.value)) } } : undefined;
    default:
      return undefined;
  }
}

/** The STF control-plane commands as P4Runtime requests. */
class StfP4RuntimeControl {
  private readonly tables: TableShape[];
  private readonly actions = new Map<number, P.Action>();
  /** STF entry ids (`add … = ID`) → the entry's table and match. */
  private readonly entryIds = new Map<string, M.TableEntry>();
  private readonly multicast = new StfMulticastNodes();
  /** Per action profile: STF member and group handles handed out, and each group's members. */
  private readonly handles = new Map<string, number>();
  private readonly groupMembers = new Map<string, number[]>();
  /** Per value set: the members written so far (value sets start empty). */
  private readonly valueSetMembers = new Map<number, M.FieldMatch[][]>();

  constructor(
    private readonly client: P4RuntimeClient,
    private readonly p4info: P.P4Info,
    private readonly direct: StfControlPlane,
    /** The program's runtime table of each name (for the way its priorities run). */
    private readonly runtimeTable: (name: string) => RuntimeTable | undefined,
    private readonly timeLimitMs: number,
  ) {
    for (const a of p4info.actions ?? []) this.actions.set(a.preamble.id, a);
    this.tables = (p4info.tables ?? []).map((t) => tableShape(t, this.actions));
  }

  async apply(cmd: StfControlCommand): Promise<StfControlOutcome> {
    try {
      const output = await this.run(cmd);
      return output === undefined ? { ok: true } : { ok: true, output };
    } catch (e) {
      const kind = e instanceof CommandProblem ? e.kind : 'control';
      const message = e instanceof P4RuntimeCallError ? callErrorText(e) : e instanceof Error ? e.message : String(e);
      return { ok: false, failure: { kind, line: cmd.line, message: `${cmd.kind}: ${message}` } };
    }
  }

  // ---- requests --------------------------------------------------------------------------------

  private deadline(): number {
    return Date.now() + this.timeLimitMs;
  }

  private write(updates: readonly M.Update[]): Promise<void> {
    if (updates.length === 0) return Promise.resolve();
    return this.client.write({ device_id: DEVICE_ID.toString(), election_id: ELECTION_ID, updates, atomicity: 'CONTINUE_ON_ERROR' }, this.deadline());
  }

  private one(type: M.UpdateType, entity: M.Entity): Promise<void> {
    return this.write([{ type, entity }]);
  }

  private read(entity: M.Entity): Promise<M.Entity[]> {
    return this.client.read({ device_id: DEVICE_ID.toString(), entities: [entity] }, this.deadline());
  }

  // ---- commands --------------------------------------------------------------------------------

  private async run(cmd: StfControlCommand): Promise<string | undefined> {
    switch (cmd.kind) {
      case 'add': {
        const table = this.table(cmd.table);
        const entry = this.entry(table, indexedKeyNames(cmd.keys), cmd.priority);
        const { action, args } = this.call(table, cmd.action);
        await this.one('INSERT', { table_entry: { ...entry, action: { action: this.actionMessage(action, args) } } });
        if (cmd.id !== undefined) this.entryIds.set(String(cmd.id), entry);
        return undefined;
      }
      case 'setdefault': {
        const table = this.table(cmd.table);
        const { action, args } = this.call(table, cmd.action);
        await this.one('MODIFY', { table_entry: { table_id: table.info.preamble.id, is_default_action: true, action: { action: this.actionMessage(action, args) } } });
        return undefined;
      }
      case 'remove': {
        const table = this.table(cmd.table);
        await this.one('DELETE', { table_entry: this.entry(table, indexedKeyNames(cmd.keys), cmd.priority) });
        return undefined;
      }
      case 'remove_all': {
        const entries = await this.read({ table_entry: { table_id: 0 } });
        await this.write(entries.filter((e) => e.table_entry?.is_const !== true).map((e) => ({ type: 'DELETE', entity: { table_entry: { ...e.table_entry!, action: null } } })));
        return undefined;
      }
      case 'p4ts_sa':
      case 'p4ts_key': {
        const outcome = this.direct.apply(cmd);
        if (!outcome.ok) throw new CommandProblem(outcome.failure.kind === 'unsupported' ? 'unsupported' : 'control', outcome.failure.message.replace(/^[a-z_0-9]+: /, ''));
        return outcome.output;
      }
      case 'mirroring_add':
        await this.cloneSession(cmd.session, [{ egress_port: cmd.port, instance: 0 }]);
        return undefined;
      case 'mirroring_add_mc': {
        const members = this.groupReplicas(cmd.group);
        if (members === undefined) throw new CommandProblem('control', `multicast group ${cmd.group} was not created (mc_mgrp_create)`);
        await this.cloneSession(cmd.session, members);
        return undefined;
      }
      case 'mirroring_delete':
        await this.one('DELETE', { packet_replication_engine_entry: { clone_session_entry: { session_id: cmd.session } } });
        return undefined;
      case 'mirroring_get': {
        const [e] = await this.read({ packet_replication_engine_entry: { clone_session_entry: { session_id: cmd.session } } });
        const s = e?.packet_replication_engine_entry?.clone_session_entry;
        if (s === undefined || s === null) throw new CommandProblem('control', `no mirroring session ${cmd.session}`);
        return `mirroring session ${cmd.session}: ${(s.replicas ?? []).map((r) => `port ${replicaPort(r)}${r.instance ? ` (instance ${r.instance})` : ''}`).join(', ')}`;
      }
      case 'mc_mgrp_create':
        await this.one('INSERT', { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: cmd.group } } });
        this.multicast.createGroup(cmd.group);
        return undefined;
      case 'mc_node_create':
        return this.multicast.createNode(cmd.rid, cmd.ports);
      case 'mc_node_update':
        for (const group of this.multicast.updateNode(cmd.handle, cmd.ports)) await this.syncGroup(group);
        return undefined;
      case 'mc_node_associate':
        this.multicast.associate(cmd.group, cmd.handle);
        await this.syncGroup(cmd.group);
        return undefined;
      case 'counter_read': {
        const c = this.counter(cmd.counter);
        const d = await this.counterData(c, cmd.index);
        return `${c.preamble.name}[${cmd.index}] = packets ${d.packets}, bytes ${d.bytes}`;
      }
      case 'counter_write': {
        const c = this.counter(cmd.counter);
        await this.one('MODIFY', { counter_entry: { counter_id: c.preamble.id, index: { index: String(cmd.index) }, data: { packet_count: String(cmd.packets), byte_count: String(cmd.bytes) } } });
        return undefined;
      }
      case 'check_counter':
        return this.checkCounter(cmd);
      case 'register_read': {
        const r = this.object(this.p4info.registers, cmd.register, 'register');
        const [e] = await this.read({ register_entry: { register_id: r.preamble.id, index: { index: String(cmd.index) } } });
        return `${r.preamble.name}[${cmd.index}] = ${String(bigOf(e?.register_entry?.data?.bitstring))}`;
      }
      case 'register_write': {
        const r = this.object(this.p4info.registers, cmd.register, 'register');
        await this.one('MODIFY', { register_entry: { register_id: r.preamble.id, index: { index: String(cmd.index) }, data: { bitstring: bytesOf(BigInt.asUintN(registerWidth(r), cmd.value)) } } });
        return undefined;
      }
      case 'register_reset': {
        const r = this.object(this.p4info.registers, cmd.register, 'register');
        await this.one('MODIFY', { register_entry: { register_id: r.preamble.id, data: { bitstring: bytesOf(0n) } } });
        return undefined;
      }
      case 'meter_set_rates':
      case 'meter_array_set_rates': {
        const m = this.meter(cmd.meter);
        if (cmd.rates.length !== 2) throw new CommandProblem('control', `a two-rate meter takes 2 RATE:BURST pairs (committed, peak), got ${cmd.rates.length}`);
        const [c, p] = cmd.rates as [(typeof cmd.rates)[0], (typeof cmd.rates)[0]];
        // STF rates are units per microsecond (as simple_switch_CLI's); P4Runtime's per second.
        const perSecond = (rate: number) => String(Math.round(rate * 1e6));
        const config = { cir: perSecond(c.rate), cburst: String(c.burst), pir: perSecond(p.rate), pburst: String(p.burst) };
        const index = cmd.kind === 'meter_set_rates' ? { index: { index: String(cmd.index) } } : {};
        await this.one('MODIFY', { meter_entry: { meter_id: m.preamble.id, ...index, config } });
        return undefined;
      }
      case 'meter_get_rates': {
        const m = this.meter(cmd.meter);
        const [e] = await this.read({ meter_entry: { meter_id: m.preamble.id, index: { index: String(cmd.index) } } });
        const config = e?.meter_entry?.config;
        if (config === undefined || config === null) return `${m.preamble.name}[${cmd.index}]: rates not set`;
        return `${m.preamble.name}[${cmd.index}]: ${Number(config.cir ?? 0) / 1e6}:${String(config.cburst ?? 0)} ${Number(config.pir ?? 0) / 1e6}:${String(config.pburst ?? 0)}`;
      }
      case 'act_prof_create_member': {
        const profile = this.profile(cmd.profile);
        const table = this.profileTable(profile);
        const { action, args } = this.call(table, cmd.action);
        const handle = this.nextHandle(profile, 'member');
        await this.one('INSERT', { action_profile_member: { action_profile_id: profile.preamble.id, member_id: handle + 1, action: this.actionMessage(action, args) } });
        return `${profile.preamble.name}: member ${handle} created`;
      }
      case 'act_prof_create_group': {
        const profile = this.profile(cmd.profile);
        const handle = this.nextHandle(profile, 'group');
        // A selector with a max_group_size takes groups of that max_size (bmv2's CLI has none).
        await this.one('INSERT', { action_profile_group: { action_profile_id: profile.preamble.id, group_id: handle + 1, max_size: profile.max_group_size ?? 0 } });
        this.groupMembers.set(`${profile.preamble.id}/${handle}`, []);
        return `${profile.preamble.name}: group ${handle} created`;
      }
      case 'act_prof_add_member_to_group':
      case 'act_prof_remove_member_from_group': {
        const profile = this.profile(cmd.profile);
        const key = `${profile.preamble.id}/${cmd.group}`;
        const current = this.groupMembers.get(key);
        if (current === undefined) throw new CommandProblem('control', `action profile ${profile.preamble.name}: no group ${cmd.group}`);
        const members = current.filter((m) => m !== cmd.member);
        if (cmd.kind === 'act_prof_add_member_to_group') {
          if (members.length !== current.length) throw new CommandProblem('control', `member ${cmd.member} is already in group ${cmd.group}`);
          members.push(cmd.member);
        } else if (members.length === current.length) throw new CommandProblem('control', `member ${cmd.member} is not in group ${cmd.group}`);
        await this.one('MODIFY', { action_profile_group: { action_profile_id: profile.preamble.id, group_id: cmd.group + 1, members: members.map((m) => ({ member_id: m + 1, weight: 1 })), max_size: profile.max_group_size ?? 0 } });
        this.groupMembers.set(key, members);
        return undefined;
      }
      case 'table_indirect_add':
      case 'table_indirect_add_with_group': {
        const table = this.table(cmd.table);
        const entry = this.entry(table, indexedKeyNames(cmd.keys), cmd.priority);
        const action = cmd.kind === 'table_indirect_add' ? { action_profile_member_id: cmd.handle + 1 } : { action_profile_group_id: cmd.handle + 1 };
        await this.one('INSERT', { table_entry: { ...entry, action } });
        if (cmd.id !== undefined) this.entryIds.set(String(cmd.id), entry);
        return undefined;
      }
      case 'pvs_add':
      case 'pvs_clear': {
        const vs = this.object(this.p4info.value_sets, cmd.valueSet, 'value set');
        const members = cmd.kind === 'pvs_clear' ? [] : [...(this.valueSetMembers.get(vs.preamble.id) ?? []), valueSetMember(vs, cmd.value)];
        await this.one('MODIFY', { value_set_entry: { value_set_id: vs.preamble.id, members: members.map((match) => ({ match })) } });
        this.valueSetMembers.set(vs.preamble.id, members);
        return undefined;
      }
    }
  }

  // ---- tables --------------------------------------------------------------------------------

  private table(name: string): TableShape {
    const r = resolveName(name, this.tables, (t) => t.name, 'table');
    if (!r.ok) throw new CommandProblem('control', r.error);
    return r.value;
  }

  /** The table, match and priority of an STF entry (without its action). */
  private entry(table: TableShape, keys: readonly StfKey[], stfPriority: number | undefined): M.TableEntry {
    const matches = stfMatches(table, keys);
    const match: M.FieldMatch[] = [];
    table.fields.forEach((f, i) => {
      const m = fieldMatchMessage(f, matches[i]!);
      if (m !== undefined) match.push(m);
    });
    const priority = table.needsPriority ? this.priorityOf(table, stfPriority ?? 0) : 0;
    return { table_id: table.info.preamble.id, match, ...(priority !== 0 ? { priority } : {}) };
  }

  /** The P4Runtime priority of an STF entry with priority `p` (0: none written): `stf-priority.ts`. */
  private priorityOf(table: TableShape, p: number): number {
    const runtime = this.runtimeTable(table.name);
    if (runtime === undefined) throw new CommandProblem('control', `table ${table.name}: not among the program's tables`);
    const q = stfP4RuntimePriority(runtime, p);
    if (!q.ok) throw new CommandProblem('unsupported', `table ${table.name}: ${q.reason}`);
    return q.priority;
  }

  private call(table: TableShape, call: Extract<StfCommand, { kind: 'add' }>['action']): { action: ActionShape; args: Record<string, bigint> } {
    return stfActionCall(table, call);
  }

  private actionMessage(action: ActionShape, args: Record<string, bigint>): M.Action {
    return {
      action_id: action.info.preamble.id,
      params: action.params.map((p) => {
        const v = args[p.name];
        if (v === undefined) throw new CommandProblem('control', `action ${action.name}: parameter ${p.name} missing`);
        // A negative STF value is the two's complement of the parameter's width.
        return { param_id: p.id, value: bytesOf(v < 0n ? BigInt.asUintN(p.width, v) : v) };
      }),
    };
  }

  // ---- multicast and clone sessions -------------------------------------------------------------

  /** A group's replicas (the members of `mc_node_associate`), undefined if it was not created. */
  private groupReplicas(group: number): M.Replica[] | undefined {
    return this.multicast.members(group)?.map((m) => ({ egress_port: m.port, instance: m.rid }));
  }

  private syncGroup(group: number): Promise<void> {
    return this.one('MODIFY', { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: group, replicas: this.groupReplicas(group) ?? [] } } });
  }

  /** `mirroring_add` replaces a session that exists, as simple_switch_CLI's does. */
  private async cloneSession(session: number, replicas: readonly M.Replica[]): Promise<void> {
    const existing = await this.read({ packet_replication_engine_entry: { clone_session_entry: { session_id: session } } }).catch(() => []);
    await this.one(existing.length > 0 ? 'MODIFY' : 'INSERT', { packet_replication_engine_entry: { clone_session_entry: { session_id: session, replicas } } });
  }

  // ---- counters, meters, registers, profiles, value sets ----------------------------------------

  private object<T extends { readonly preamble: P.Preamble }>(list: readonly T[] | undefined, name: string, what: string): T {
    const r = resolveName(name, list ?? [], (o) => o.preamble.name, what);
    if (!r.ok) throw new CommandProblem('control', r.error);
    return r.value;
  }

  private counter(name: string): P.Counter {
    const direct = resolveName(name, this.p4info.direct_counters ?? [], (o) => o.preamble.name, 'counter');
    if (direct.ok && !resolveName(name, this.p4info.counters ?? [], (o) => o.preamble.name, 'counter').ok) {
      throw new CommandProblem('unsupported', `${direct.value.preamble.name} is a direct counter: read it with check_counter NAME(ENTRY_ID)`);
    }
    return this.object(this.p4info.counters, name, 'counter');
  }

  private meter(name: string): P.Meter {
    const direct = resolveName(name, this.p4info.direct_meters ?? [], (o) => o.preamble.name, 'meter');
    if (direct.ok && !resolveName(name, this.p4info.meters ?? [], (o) => o.preamble.name, 'meter').ok) {
      throw new CommandProblem('unsupported', `${direct.value.preamble.name} is a direct meter: setting its rates from STF is not supported`);
    }
    return this.object(this.p4info.meters, name, 'meter');
  }

  private async counterData(c: P.Counter, index: number): Promise<{ packets: bigint; bytes: bigint }> {
    const [e] = await this.read({ counter_entry: { counter_id: c.preamble.id, index: { index: String(index) } } });
    const d = e?.counter_entry?.data;
    return { packets: BigInt(d?.packet_count ?? 0), bytes: BigInt(d?.byte_count ?? 0) };
  }

  private async checkCounter(cmd: Extract<StfCommand, { kind: 'check_counter' }>): Promise<string> {
    const all = [...(this.p4info.counters ?? []).map((c) => ({ c, direct: false })), ...(this.p4info.direct_counters ?? []).map((c) => ({ c, direct: true }))];
    const r = resolveName(cmd.counter, all, (o) => o.c.preamble.name, 'counter');
    if (!r.ok) throw new CommandProblem('control', r.error);
    const name = r.value.c.preamble.name;
    let d: { packets: bigint; bytes: bigint };
    if (!r.value.direct) {
      if (typeof cmd.index !== 'number') throw new CommandProblem('control', `${name} is an indexed counter: give an index, not the entry id '${cmd.index}'`);
      d = await this.counterData(r.value.c, cmd.index);
    } else {
      if (typeof cmd.index === 'number') throw new CommandProblem('unsupported', `${name}: a direct counter is read through P4Runtime by its entry: name the entry by its id (add … = ID), not by handle ${cmd.index}`);
      const entry = this.entryIds.get(cmd.index);
      if (entry === undefined) throw new CommandProblem('control', `no table entry with id '${cmd.index}'`);
      const [e] = await this.read({ direct_counter_entry: { table_entry: entry } });
      const data = e?.direct_counter_entry?.data;
      d = { packets: BigInt(data?.packet_count ?? 0), bytes: BigInt(data?.byte_count ?? 0) };
    }
    const report = `${name}(${cmd.index}) = packets ${d.packets}, bytes ${d.bytes}`;
    const check = cmd.check;
    if (check === undefined) return report;
    const actual = check.type === 'packets' ? d.packets : d.bytes;
    if (!compare(actual, check.op, check.value)) throw new CommandProblem('check', `${name}(${cmd.index}) ${check.type} is ${actual}, expected ${check.op} ${check.value}`);
    return report;
  }

  private profile(name: string): P.ActionProfile {
    return this.object(this.p4info.action_profiles, name, 'action profile');
  }

  /** The table whose actions a profile's members use (the first table of the profile). */
  private profileTable(profile: P.ActionProfile): TableShape {
    const id = profile.table_ids?.[0];
    const table = this.tables.find((t) => t.info.preamble.id === id);
    if (table === undefined) throw new CommandProblem('control', `action profile ${profile.preamble.name} is used by no table`);
    return table;
  }

  /** Member and group handles: 0, 1, ... per profile, as bmv2 numbers them. */
  private nextHandle(profile: P.ActionProfile, what: 'member' | 'group'): number {
    const key = `${profile.preamble.id} ${what}`;
    const n = this.handles.get(key) ?? 0;
    this.handles.set(key, n + 1);
    return n;
  }
}

/** A value set member from STF's one value: the fields' bits concatenated, first field highest. */
function valueSetMember(vs: P.ValueSet, value: bigint): M.FieldMatch[] {
  const fields = vs.match ?? [];
  const total = fields.reduce((s, f) => s + (f.bitwidth ?? 0), 0);
  if (value < 0n || value >> BigInt(total) !== 0n) throw new CommandProblem('control', `${vs.preamble.name}: value ${value} does not fit in ${total} bits`);
  let shift = total;
  return fields.map((f) => {
    const w = f.bitwidth ?? 0;
    shift -= w;
    const v = (value >> BigInt(shift)) & ((1n << BigInt(w)) - 1n);
    return f.match_type === 'TERNARY' ? { field_id: f.id, ternary: { value: bytesOf(v), mask: bytesOf((1n << BigInt(w)) - 1n) } } : { field_id: f.id, exact: { value: bytesOf(v) } };
  });
}

function registerWidth(r: P.Register): number {
  return r.type_spec?.bitstring?.bit?.bitwidth ?? r.type_spec?.bitstring?.int?.bitwidth ?? 64;
}

function replicaPort(r: M.Replica): string {
  return r.port !== undefined && r.port.length > 0 ? String(bigOf(r.port)) : String(r.egress_port ?? 0);
}

function callErrorText(e: P4RuntimeCallError): string {
  const update = e.firstUpdateError();
  if (update !== undefined) return `P4Runtime ${CODE_NAMES[update.code] ?? update.code}: ${update.message}`;
  return `P4Runtime ${CODE_NAMES[e.code] ?? e.code}: ${e.details}`;
}
