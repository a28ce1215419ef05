/**
 * Write and Read of each P4Runtime entity kind: table entries (and default entries), action
 * profile members and groups, counters and direct counters, meters and direct meters,
 * registers, the packet replication engine (multicast groups, clone sessions), parser value
 * sets and digest configurations. A write returns the step that undoes it.
 */
import type { TableResult } from '../../control/runtime-table.ts';
import type { AnySwitch } from '../../switch/index.ts';
import type { Meter } from '../../v1model/externs/meter.ts';
import type { MirrorSession, MulticastMember } from '../../v1model/pre.ts';
import { bigToBytes, bigToSignedBytes, bytesToBig, signedBytesToBig } from './bytes.ts';
import type { P4RuntimeDevice } from './device.ts';
import type * as M from './messages.ts';
import type { Pipeline, TableInfo } from './pipeline.ts';
import { Code, fail } from './status.ts';
import { replicaPortsOf, type ReplicaPorts } from './replica-ports.ts';
import { EntryMetadataStore } from './entry-metadata.ts';
import { createOneShot, isHiddenId, makeOneShot, oneShotOf, removeOneShot, type OneShotTarget } from './one-shot.ts';
import { checkedMeterConfig, type CheckedMeterConfig, directMeterConfig, directMeterKey, meterRates, resetDirectMeter, restoreDirectMeter, setDirectMeter } from './direct-meters.ts';
import { actionOf, checkedEntry, entryMessage, entryPriority, findEntry, matchesOf, runtimeCall } from './tables.ts';

export interface WriteContext {
  readonly pipeline: Pipeline;
  /** The switch of `pipeline` (its replication engine): not on the packet path while a saved config waits for COMMIT. */
  readonly sw: AnySwitch<unknown>;
  readonly device: P4RuntimeDevice;
}

type Undo = () => void;
const NOTHING: Undo = () => {};

export function writeEntity(c: WriteContext, update: M.Update): Undo {
  const type = update.type ?? 'UNSPECIFIED';
  if (type === 'UNSPECIFIED') fail(Code.INVALID_ARGUMENT, 'the update has no type (INSERT, MODIFY or DELETE)');
  const e = update.entity;
  switch (e?.entity) {
    case 'table_entry':
      return writeTableEntry(c, type, e.table_entry!);
    case 'action_profile_member':
      return writeMember(c, type, e.action_profile_member!);
    case 'action_profile_group':
      return writeGroup(c, type, e.action_profile_group!);
    case 'counter_entry':
      return writeCounter(c, type, e.counter_entry!);
    case 'direct_counter_entry':
      return writeDirectCounter(c, type, e.direct_counter_entry!);
    case 'meter_entry':
      return writeMeter(c, type, e.meter_entry!);
    case 'direct_meter_entry':
      return writeDirectMeter(c, type, e.direct_meter_entry!);
    case 'register_entry':
      return writeRegister(c, type, e.register_entry!);
    case 'packet_replication_engine_entry':
      return writePre(c, type, e.packet_replication_engine_entry!);
    case 'value_set_entry':
      return writeValueSet(c, type, e.value_set_entry!);
    case 'digest_entry':
      return writeDigest(c, type, e.digest_entry!);
    case 'extern_entry':
      return fail(Code.UNIMPLEMENTED, 'extern entries: p4ts has no architecture-specific externs for P4Runtime');
    default:
      return fail(Code.INVALID_ARGUMENT, 'the update has no entity');
  }
}

// ---- table entries -------------------------------------------------------------------------

function restoreAction(t: TableInfo, r: TableResult): Undo {
  const indirect = t.runtime.indirectOf(r);
  const actionId = r.actionId;
  const args = r.args;
  return () => {
    if (indirect !== undefined) t.runtime.modifyIndirect(r, indirect);
    else {
      r.actionId = actionId;
      r.setArgs(args);
    }
  };
}

/**
 * The key of a table entry (what a DELETE needs: the specification has it ignore the rest, except
 * `is_const`, which must be false in every write).
 */
function entryKey(e: M.TableEntry): M.TableEntry {
  return { table_id: e.table_id, ...(e.match !== undefined ? { match: e.match } : {}), ...(e.priority !== undefined ? { priority: e.priority } : {}), ...(e.is_default_action ? { is_default_action: true } : {}), ...(e.is_const ? { is_const: true } : {}) };
}

function writeTableEntry(c: WriteContext, type: M.UpdateType, given: M.TableEntry): Undo {
  const e = type === 'DELETE' ? entryKey(given) : given;
  const checked = checkedEntry(c.pipeline, e, type === 'INSERT');
  const t = checked.t;
  const name = t.info.preamble.name;
  if (e.is_default_action) return writeDefault(c, type, t, e, checked.meter);
  const runtime = t.runtime;
  if (runtime.hasConstEntries) checkConstEntryWrite(type, e, checked.idleTimeoutNs, `table ${name} is const (const entries)`, 'its entries cannot be inserted or deleted');
  const existing = findEntry(t, checked.matches!, checked.priority);
  // an entry marked const in a non-const entries list: as a const table's entry
  if (existing !== undefined && type !== 'INSERT' && !runtime.hasConstEntries && runtime.isConstEntry(existing))
    checkConstEntryWrite(type, e, checked.idleTimeoutNs, `table ${name}: the entry is const (marked const in the program's entries)`, 'it cannot be deleted');
  const profile = runtime.profile;
  switch (type) {
    case 'INSERT': {
      if (existing !== undefined) fail(Code.ALREADY_EXISTS, `table ${name}: the entry already exists`);
      const shot = checked.oneShot !== undefined ? runtimeCall(() => createOneShot(profile!, checked.oneShot!)) : undefined;
      let record: TableResult;
      try {
        record = runtimeCall(() =>
          shot !== undefined
            ? runtime.insertIndirect(checked.matches!, shot.target, checked.runtimePriority)
            : checked.target !== undefined
              ? runtime.insertIndirect(checked.matches!, checked.target, checked.runtimePriority)
              : runtime.insert(checked.matches!, checked.action!.runtimeId, checked.action!.args, checked.runtimePriority),
        );
      } catch (error) {
        if (shot !== undefined) removeOneShot(profile!, shot);
        throw error;
      }
      t.directCounter?.object.resetEntry(record.handle);
      if (t.directMeter !== undefined) resetDirectMeter(c, t, record);
      if (e.counter_data && t.directCounter !== undefined) writeCounterData(t.directCounter.object, record.handle, e.counter_data);
      if (checked.meter !== undefined) setDirectMeter(c, t, record, checked.meter);
      const undoAge = c.device.idleTimeouts?.set(t, record, checked.idleTimeoutNs);
      c.device.entryMetadata.write(record, e);
      return () => {
        undoAge?.();
        runtime.remove(record.handle);
        if (shot !== undefined) removeOneShot(profile!, shot);
        resetDirectMeter(c, t, record);
      };
    }
    case 'MODIFY': {
      if (existing === undefined) fail(Code.NOT_FOUND, `table ${name}: no such entry`);
      const undo = restoreAction(t, existing);
      const countBefore = t.directCounter !== undefined ? counterCell(t.directCounter.object, existing.handle) : undefined;
      const oldShot = profile !== undefined ? oneShotOf(profile, runtime.indirectOf(existing)) : undefined;
      let newShot: OneShotTarget | undefined;
      if (checked.oneShot !== undefined) {
        const shot = runtimeCall(() => createOneShot(profile!, checked.oneShot!));
        try {
          runtimeCall(() => runtime.modifyIndirect(existing, shot.target));
        } catch (error) {
          removeOneShot(profile!, shot);
          throw error;
        }
        newShot = shot;
      } else if (checked.target !== undefined) runtimeCall(() => runtime.modifyIndirect(existing, checked.target!));
      else if (checked.action !== undefined) runtimeCall(() => runtime.modify(existing, checked.action!.runtimeId, checked.action!.args));
      // The old one-shot objects go when the entry points elsewhere now.
      const droppedShot = oldShot !== undefined && (newShot !== undefined || checked.target !== undefined) ? oldShot : undefined;
      if (droppedShot !== undefined) removeOneShot(profile!, droppedShot);
      if (e.counter_data && t.directCounter !== undefined) writeCounterData(t.directCounter.object, existing.handle, e.counter_data);
      // MODIFY sets the direct meter's configuration: unset is the default (every packet GREEN)
      const meterBefore = directMeterConfig(c, t, existing);
      if (checked.meter !== undefined) setDirectMeter(c, t, existing, checked.meter);
      else if (t.directMeter !== undefined) resetDirectMeter(c, t, existing);
      // MODIFY replaces the timeout (unset: none); the time of the last hit stays
      const undoAge = c.device.idleTimeouts?.set(t, existing, checked.idleTimeoutNs);
      const undoMetadata = c.device.entryMetadata.write(existing, e);
      return () => {
        undoMetadata();
        undoAge?.();
        if (droppedShot !== undefined) makeOneShot(profile!, droppedShot);
        undo();
        if (newShot !== undefined) removeOneShot(profile!, newShot);
        if (countBefore !== undefined) t.directCounter!.object.write(existing.handle, ...countBefore);
        if (t.directMeter !== undefined) restoreDirectMeter(c, t, existing, meterBefore);
      };
    }
    case 'DELETE': {
      if (existing === undefined) fail(Code.NOT_FOUND, `table ${name}: no such entry`);
      const indirect = runtime.indirectOf(existing);
      const actionId = existing.actionId;
      const args = existing.args;
      const matches = existing.match;
      const priority = t.needsPriority ? existing.priority : undefined;
      const shot = profile !== undefined ? oneShotOf(profile, indirect) : undefined;
      // the entry's direct resources, put back with it by the undo
      const counter = t.directCounter !== undefined ? counterCell(t.directCounter.object, existing.handle) : undefined;
      const meter = directMeterConfig(c, t, existing);
      runtime.remove(existing.handle);
      if (shot !== undefined) removeOneShot(profile!, shot);
      const age = c.device.idleTimeouts?.forget(t, existing);
      const metadata = c.device.entryMetadata.get(existing);
      resetDirectMeter(c, t, existing);
      return () => {
        if (shot !== undefined) makeOneShot(profile!, shot);
        const record = indirect !== undefined ? runtime.insertIndirect(matches, indirect, priority) : runtime.insert(matches, actionId, args, priority);
        if (counter !== undefined) t.directCounter!.object.write(record.handle, ...counter);
        if (t.directMeter !== undefined) restoreDirectMeter(c, t, record, meter);
        c.device.idleTimeouts?.restore(t, record, age);
        c.device.entryMetadata.put(record, metadata);
      };
    }
    default:
      return NOTHING;
  }
}

/**
 * A const entry (of a const table, or marked const in a non-const entries list) keeps its action:
 * only its direct resources may be modified (PERMISSION_DENIED otherwise).
 */
function checkConstEntryWrite(type: M.UpdateType, e: M.TableEntry, idleTimeoutNs: bigint, what: string, notModify: string): void {
  if (type !== 'MODIFY') fail(Code.PERMISSION_DENIED, `${what}: ${notModify}`);
  if (e.action !== undefined && e.action !== null) fail(Code.PERMISSION_DENIED, `${what}: the action of an entry cannot be changed; a MODIFY may only set counter_data or meter_config`);
  if (idleTimeoutNs !== 0n) fail(Code.PERMISSION_DENIED, `${what}: its entries have no idle timeout`);
  if (e.controller_metadata !== undefined && BigInt(e.controller_metadata) !== 0n) fail(Code.PERMISSION_DENIED, `${what}: controller_metadata cannot be set`);
  if (e.metadata !== undefined && e.metadata.length > 0) fail(Code.PERMISSION_DENIED, `${what}: metadata cannot be set`);
}

function writeDefault(c: WriteContext, type: M.UpdateType, t: TableInfo, e: M.TableEntry, meter: CheckedMeterConfig | undefined): Undo {
  const name = t.info.preamble.name;
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, `table ${name}: the default entry can only be modified (not inserted or deleted)`);
  if (t.info.const_default_action_id) fail(Code.PERMISSION_DENIED, `table ${name}: the default action is const`);
  if (t.profileId !== undefined) fail(Code.PERMISSION_DENIED, `table ${name} uses an action profile: its default entry cannot be changed`);
  const runtime = t.runtime;
  const before = { actionId: runtime.defaultResult.actionId, args: runtime.defaultResult.args };
  let action: { runtimeId: number; args: import('../../control/runtime-table.ts').ActionArgs };
  if (e.action?.action) action = actionOf(c.pipeline, t, e.action.action, true);
  else if (e.action) fail(Code.INVALID_ARGUMENT, `table ${name}: the default entry takes an action`);
  else action = { runtimeId: runtime.description.defaultAction.actionId, args: runtime.description.defaultAction.args.map((a) => BigInt(a)) };
  runtimeCall(() => runtime.setDefault(action.runtimeId, action.args));
  // a reset (no action) resets its controller_metadata and metadata to their defaults too
  const undoMetadata = c.device.entryMetadata.write(runtime.defaultResult, e.action ? e : {});
  // its direct resources, as an entry's MODIFY sets them: counter_data unset leaves the counter,
  // meter_config unset puts the meter back to the default
  const r = runtime.defaultResult;
  const counter = t.directCounter?.object;
  const counterBefore = counter !== undefined ? counterCell(counter, r.handle) : undefined;
  if (e.counter_data && counter !== undefined) writeCounterData(counter, r.handle, e.counter_data);
  const meterBefore = directMeterConfig(c, t, r);
  if (t.directMeter !== undefined) restoreDirectMeter(c, t, r, meter);
  return () => {
    if (t.directMeter !== undefined) restoreDirectMeter(c, t, r, meterBefore);
    if (counterBefore !== undefined) counter!.write(r.handle, ...counterBefore);
    undoMetadata();
    runtime.setDefault(before.actionId, before.args);
  };
}

// ---- action profile members and groups -----------------------------------------------------

function profileOf(c: WriteContext, id: number) {
  const p = c.pipeline.profile(id);
  if (p.tables.length === 0) fail(Code.FAILED_PRECONDITION, `action profile ${p.info.preamble.name} is used by no table`);
  return p;
}

function writeMember(c: WriteContext, type: M.UpdateType, m: M.ActionProfileMember): Undo {
  const p = profileOf(c, m.action_profile_id);
  const profile = p.runtime;
  if (!(m.member_id > 0)) fail(Code.INVALID_ARGUMENT, `action profile ${profile.name}: member ids are not 0`);
  const exists = profile.hasMember(m.member_id);
  if (type === 'DELETE') {
    if (!exists) fail(Code.NOT_FOUND, `action profile ${profile.name}: no member ${m.member_id}`);
    const r = profile.member(m.member_id);
    const actionId = r.actionId;
    const args = r.args;
    inUse(() => profile.deleteMember(m.member_id));
    return () => profile.insertMember(m.member_id, actionId, args);
  }
  if (m.action === undefined || m.action === null) fail(Code.INVALID_ARGUMENT, `action profile ${profile.name}: member ${m.member_id} has no action`);
  const action = actionOf(c.pipeline, p.tables[0], m.action, false);
  if (type === 'INSERT') {
    if (exists) fail(Code.ALREADY_EXISTS, `action profile ${profile.name}: member ${m.member_id} already exists`);
    runtimeCall(() => profile.insertMember(m.member_id, action.runtimeId, action.args));
    return () => profile.deleteMember(m.member_id);
  }
  if (!exists) fail(Code.NOT_FOUND, `action profile ${profile.name}: no member ${m.member_id}`);
  const r = profile.member(m.member_id);
  const before = { actionId: r.actionId, args: r.args };
  runtimeCall(() => profile.modifyMember(m.member_id, action.runtimeId, action.args));
  return () => profile.modifyMember(m.member_id, before.actionId, before.args);
}

/** A delete the runtime refuses because the object is in use is FAILED_PRECONDITION. */
function inUse(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof Error && / is (in|used by) /.test(e.message)) fail(Code.FAILED_PRECONDITION, e.message);
    throw e;
  }
}

function writeGroup(c: WriteContext, type: M.UpdateType, g: M.ActionProfileGroup): Undo {
  const p = profileOf(c, g.action_profile_id);
  const profile = p.runtime;
  if (!profile.withSelector) fail(Code.INVALID_ARGUMENT, `action profile ${profile.name} has no selector: it has no groups`);
  if (!(g.group_id > 0)) fail(Code.INVALID_ARGUMENT, `action profile ${profile.name}: group ids are not 0`);
  const exists = profile.hasGroup(g.group_id);
  if (type === 'DELETE') {
    if (!exists) fail(Code.NOT_FOUND, `action profile ${profile.name}: no group ${g.group_id}`);
    const group = profile.group(g.group_id);
    const before = group.members.map((m) => ({ ...m }));
    const maxSize = group.maxSize;
    inUse(() => profile.deleteGroup(g.group_id));
    return () => profile.insertGroup(g.group_id, before, maxSize);
  }
  const what = `action profile ${profile.name}: group ${g.group_id}`;
  if ((g.members ?? []).some((m) => (m.watch ?? 0) !== 0 || (m.watch_port !== undefined && m.watch_port.length > 0))) fail(Code.UNIMPLEMENTED, `${what}: watch ports are not supported by p4ts`);
  const members = (g.members ?? []).map((m) => ({ id: m.member_id, weight: m.weight ?? 0 }));
  // The group's size is the sum of its members' weights (P4Info's default selector_size_semantics).
  const size = members.reduce((sum, m) => sum + m.weight, 0);
  const seen = new Set<number>();
  for (const m of members) {
    if (seen.has(m.id)) fail(Code.INVALID_ARGUMENT, `${what}: member ${m.id} given twice (use its weight)`);
    seen.add(m.id);
    if (!(m.weight > 0)) fail(Code.INVALID_ARGUMENT, `${what}: member ${m.id} needs a positive weight, not ${m.weight}`);
    if (!profile.hasMember(m.id) || isHiddenId(m.id)) fail(Code.NOT_FOUND, `${what}: no member ${m.id}`);
  }
  const maxSize = g.max_size ?? 0;
  const maxGroupSize = p.info.max_group_size ?? 0;
  if (type === 'INSERT') {
    if (exists) fail(Code.ALREADY_EXISTS, `${what} already exists`);
    if (maxSize < 0) fail(Code.INVALID_ARGUMENT, `${what}: negative max_size`);
    if (maxGroupSize > 0 && !(maxSize > 0 && maxSize <= maxGroupSize)) fail(Code.INVALID_ARGUMENT, `${what}: max_size ${maxSize} must be in 1..${maxGroupSize} (the selector's max_group_size)`);
    if (maxSize > 0 && size > maxSize) fail(Code.RESOURCE_EXHAUSTED, `${what}: its size (the sum of the weights) ${size} exceeds its max_size ${maxSize}`);
    runtimeCall(() => profile.insertGroup(g.group_id, members, maxSize));
    return () => profile.deleteGroup(g.group_id);
  }
  if (!exists) fail(Code.NOT_FOUND, `action profile ${profile.name}: no group ${g.group_id}`);
  const group = profile.group(g.group_id);
  if (maxSize !== group.maxSize) fail(Code.INVALID_ARGUMENT, `${what}: max_size ${maxSize} differs from the ${group.maxSize} it was inserted with`);
  if (group.maxSize > 0 && size > group.maxSize) fail(Code.RESOURCE_EXHAUSTED, `${what}: its size (the sum of the weights) ${size} exceeds its max_size ${group.maxSize}`);
  const before = group.members.map((m) => ({ ...m }));
  runtimeCall(() => profile.modifyGroup(g.group_id, members));
  return () => profile.modifyGroup(g.group_id, before);
}

// ---- counters, meters, registers -----------------------------------------------------------

function indexOf(index: M.Index | null | undefined, size: number, what: string): number {
  const i = Number(index?.index ?? 0);
  if (!Number.isInteger(i) || i < 0) fail(Code.INVALID_ARGUMENT, `${what}: negative index ${index?.index ?? 0}`);
  if (i >= size) fail(Code.OUT_OF_RANGE, `${what}: index ${i} out of range [0, ${size})`);
  return i;
}

function writeCounter(c: WriteContext, type: M.UpdateType, e: M.CounterEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'counter entries can only be modified');
  const counter = c.pipeline.counters.get(e.counter_id) ?? fail(Code.NOT_FOUND, `no counter with id ${e.counter_id}`);
  const object = counter.object;
  const indices = e.index === undefined || e.index === null ? [...Array(object.size).keys()] : [indexOf(e.index, object.size, counter.info.preamble.name)];
  // data unset: the counters are not changed
  if (e.data === undefined || e.data === null) return NOTHING;
  const data = e.data;
  const before = indices.map((i) => counterCell(object, i));
  for (const i of indices) writeCounterData(object, i, data);
  return () => indices.forEach((i, k) => object.write(i, ...before[k]!));
}

/**
 * The table entry a `DirectCounterEntry` or `DirectMeterEntry` names: by its match and priority,
 * or the default entry (`is_default_action`, no match, no priority), whose direct resources are
 * the ones its action uses on a miss (the runtime keeps them under the default record's handle 0;
 * entries' handles start at 1).
 */
function directEntry(c: WriteContext, table: M.TableEntry | null | undefined, what: string): { t: TableInfo; r: TableResult; isDefault: boolean } {
  if (table === undefined || table === null) fail(Code.INVALID_ARGUMENT, `${what}: no table entry given`);
  const t = c.pipeline.table(table.table_id);
  if (table.is_default_action) {
    if ((table.match ?? []).length > 0 || (table.priority ?? 0) !== 0) fail(Code.INVALID_ARGUMENT, `${what}: table ${t.info.preamble.name}: the default entry has no match and no priority`);
    return { t, r: t.runtime.defaultResult, isDefault: true };
  }
  const matches = matchesOf(t, table.match);
  const r = findEntry(t, matches, t.needsPriority ? (table.priority ?? 0) : undefined);
  if (r === undefined) fail(Code.NOT_FOUND, `${what}: table ${t.info.preamble.name} has no such entry`);
  return { t, r, isDefault: false };
}

/** Whether a direct resource Read names one entry (a match, or the default entry) rather than every entry of its table(s). */
function namesOneEntry(table: M.TableEntry | null | undefined): boolean {
  return table !== undefined && table !== null && !!table.table_id && ((table.match ?? []).length > 0 || table.is_default_action === true);
}

function writeDirectCounter(c: WriteContext, type: M.UpdateType, e: M.DirectCounterEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'direct counter entries can only be modified');
  const { t, r } = directEntry(c, e.table_entry, 'direct counter');
  const counter = t.directCounter ?? fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name} has no direct counter`);
  // data unset: the counter is not changed
  if (e.data === undefined || e.data === null) return NOTHING;
  const before = counterCell(counter.object, r.handle);
  writeCounterData(counter.object, r.handle, e.data);
  return () => counter.object.write(r.handle, ...before);
}

function writeMeter(c: WriteContext, type: M.UpdateType, e: M.MeterEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'meter entries can only be modified');
  const meter = c.pipeline.meters.get(e.meter_id) ?? fail(Code.NOT_FOUND, `no meter with id ${e.meter_id}`);
  if (e.counter_data !== undefined && e.counter_data !== null) fail(Code.UNIMPLEMENTED, `meter ${meter.info.preamble.name}: per-colour counter_data is not supported by p4ts: leave it unset`);
  const size = Number(meter.info.size ?? 0);
  const index = e.index === undefined || e.index === null ? undefined : indexOf(e.index, size, meter.info.preamble.name);
  const object = meter.object;
  // config unset: back to the default configuration (every packet GREEN)
  const config = e.config ?? undefined;
  const rates = config !== undefined ? meterRates(config) : undefined;
  const indices = index === undefined ? [...Array(size).keys()] : [index];
  const key = (i: number) => `${e.meter_id}:${i}`;
  const before = indices.map((i) => c.device.meterConfigs.get(key(i)));
  const statesBefore = meterStates(object, size);
  if (rates !== undefined) object.setRates(index, rates[0], rates[1]);
  else {
    const states = [...statesBefore];
    for (const i of indices) states[i] = undefined;
    applyMeterStates(object, states);
  }
  indices.forEach((i) => (config !== undefined ? c.device.meterConfigs.set(key(i), config) : c.device.meterConfigs.delete(key(i))));
  return () => {
    applyMeterStates(object, statesBefore);
    indices.forEach((i, k) => (before[k] !== undefined ? c.device.meterConfigs.set(key(i), before[k]!) : c.device.meterConfigs.delete(key(i))));
  };
}

type MeterState = ReturnType<Meter['getRates']>;

/** The rates of each index of an indexed meter (undefined: the default configuration). */
function meterStates(object: Meter, size: number): MeterState[] {
  return [...Array(size).keys()].map((i) => object.getRates(i));
}

/** Puts an indexed meter's indices to these rates (the runtime resets indices only all at once). */
function applyMeterStates(object: Meter, states: readonly MeterState[]): void {
  object.resetRates();
  states.forEach((rates, i) => {
    if (rates !== undefined) object.setRates(i, rates[0], rates[1]);
  });
}

function writeDirectMeter(c: WriteContext, type: M.UpdateType, e: M.DirectMeterEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'direct meter entries can only be modified');
  const { t, r } = directEntry(c, e.table_entry, 'direct meter');
  if (e.counter_data !== undefined && e.counter_data !== null) fail(Code.UNIMPLEMENTED, `direct meter of table ${t.info.preamble.name}: per-colour counter_data is not supported by p4ts: leave it unset`);
  if (t.directMeter === undefined) fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name} has no direct meter`);
  const config = e.config !== undefined && e.config !== null ? checkedMeterConfig(e.config) : undefined;
  const before = directMeterConfig(c, t, r);
  // config unset: back to the default configuration (every packet GREEN)
  restoreDirectMeter(c, t, r, config);
  return () => restoreDirectMeter(c, t, r, before);
}

function writeRegister(c: WriteContext, type: M.UpdateType, e: M.RegisterEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'register entries can only be modified');
  const register = c.pipeline.registers.get(e.register_id) ?? fail(Code.NOT_FOUND, `no register with id ${e.register_id}`);
  const object = register.object;
  const size = Number(register.info.size ?? object.values.length);
  const bits = e.data?.bitstring;
  if (bits === undefined) fail(Code.INVALID_ARGUMENT, `register ${register.info.preamble.name}: the data must be a bitstring`);
  const value = register.signed ? signedBytesToBig(bits, register.width, `register ${register.info.preamble.name}`) : bytesToBig(bits, register.width, `register ${register.info.preamble.name}`);
  const indices = e.index === undefined || e.index === null ? [...Array(size).keys()] : [indexOf(e.index, size, register.info.preamble.name)];
  const before = indices.map((i) => object.get(i));
  const set = (i: number, v: number | bigint) => (Array.isArray(object.values) ? (object as { set(i: number, v: bigint): void }).set(i, BigInt(v)) : (object as { set(i: number, v: number): void }).set(i, Number(v)));
  for (const i of indices) set(i, value);
  return () => indices.forEach((i, k) => set(i, before[k]!));
}

// ---- packet replication engine -------------------------------------------------------------

function replicaPort(r: M.Replica, ports: ReplicaPorts): number {
  if (r.port_kind === 'port' || (r.port !== undefined && r.port.length > 0)) return Number(bytesToBig(r.port, ports.width, 'replica port'));
  return r.egress_port ?? 0;
}

/** Replicas as (rid, port) pairs: ports of the switch's architecture, no pair twice. */
function checkedReplicas(replicas: readonly M.Replica[], ports: ReplicaPorts, what: string): MulticastMember[] {
  if (replicas.some((r) => (r.backup_replicas ?? []).length > 0)) fail(Code.UNIMPLEMENTED, `${what}: backup replicas are not supported by p4ts`);
  const members = replicas.map((r) => ({ rid: r.instance ?? 0, port: replicaPort(r, ports) }));
  const seen = new Set<string>();
  for (const m of members) {
    if (!ports.isPort(m.port)) fail(Code.INVALID_ARGUMENT, `${what}: port ${m.port} is not a port of the switch (${ports.ports})`);
    if (!(m.rid >= 0 && m.rid <= 0xffff)) fail(Code.INVALID_ARGUMENT, `${what}: instance ${m.rid} above the largest egress_rid 65535`);
    const key = `${m.port}/${m.rid}`;
    if (seen.has(key)) fail(Code.INVALID_ARGUMENT, `${what}: replica (port ${m.port}, instance ${m.rid}) given twice`);
    seen.add(key);
  }
  return members;
}

function writePre(c: WriteContext, type: M.UpdateType, e: M.PacketReplicationEngineEntry): Undo {
  const sw = c.sw;
  if (e.multicast_group_entry) {
    const g = e.multicast_group_entry;
    const id = g.multicast_group_id;
    if (id === 0) fail(Code.INVALID_ARGUMENT, 'multicast group ids are not 0');
    if (!(id >= 1 && id <= 0xffff)) fail(Code.OUT_OF_RANGE, `multicast group id ${id} out of range [1, 65535]`);
    const exists = sw.multicast.raw(id) !== undefined;
    const before = sw.multicast.members(id);
    const members = type === 'DELETE' ? [] : checkedReplicas(g.replicas ?? [], replicaPortsOf(sw), `multicast group ${id}`);
    const metadata = c.device.multicastMetadata;
    const metadataBefore = metadata.get(id);
    const restore = () => {
      if (exists) sw.multicast.setGroup(id, before);
      else sw.multicast.deleteGroup(id);
      if (metadataBefore !== undefined) metadata.set(id, metadataBefore);
      else metadata.delete(id);
    };
    if (type === 'INSERT') {
      if (exists) fail(Code.ALREADY_EXISTS, `multicast group ${id} already exists`);
      sw.multicast.setGroup(id, members);
    } else if (!exists) fail(Code.NOT_FOUND, `no multicast group ${id}`);
    else if (type === 'MODIFY') sw.multicast.setGroup(id, members);
    else sw.multicast.deleteGroup(id);
    // the group's metadata is the client's, kept as written (a DELETE drops it)
    if (type !== 'DELETE' && g.metadata !== undefined && g.metadata.length > 0) metadata.set(id, Uint8Array.from(g.metadata));
    else metadata.delete(id);
    return restore;
  }
  if (e.clone_session_entry) {
    const s = e.clone_session_entry;
    const id = s.session_id;
    if (id === 0) fail(Code.INVALID_ARGUMENT, 'clone session ids are not 0');
    if (!(id >= 1 && id <= 32767)) fail(Code.OUT_OF_RANGE, `clone session id ${id} out of range [1, 32767]`);
    const before = sw.mirroring.get(id);
    if (type === 'DELETE') {
      if (before === undefined) fail(Code.NOT_FOUND, `no clone session ${id}`);
      sw.mirroring.delete(id);
      return () => sw.mirroring.add(id, before);
    }
    if (type === 'INSERT' && before !== undefined) fail(Code.ALREADY_EXISTS, `clone session ${id} already exists`);
    if (type === 'MODIFY' && before === undefined) fail(Code.NOT_FOUND, `no clone session ${id}`);
    const replicas = checkedReplicas(s.replicas ?? [], replicaPortsOf(sw), `clone session ${id}`);
    if (replicas.length === 0) fail(Code.INVALID_ARGUMENT, `clone session ${id}: a clone session needs at least one replica`);
    const cos = s.class_of_service ?? 0;
    const maxCos = sw.mirroring.maxClassOfService;
    if (cos !== 0 && maxCos === 0) fail(Code.UNIMPLEMENTED, `clone session ${id}: class_of_service is not supported by this architecture (v1model has no classes of service)`);
    if (!(cos >= 0 && cos <= maxCos)) fail(Code.INVALID_ARGUMENT, `clone session ${id}: class_of_service ${cos} out of range [0, ${maxCos}]`);
    const truncate = s.packet_length_bytes ?? 0;
    if (truncate < 0) fail(Code.INVALID_ARGUMENT, `clone session ${id}: negative packet_length_bytes`);
    const classOfService = cos !== 0 ? { classOfService: cos } : {};
    const config: MirrorSession =
      replicas.length === 1 && replicas[0]!.rid === 0 && truncate === 0 ? { egressPort: replicas[0]!.port, ...classOfService } : { replicas, ...(truncate > 0 ? { truncateBytes: truncate } : {}), ...classOfService };
    sw.mirroring.add(id, config);
    return () => (before !== undefined ? sw.mirroring.add(id, before) : sw.mirroring.delete(id));
  }
  return fail(Code.INVALID_ARGUMENT, 'the packet replication engine entry is empty');
}

// ---- value sets and digests ----------------------------------------------------------------

function writeValueSet(c: WriteContext, type: M.UpdateType, e: M.ValueSetEntry): Undo {
  if (type !== 'MODIFY') fail(Code.INVALID_ARGUMENT, 'value set entries can only be modified (the members given replace all)');
  const vs = c.pipeline.valueSets.get(e.value_set_id) ?? fail(Code.NOT_FOUND, `no value set with id ${e.value_set_id}`);
  const fields = vs.info.match ?? [];
  const members = e.members ?? [];
  if (members.length > vs.object.size) fail(Code.RESOURCE_EXHAUSTED, `value set ${vs.info.preamble.name}: ${members.length} members exceed its size ${vs.object.size}`);
  const entries = members.map((m) => {
    let value = 0n;
    let mask = 0n;
    for (const f of fields) {
      const w = BigInt(f.bitwidth ?? 0);
      const given = (m.match ?? []).find((x) => x.field_id === f.id);
      let v = 0n;
      let k = 0n;
      if (given !== undefined) {
        if (given.exact) {
          v = bytesToBig(given.exact.value, f.bitwidth ?? 0, `value set ${vs.info.preamble.name}`);
          k = (1n << w) - 1n;
        } else if (given.ternary) {
          v = bytesToBig(given.ternary.value, f.bitwidth ?? 0, `value set ${vs.info.preamble.name}`);
          k = bytesToBig(given.ternary.mask, f.bitwidth ?? 0, `value set ${vs.info.preamble.name} (mask)`);
        } else fail(Code.INVALID_ARGUMENT, `value set ${vs.info.preamble.name}: exact and ternary members only`);
      } else if (f.match_type === 'EXACT' || f.match_type === undefined) fail(Code.INVALID_ARGUMENT, `value set ${vs.info.preamble.name}: exact field ${f.id} missing`);
      value = (value << w) | v;
      mask = (mask << w) | k;
    }
    return { value, mask };
  });
  // read-write symmetry: a member given twice is ALREADY_EXISTS
  const seen = new Set<string>();
  for (const en of entries) {
    const key = `${en.value}/${en.mask}`;
    if (seen.has(key)) fail(Code.ALREADY_EXISTS, `value set ${vs.info.preamble.name}: a member is given twice`);
    seen.add(key);
  }
  const before = snapshotValueSet(vs.object);
  vs.object.clear();
  for (const en of entries) vs.object.add(vs.object.width > 53 ? en.value : Number(en.value), vs.object.width > 53 ? en.mask : Number(en.mask));
  return () => {
    vs.object.clear();
    for (const en of before) vs.object.add(en.value, en.mask);
  };
}

function snapshotValueSet(set: { entries(): { value: number | bigint; mask: number | bigint }[] }): { value: number | bigint; mask: number | bigint }[] {
  return set.entries();
}

function writeDigest(c: WriteContext, type: M.UpdateType, e: M.DigestEntry): Undo {
  const info = c.pipeline.digests.get(e.digest_id) ?? fail(Code.NOT_FOUND, `no digest with id ${e.digest_id}`);
  const before = c.device.digestConfig(e.digest_id);
  const beforeConfig = before ? { max_list_size: before.maxListSize, max_timeout_ns: before.maxTimeoutNs.toString(), ack_timeout_ns: before.ackTimeoutNs.toString() } : undefined;
  if (type === 'INSERT' && before !== undefined) fail(Code.ALREADY_EXISTS, `digest ${info.preamble.name} is already configured`);
  if (type !== 'INSERT' && before === undefined) fail(Code.NOT_FOUND, `digest ${info.preamble.name} is not configured`);
  if (type === 'DELETE') c.device.configureDigest(e.digest_id, undefined);
  else {
    const config = e.config ?? {};
    if ((config.max_list_size ?? 0) < 0) fail(Code.INVALID_ARGUMENT, `digest ${info.preamble.name}: negative max_list_size`);
    c.device.configureDigest(e.digest_id, config);
  }
  return () => c.device.configureDigest(e.digest_id, beforeConfig);
}

// ---- Read ----------------------------------------------------------------------------------

export function readEntities(c: WriteContext, e: M.Entity): M.Entity[] {
  const p = c.pipeline;
  switch (e.entity) {
    case 'table_entry': {
      const want = e.table_entry!;
      if (want.meter_counter_data !== undefined && want.meter_counter_data !== null) perColourCounters('a read of table entries: meter_counter_data');
      const tables = want.table_id ? [p.table(want.table_id)] : [...p.tables.values()];
      if (!want.table_id && (want.match ?? []).length > 0) fail(Code.INVALID_ARGUMENT, 'a read of every table (table_id 0) cannot filter by match: set the table_id');
      const withSinceHit = want.time_since_last_hit !== undefined && want.time_since_last_hit !== null;
      if (want.is_default_action && (withSinceHit || BigInt(want.idle_timeout_ns ?? 0) !== 0n)) fail(Code.INVALID_ARGUMENT, 'the default entry has no idle timeout: idle_timeout_ns must be 0 and time_since_last_hit unset');
      if (withSinceHit && want.table_id && !tables[0]!.ages) fail(Code.INVALID_ARGUMENT, `table ${tables[0]!.info.preamble.name} does not support idle timeouts (support_timeout): time_since_last_hit must be unset`);
      const idle = c.device.idleTimeouts;
      const metadata = c.device.entryMetadata;
      const out: M.Entity[] = [];
      for (const t of tables) {
        const withCounter = want.counter_data !== undefined && want.counter_data !== null && t.directCounter !== undefined;
        const withMeter = want.meter_config !== undefined && want.meter_config !== null && t.directMeter !== undefined;
        const ages = idle !== undefined && t.ages;
        const add = (r: TableResult, isDefault: boolean) => {
          const message = entryMessage(p, t, r, isDefault);
          const counter = withCounter ? { counter_data: counterDataOf(t.directCounter!.object, r.handle) } : {};
          // the configuration written, when asked for (none: the default, unset in the answer)
          const meterConfig = withMeter ? c.device.meterConfigs.get(directMeterKey(t, r)) : undefined;
          const timeout = ages && !isDefault ? idle.timeoutOf(t, r) : 0n;
          const sinceHit = ages && withSinceHit && !isDefault ? { time_since_last_hit: { elapsed_ns: idle.sinceLastHitNs(t, r).toString() } } : {};
          out.push({ table_entry: { ...message, ...metadata.fields(r), ...counter, ...(meterConfig !== undefined ? { meter_config: meterConfig } : {}), ...(timeout !== 0n ? { idle_timeout_ns: timeout.toString() } : {}), ...sinceHit } });
        };
        if (want.is_default_action) {
          add(t.runtime.defaultResult, true);
          continue;
        }
        let records = t.runtime.entries();
        if (want.table_id && (want.match ?? []).length > 0) {
          // The entries with this match, of every priority (a priority other than 0 filters below).
          records = t.runtime.findAll(matchesOf(t, want.match));
        }
        if (want.priority) records = records.filter((r) => entryPriority(t, r) === want.priority);
        if (EntryMetadataStore.filters(want)) records = records.filter((r) => metadata.matches(r, want));
        if (want.action?.action?.action_id) {
          const name = p.action(want.action.action.action_id).info.preamble.name;
          records = records.filter((r) => r.actionId >= 0 && t.runtime.action(r.actionId).name === name);
        }
        for (const r of records) add(r, false);
      }
      return out;
    }
    case 'action_profile_member': {
      const want = e.action_profile_member!;
      const profiles = want.action_profile_id ? [p.profile(want.action_profile_id)] : [...p.profiles.values()];
      const out: M.Entity[] = [];
      for (const prof of profiles) {
        const table = prof.tables[0];
        if (table === undefined) continue;
        for (const id of prof.runtime.memberIds()) {
          if (isHiddenId(id) || (want.member_id && want.member_id !== id)) continue;
          const r = prof.runtime.member(id);
          out.push({ action_profile_member: { action_profile_id: prof.info.preamble.id, member_id: id, action: actionMessageOf(c, table, r) } });
        }
      }
      return out;
    }
    case 'action_profile_group': {
      const want = e.action_profile_group!;
      const profiles = want.action_profile_id ? [p.profile(want.action_profile_id)] : [...p.profiles.values()];
      const out: M.Entity[] = [];
      for (const prof of profiles) {
        if (!prof.runtime.withSelector) continue;
        for (const id of prof.runtime.groupIds()) {
          if (isHiddenId(id) || (want.group_id && want.group_id !== id)) continue;
          const g = prof.runtime.group(id);
          out.push({
            action_profile_group: {
              action_profile_id: prof.info.preamble.id,
              group_id: id,
              members: g.members.map((m) => ({ member_id: m.id, weight: m.weight })),
              ...(g.maxSize > 0 ? { max_size: g.maxSize } : {}),
            },
          });
        }
      }
      return out;
    }
    case 'counter_entry': {
      const want = e.counter_entry!;
      const counters = want.counter_id ? [p.counters.get(want.counter_id) ?? fail(Code.NOT_FOUND, `no counter with id ${want.counter_id}`)] : [...p.counters.values()];
      const out: M.Entity[] = [];
      for (const counter of counters) {
        const indices = want.index ? [indexOf(want.index, counter.object.size, counter.info.preamble.name)] : [...Array(counter.object.size).keys()];
        for (const i of indices) {
          out.push({ counter_entry: { counter_id: counter.info.preamble.id, index: { index: String(i) }, data: counterDataOf(counter.object, i) } });
        }
      }
      return out;
    }
    case 'direct_counter_entry': {
      const want = e.direct_counter_entry!;
      const tables = want.table_entry?.table_id ? [p.table(want.table_entry.table_id)] : [...p.directCounters.values()];
      const out: M.Entity[] = [];
      for (const t of tables) {
        const counter = t.directCounter;
        if (counter === undefined) fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name} has no direct counter`);
        const records = namesOneEntry(want.table_entry) ? [directEntry(c, want.table_entry, 'direct counter')] : t.runtime.entries().map((r) => ({ r, isDefault: false }));
        for (const { r, isDefault } of records) {
          out.push({ direct_counter_entry: { table_entry: entryMessage(p, t, r, isDefault), data: counterDataOf(counter.object, r.handle) } });
        }
      }
      return out;
    }
    case 'meter_entry': {
      const want = e.meter_entry!;
      if (want.counter_data !== undefined && want.counter_data !== null) perColourCounters('a read of meter entries: counter_data');
      const meters = want.meter_id ? [p.meters.get(want.meter_id) ?? fail(Code.NOT_FOUND, `no meter with id ${want.meter_id}`)] : [...p.meters.values()];
      const out: M.Entity[] = [];
      for (const meter of meters) {
        const size = Number(meter.info.size ?? 0);
        const indices = want.index ? [indexOf(want.index, size, meter.info.preamble.name)] : [...Array(size).keys()];
        for (const i of indices) {
          const config = c.device.meterConfigs.get(`${meter.info.preamble.id}:${i}`);
          out.push({ meter_entry: { meter_id: meter.info.preamble.id, index: { index: String(i) }, ...(config ? { config } : {}) } });
        }
      }
      return out;
    }
    case 'direct_meter_entry': {
      const want = e.direct_meter_entry!;
      if (want.counter_data !== undefined && want.counter_data !== null) perColourCounters('a read of direct meter entries: counter_data');
      const tables = want.table_entry?.table_id ? [p.table(want.table_entry.table_id)] : [...p.directMeters.values()];
      const out: M.Entity[] = [];
      for (const t of tables) {
        if (t.directMeter === undefined) fail(Code.INVALID_ARGUMENT, `table ${t.info.preamble.name} has no direct meter`);
        // one entry (by its match, or the default entry), or every entry of the table
        const records = namesOneEntry(want.table_entry) ? [directEntry(c, want.table_entry, 'direct meter')] : t.runtime.entries().map((r) => ({ r, isDefault: false }));
        for (const { r, isDefault } of records) {
          const config = c.device.meterConfigs.get(directMeterKey(t, r));
          out.push({ direct_meter_entry: { table_entry: entryMessage(p, t, r, isDefault), ...(config ? { config } : {}) } });
        }
      }
      return out;
    }
    case 'register_entry': {
      const want = e.register_entry!;
      const registers = want.register_id ? [p.registers.get(want.register_id) ?? fail(Code.NOT_FOUND, `no register with id ${want.register_id}`)] : [...p.registers.values()];
      const out: M.Entity[] = [];
      for (const reg of registers) {
        const size = Number(reg.info.size ?? reg.object.values.length);
        const indices = want.index ? [indexOf(want.index, size, reg.info.preamble.name)] : [...Array(size).keys()];
        const cell = (i: number) => (reg.signed ? bigToSignedBytes(BigInt.asIntN(Math.max(1, reg.width), BigInt(reg.object.get(i)))) : bigToBytes(BigInt.asUintN(Math.max(1, reg.width), BigInt(reg.object.get(i)))));
        for (const i of indices) out.push({ register_entry: { register_id: reg.info.preamble.id, index: { index: String(i) }, data: { bitstring: cell(i) } } });
      }
      return out;
    }
    case 'packet_replication_engine_entry': {
      const sw = c.sw;
      const want = e.packet_replication_engine_entry!;
      if (want.multicast_group_entry) {
        const id = want.multicast_group_entry.multicast_group_id;
        const ids = id ? [id] : sw.multicast.groupIds();
        return ids
          .filter((g) => sw.multicast.raw(g) !== undefined)
          .map((g) => {
            const metadata = c.device.multicastMetadata.get(g);
            return { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: g, replicas: sw.multicast.members(g).map((m) => ({ port: bigToBytes(m.port), instance: m.rid })), ...(metadata !== undefined ? { metadata } : {}) } } };
          });
      }
      if (want.clone_session_entry) {
        const id = want.clone_session_entry.session_id;
        const ids = id ? [id] : sw.mirroring.sessionIds();
        return ids.flatMap((s) => {
          const session = sw.mirroring.get(s);
          // Sessions to a multicast group (set by an entries file or STF) have no P4Runtime form.
          const replicas = session?.replicas ?? (session?.egressPort !== undefined && session.mcastGrp === undefined ? [{ port: session.egressPort, rid: 0 }] : undefined);
          if (replicas === undefined) return [];
          const truncate = session?.truncateBytes !== undefined ? { packet_length_bytes: session.truncateBytes } : {};
          const cos = session?.classOfService ? { class_of_service: session.classOfService } : {};
          return [{ packet_replication_engine_entry: { clone_session_entry: { session_id: s, replicas: replicas.map((r) => ({ port: bigToBytes(r.port), instance: r.rid })), ...cos, ...truncate } } }];
        });
      }
      return fail(Code.INVALID_ARGUMENT, 'read of an empty packet replication engine entry');
    }
    case 'value_set_entry': {
      const want = e.value_set_entry!;
      const sets = want.value_set_id ? [p.valueSets.get(want.value_set_id) ?? fail(Code.NOT_FOUND, `no value set with id ${want.value_set_id}`)] : [...p.valueSets.values()];
      return sets.map((vs) => {
        const fields = vs.info.match ?? [];
        return {
          value_set_entry: {
            value_set_id: vs.info.preamble.id,
            members: vs.object.entries().map((en) => {
              let value = BigInt(en.value);
              let mask = BigInt(en.mask);
              const match: M.FieldMatch[] = [];
              for (const f of [...fields].reverse()) {
                const w = BigInt(f.bitwidth ?? 0);
                const full = (1n << w) - 1n;
                const v = value & full;
                const k = mask & full;
                value >>= w;
                mask >>= w;
                if (k === full) match.unshift({ field_id: f.id, exact: { value: bigToBytes(v) } });
                else if (k !== 0n) match.unshift({ field_id: f.id, ternary: { value: bigToBytes(v), mask: bigToBytes(k) } });
              }
              return { match };
            }),
          },
        };
      });
    }
    case 'digest_entry': {
      const want = e.digest_entry!;
      const ids = want.digest_id ? [want.digest_id] : [...p.digests.keys()];
      return ids.flatMap((id) => {
        const state = c.device.digestConfig(id);
        if (state === undefined) return [];
        return [{ digest_entry: { digest_id: id, config: { max_list_size: state.maxListSize, max_timeout_ns: state.maxTimeoutNs.toString(), ack_timeout_ns: state.ackTimeoutNs.toString() } } }];
      });
    }
    case 'extern_entry': {
      // The P4Info has no architecture-specific externs: a wildcard read finds none.
      const want = e.extern_entry!;
      if (want.extern_type_id) fail(Code.NOT_FOUND, `no extern type with id ${want.extern_type_id} (the P4Info has no externs)`);
      return [];
    }
    case undefined:
      return fail(Code.INVALID_ARGUMENT, 'the entity to read is empty: set one kind of entity (an empty one reads all of that kind)');
    default:
      return fail(Code.UNIMPLEMENTED, `reading ${String(e.entity)} is not supported by p4ts`);
  }
}

/** A counter's cells as the server reads and writes them: an indexed counter's indices, a direct counter's entry handles. */
interface CounterCells {
  readPackets(index: number): number;
  readBytes(index: number): number;
  write(index: number, packets: number, bytes: number): void;
}

/** A cell's packets and bytes, to write back (`cells.write(index, ...cell)`). */
function counterCell(cells: CounterCells, index: number): [packets: number, bytes: number] {
  return [cells.readPackets(index), cells.readBytes(index)];
}

/** A cell as the CounterData message Reads answer with. */
function counterDataOf(cells: CounterCells, index: number): M.CounterData {
  return { packet_count: String(cells.readPackets(index)), byte_count: String(cells.readBytes(index)) };
}

/** Sets a cell from a CounterData message (a count left out is 0). */
function writeCounterData(cells: CounterCells, index: number, data: M.CounterData): void {
  cells.write(index, Number(data.packet_count ?? 0), Number(data.byte_count ?? 0));
}

/** Meters' per-colour counters: the specification asks UNIMPLEMENTED of a target without them, in a Read or a Write. */
function perColourCounters(what: string): never {
  return fail(Code.UNIMPLEMENTED, `${what}: per-colour meter counters are not supported by p4ts: leave it unset`);
}

function actionMessageOf(c: WriteContext, t: TableInfo, r: TableResult): M.Action {
  const name = t.runtime.action(r.actionId).name;
  const id = c.pipeline.actionsByName.get(name)!;
  const info = c.pipeline.action(id);
  return { action_id: id, params: [...info.params].map(([paramId, p]) => ({ param_id: paramId, value: bigToBytes(r.args[p.index] ?? 0) })) };
}
