/**
 * Table entries over P4Runtime: a `p4.v1.TableEntry` checked against the P4Info and turned into
 * the runtime table's matches and action (and back, for Read), with the specification's codes:
 * malformed matches and actions `INVALID_ARGUMENT`, values too wide `OUT_OF_RANGE`, an action
 * outside its scope or a change to a const table `PERMISSION_DENIED`, a duplicate
 * `ALREADY_EXISTS`, a missing entry, member or group `NOT_FOUND`, a full table
 * `RESOURCE_EXHAUSTED`. Every check runs before anything changes.
 */
import type { ActionArgs, IndirectAction, RuntimeTable, TableResult } from '../../control/runtime-table.ts';
import { ControlError } from '../../control/errors.ts';
import type { FieldMatch } from '../../tables/entry.ts';
import { bigToBytes, bytesToBig } from './bytes.ts';
import type { Pipeline, TableInfo } from './pipeline.ts';
import { checkActionSet, oneShotOf, type OneShotAction } from './one-shot.ts';
import { checkedMeterConfig, type CheckedMeterConfig } from './direct-meters.ts';
import { dataPlanePriority, p4runtimePriority } from '../../control/priorities.ts';
import { Code, fail, P4RuntimeError } from './status.ts';
import type * as M from './messages.ts';

/** Runs a runtime-table call, turning its ControlError into the P4Runtime code that fits. */
export function runtimeCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof P4RuntimeError) throw e;
    if (e instanceof ControlError || e instanceof RangeError) {
      const code = /full/.test(e.message) ? Code.RESOURCE_EXHAUSTED : /no (member|group)/.test(e.message) ? Code.NOT_FOUND : Code.INVALID_ARGUMENT;
      fail(code, e.message);
    }
    throw e;
  }
}

/** The runtime matches of a P4Runtime match list (absent non-exact fields are "don't care"). */
export function matchesOf(t: TableInfo, match: readonly M.FieldMatch[] | undefined): FieldMatch[] {
  const given = new Map<number, FieldMatch>();
  for (const m of match ?? []) {
    const f = t.fields.get(m.field_id);
    if (f === undefined) fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name}: no match field with id ${m.field_id}`);
    if (given.has(f.id)) fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name}: match field ${f.name} given twice`);
    const what = `table ${t.info.preamble.name}: match field ${f.name}`;
    const all = (1n << BigInt(f.width)) - 1n;
    const kind = m.field_match_type;
    const expected = { EXACT: 'exact', LPM: 'lpm', TERNARY: 'ternary', RANGE: 'range', OPTIONAL: 'optional', UNSPECIFIED: '' }[f.matchType];
    if (kind !== expected) fail(Code.INVALID_ARGUMENT, `${what} is ${f.matchType.toLowerCase()}: a ${kind ?? 'missing'} match is not allowed`);
    let fm: FieldMatch;
    if (kind === 'exact') fm = { kind: 'exact', value: bytesToBig(m.exact?.value, f.width, what) };
    else if (kind === 'optional') fm = { kind: 'optional', value: bytesToBig(m.optional?.value, f.width, what) };
    else if (kind === 'lpm') {
      const len = m.lpm?.prefix_len ?? 0;
      if (len === 0) fail(Code.INVALID_ARGUMENT, `${what}: a prefix length of 0 is "don't care": leave the field out`);
      if (len < 0 || len > f.width) fail(Code.INVALID_ARGUMENT, `${what}: prefix length ${len} out of 1..${f.width}`);
      const value = bytesToBig(m.lpm?.value, f.width, what);
      const host = (1n << BigInt(f.width - len)) - 1n;
      if ((value & host) !== 0n) fail(Code.INVALID_ARGUMENT, `${what}: bits after the prefix length ${len} must be 0`);
      fm = { kind: 'lpm', value, prefixLength: len };
    } else if (kind === 'ternary') {
      const value = bytesToBig(m.ternary?.value, f.width, what);
      const mask = bytesToBig(m.ternary?.mask, f.width, `${what} (mask)`);
      if (mask === 0n) fail(Code.INVALID_ARGUMENT, `${what}: a mask of 0 is "don't care": leave the field out`);
      // (with canonical strings, this is also the specification's "value not longer than mask";
      // zero-padded strings of different lengths are accepted, as everywhere else)
      if ((value & ~mask) !== 0n) fail(Code.INVALID_ARGUMENT, `${what}: bits outside the mask must be 0`);
      fm = { kind: 'ternary', value, mask };
    } else if (kind === 'range') {
      const low = bytesToBig(m.range?.low, f.width, `${what} (low)`);
      const high = bytesToBig(m.range?.high, f.width, `${what} (high)`);
      if (low > high) fail(Code.INVALID_ARGUMENT, `${what}: low bound ${low} above high bound ${high}`);
      if (low === 0n && high === all) fail(Code.INVALID_ARGUMENT, `${what}: the full range is "don't care": leave the field out`);
      fm = { kind: 'range', low, high };
    } else fail(Code.INVALID_ARGUMENT, `${what}: unsupported match kind ${kind ?? '(none)'}`);
    given.set(f.id, fm);
  }
  const out: FieldMatch[] = new Array<FieldMatch>(t.runtime.keys.length).fill({ kind: 'any' });
  for (const f of t.fieldList) {
    const m = given.get(f.id);
    if (m === undefined && f.matchType === 'EXACT') fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name}: exact match field ${f.name} missing`);
    if (m !== undefined) out[f.index] = m;
  }
  return out;
}

/** A P4Runtime `Action` checked for table `t` (`forDefault`: as its default action). */
export function actionOf(pipeline: Pipeline, t: TableInfo | undefined, action: M.Action, forDefault: boolean): { runtimeId: number; name: string; args: ActionArgs } {
  const a = pipeline.actions.get(action.action_id);
  const tableName = t?.info.preamble.name;
  if (a === undefined) fail(Code.INVALID_ARGUMENT, `no action with id ${action.action_id}`);
  if (t !== undefined) {
    const scope = t.actions.get(action.action_id);
    if (scope === undefined) fail(Code.INVALID_ARGUMENT, `table ${tableName}: action ${a.info.preamble.name} is not an action of the table`);
    if (forDefault && scope === 'TABLE_ONLY') fail(Code.PERMISSION_DENIED, `table ${tableName}: action ${a.info.preamble.name} is @tableonly: it cannot be the default action`);
    if (!forDefault && scope === 'DEFAULT_ONLY') fail(Code.PERMISSION_DENIED, `table ${tableName}: action ${a.info.preamble.name} is @defaultonly: it cannot be used in an entry`);
  }
  const args: Record<string, bigint> = {};
  for (const p of action.params ?? []) {
    const param = a.params.get(p.param_id);
    if (param === undefined) fail(Code.INVALID_ARGUMENT, `action ${a.info.preamble.name}: no parameter with id ${p.param_id}`);
    if (param.name in args) fail(Code.INVALID_ARGUMENT, `action ${a.info.preamble.name}: parameter ${param.name} given twice`);
    args[param.name] = bytesToBig(p.value, param.width, `action ${a.info.preamble.name}: parameter ${param.name}`);
  }
  for (const param of a.params.values()) if (!(param.name in args)) fail(Code.INVALID_ARGUMENT, `action ${a.info.preamble.name}: parameter ${param.name} missing`);
  const runtime = t?.runtime;
  // The program's default action of a table declared without default_action (NoAction) is not one
  // of the runtime table's actions; p4c's P4Info lists it (@defaultonly), and it may be set again.
  const programDefault = forDefault && runtime !== undefined && runtime.defaultIsUnlisted && t!.info.initial_default_action?.action_id === action.action_id;
  const runtimeId = runtime === undefined ? -1 : programDefault ? runtime.description.defaultAction.actionId : runtimeCall(() => runtime.action(a.info.preamble.name).id);
  return { runtimeId, name: a.info.preamble.name, args };
}

/** The P4Runtime form of a runtime action (`actionId` is the runtime table's action number). */
export function actionMessage(pipeline: Pipeline, runtime: RuntimeTable, actionId: number, args: readonly (number | bigint)[]): M.Action {
  const name = runtime.action(actionId).name;
  const id = pipeline.actionsByName.get(name);
  if (id === undefined) fail(Code.INTERNAL, `action ${name} is not in the P4Info`);
  const info = pipeline.action(id);
  return { action_id: id, params: [...info.params].map(([paramId, p]) => ({ param_id: paramId, value: bigToBytes(args[p.index] ?? 0) })) };
}

function matchMessages(t: TableInfo, matches: readonly FieldMatch[]): M.FieldMatch[] {
  const out: M.FieldMatch[] = [];
  for (const f of t.fieldList) {
    const m = matches[f.index];
    if (m === undefined || m.kind === 'any') continue;
    switch (m.kind) {
      case 'exact':
        out.push(f.matchType === 'OPTIONAL' ? { field_id: f.id, optional: { value: bigToBytes(m.value) } } : { field_id: f.id, exact: { value: bigToBytes(m.value) } });
        break;
      case 'optional':
        out.push({ field_id: f.id, optional: { value: bigToBytes(m.value) } });
        break;
      case 'lpm':
        if (m.prefixLength > 0) out.push({ field_id: f.id, lpm: { value: bigToBytes(m.value), prefix_len: m.prefixLength } });
        break;
      case 'ternary':
        if (BigInt(m.mask) !== 0n) out.push({ field_id: f.id, ternary: { value: bigToBytes(m.value), mask: bigToBytes(m.mask) } });
        break;
      case 'range':
        // the whole range is "don't care": omitted, as a client must write it (a const entry may spell it out)
        if (!(BigInt(m.low) === 0n && BigInt(m.high) === (1n << BigInt(f.width)) - 1n)) out.push({ field_id: f.id, range: { low: bigToBytes(m.low), high: bigToBytes(m.high) } });
        break;
    }
  }
  return out;
}

/** The P4Runtime priority of an entry (0 in a table without priorities). */
export function entryPriority(t: TableInfo, r: TableResult): number {
  return t.needsPriority ? p4runtimePriority(t.runtime, r.priority) : 0;
}

/** The entry with this match and P4Runtime priority (undefined priority: any), if any. */
export function findEntry(t: TableInfo, matches: readonly FieldMatch[], priority: number | undefined): TableResult | undefined {
  return t.runtime.find(matches, priority === undefined ? undefined : dataPlanePriority(t.runtime, priority));
}

/**
 * The default entry's action. A table declared without `default_action` has `NoAction` as its
 * default without listing it among its actions (p4c adds it to the list as `@defaultonly`, p4ts
 * does not), so the runtime table does not know it by id: the P4Info's `initial_default_action`
 * names it.
 */
function defaultActionMessage(pipeline: Pipeline, t: TableInfo, r: TableResult): M.Action {
  const initial = t.info.initial_default_action;
  if (!t.runtime.defaultIsUnlisted || initial === undefined || r.actionId !== t.runtime.description.defaultAction.actionId) return actionMessage(pipeline, t.runtime, r.actionId, r.args);
  const info = pipeline.action(initial.action_id);
  return { action_id: initial.action_id, params: [...info.params].map(([paramId, p]) => ({ param_id: paramId, value: bigToBytes(r.args[p.index] ?? 0) })) };
}

/** A runtime entry as a P4Runtime `TableEntry`. */
export function entryMessage(pipeline: Pipeline, t: TableInfo, r: TableResult, isDefault: boolean): M.TableEntry {
  const indirect = t.runtime.indirectOf(r);
  const shot = t.runtime.profile !== undefined ? oneShotOf(t.runtime.profile, indirect) : undefined;
  const action: M.TableAction | undefined =
    shot !== undefined
      ? { action_profile_action_set: { action_profile_actions: shot.members.map((m) => ({ action: actionMessage(pipeline, t.runtime, m.action.runtimeId, m.action.args as readonly (number | bigint)[]), weight: m.action.weight })) } }
      : indirect !== undefined
      ? 'member' in indirect
        ? { action_profile_member_id: indirect.member }
        : { action_profile_group_id: indirect.group }
      : r.actionId >= 0
        ? { action: isDefault ? defaultActionMessage(pipeline, t, r) : actionMessage(pipeline, t.runtime, r.actionId, r.args) }
        : undefined;
  return {
    table_id: t.info.preamble.id,
    ...(isDefault ? { is_default_action: true } : { match: matchMessages(t, r.match) }),
    ...(action !== undefined ? { action } : {}),
    ...(!isDefault && t.needsPriority ? { priority: entryPriority(t, r) } : {}),
    ...(!isDefault && t.runtime.isConstEntry(r) ? { is_const: true } : {}),
  };
}

/** What a write of a table entry will do, checked in full before anything changes. */
export function checkedEntry(pipeline: Pipeline, e: M.TableEntry, needAction: boolean) {
  const t = pipeline.table(e.table_id);
  const name = t.info.preamble.name;
  if (e.is_const) fail(Code.INVALID_ARGUMENT, `table ${name}: is_const must be false in a write`);
  if (e.time_since_last_hit !== undefined && e.time_since_last_hit !== null) fail(Code.INVALID_ARGUMENT, `table ${name}: time_since_last_hit must be unset in a write`);
  const ttl = BigInt(e.idle_timeout_ns ?? 0);
  if (ttl !== 0n) {
    if (e.is_default_action) fail(Code.INVALID_ARGUMENT, `table ${name}: the default entry has no idle timeout: idle_timeout_ns must be 0`);
    if (!t.ages) fail(Code.INVALID_ARGUMENT, `table ${name} does not support idle timeouts (support_timeout): idle_timeout_ns must be unset`);
    if (ttl < 0n) fail(Code.INVALID_ARGUMENT, `table ${name}: negative idle_timeout_ns`);
  }
  if (e.counter_data !== undefined && e.counter_data !== null && t.directCounter === undefined) fail(Code.INVALID_ARGUMENT, `table ${name} has no direct counter: counter_data must be unset`);
  if (e.meter_config !== undefined && e.meter_config !== null && t.directMeter === undefined) fail(Code.INVALID_ARGUMENT, `table ${name} has no direct meter: meter_config must be unset`);
  if (e.meter_counter_data !== undefined && e.meter_counter_data !== null) fail(Code.UNIMPLEMENTED, `table ${name}: per-colour meter_counter_data is not supported by p4ts: leave it unset`);
  // the configuration is checked here, so that a bad one leaves the table as it was
  const meter: CheckedMeterConfig | undefined = e.meter_config !== undefined && e.meter_config !== null ? checkedMeterConfig(e.meter_config) : undefined;
  if (e.is_default_action) {
    if ((e.match ?? []).length > 0 || (e.priority ?? 0) !== 0) fail(Code.INVALID_ARGUMENT, `table ${name}: the default entry has no match and no priority`);
    return { t, matches: undefined, priority: undefined, runtimePriority: undefined, target: undefined as IndirectAction | undefined, action: undefined, oneShot: undefined as OneShotAction[] | undefined, meter, idleTimeoutNs: 0n };
  }
  const priority = e.priority ?? 0;
  if (t.needsPriority && priority <= 0) fail(Code.INVALID_ARGUMENT, `table ${name}: its ternary, range or optional match needs a priority above 0`);
  if (!t.needsPriority && priority !== 0) fail(Code.INVALID_ARGUMENT, `table ${name}: an entry without ternary, range or optional matches has priority 0`);
  if (t.fieldList.length === 0) fail(Code.INVALID_ARGUMENT, `table ${name} has no key: it takes no entries`);
  const matches = matchesOf(t, e.match);
  let target: IndirectAction | undefined;
  let action: ReturnType<typeof actionOf> | undefined;
  let oneShot: OneShotAction[] | undefined;
  const a = e.action;
  if (a === undefined || a === null) {
    if (needAction) fail(Code.INVALID_ARGUMENT, `table ${name}: the entry has no action`);
  } else if (a.action !== undefined && a.action !== null) {
    if (t.profileId !== undefined) fail(Code.INVALID_ARGUMENT, `table ${name} uses an action profile: its entries name a member or a group`);
    action = actionOf(pipeline, t, a.action, false);
  } else if (a.action_profile_member_id !== undefined && a.action_profile_member_id !== null) {
    if (t.profileId === undefined) fail(Code.INVALID_ARGUMENT, `table ${name} has no action profile: its entries name an action`);
    target = { member: a.action_profile_member_id };
  } else if (a.action_profile_group_id !== undefined && a.action_profile_group_id !== null) {
    if (t.profileId === undefined) fail(Code.INVALID_ARGUMENT, `table ${name} has no action profile: its entries name an action`);
    if (!pipeline.profile(t.profileId).info.with_selector) fail(Code.INVALID_ARGUMENT, `table ${name}: its action profile has no selector: entries name members`);
    target = { group: a.action_profile_group_id };
  } else if (a.action_profile_action_set !== undefined && a.action_profile_action_set !== null) {
    if (t.profileId === undefined) fail(Code.INVALID_ARGUMENT, `table ${name} has no action profile: a one-shot action set needs one`);
    const profile = pipeline.profile(t.profileId);
    const list = checkActionSet(a.action_profile_action_set, profile.info.with_selector === true, profile.info.max_group_size ?? 0, name);
    oneShot = list.map((x) => ({ ...actionOf(pipeline, t, x.action!, false), weight: x.weight ?? 1 }));
  } else fail(Code.INVALID_ARGUMENT, `table ${name}: the entry's action is empty`);
  if (target !== undefined) {
    const profile = pipeline.profile(t.profileId!).runtime;
    if ('member' in target && !profile.hasMember(target.member)) fail(Code.NOT_FOUND, `table ${name}: action profile ${profile.name} has no member ${target.member}`);
    if ('group' in target && !profile.hasGroup(target.group)) fail(Code.NOT_FOUND, `table ${name}: action profile ${profile.name} has no group ${target.group}`);
  }
  // `priority` is the P4Runtime one (what names the entry), `runtimePriority` the data plane's
  const runtimePriority = t.needsPriority ? dataPlanePriority(t.runtime, priority) : undefined;
  return { t, matches, priority: t.needsPriority ? priority : undefined, runtimePriority, target, action, oneShot, meter, idleTimeoutNs: ttl };
}
