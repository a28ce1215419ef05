/**
 * `action_profile` and `action_selector` (v1model) at run time: the members (an action with its
 * data, by member id) and groups (members with weights, by group id) of one profile, which the
 * entries of the tables using it point at instead of holding an action themselves.
 *
 * Data plane: a table entry's record (`TableResult`) has `member` or `group` set; generated code
 * follows them — `group.pick(hash)` chooses a member by the selector's hash over its `selector`
 * keys, `hash % (sum of weights)` over the members in order, each repeated by its weight (bmv2
 * picks `hash % members`, the same with weights 1). Member and group records are updated in
 * place by the control plane, so entries see a changed member at once. Nothing is allocated per
 * packet.
 *
 * Control plane: members and groups are created, changed and deleted by id (P4Runtime ids, or the
 * handles the STF commands print); a member still in a group or used by an entry, or a group used
 * by an entry, cannot be deleted. Every failure is a `ControlError`.
 */
import type { TableActionDescription } from './description.ts';
import { ControlError } from './errors.ts';
import type { ActionArgs, TableResult } from './runtime-table.ts';

/** A group of members; `pick` is what generated code calls. */
export class ActionGroup {
  /** The members in order, each `weight` times: what `pick` indexes. */
  private slots: TableResult[] = [];
  members: { readonly id: number; readonly weight: number }[] = [];
  /** Table entries pointing at this group. */
  users = 0;

  constructor(
    readonly id: number,
    readonly maxSize: number,
  ) {}

  /** The member the hash selects, or `null` when the group is empty. */
  pick(hash: number): TableResult | null {
    const n = this.slots.length;
    if (n === 0) return null;
    return this.slots[(hash >>> 0) % n]!;
  }

  /** @internal */
  setSlots(members: { id: number; weight: number }[], records: TableResult[]): void {
    this.members = members;
    this.slots = records;
  }
}

interface MemberState {
  readonly record: TableResult;
  /** Groups containing this member, and entries pointing at it. */
  groups: number;
  users: number;
}

export interface ActionProfileDescription {
  /** Control-plane name (`MyIngress.ecmp_selector`). */
  readonly name: string;
  readonly withSelector: boolean;
  /** Most members the profile holds (P4 `size`); 0: unlimited. */
  readonly size: number;
  /** Most members of one group (`@max_group_size`); 0: unlimited. */
  readonly maxGroupSize?: number;
}

/** What a profile needs from a table to check an action (the first table using it). */
export interface ActionChecker {
  action(action: string | number): TableActionDescription;
  checkedArgs(action: TableActionDescription, args: ActionArgs): (number | bigint)[];
  newRecord(actionId: number, args: (number | bigint)[]): TableResult;
}

export class ActionProfile {
  readonly name: string;
  readonly withSelector: boolean;
  readonly size: number;
  readonly maxGroupSize: number;
  private readonly memberStates = new Map<number, MemberState>();
  private readonly groupsById = new Map<number, ActionGroup>();
  private checker: ActionChecker | undefined;

  constructor(description: ActionProfileDescription) {
    this.name = description.name;
    this.withSelector = description.withSelector;
    this.size = description.size;
    this.maxGroupSize = description.maxGroupSize ?? 0;
  }

  /** @internal the first table that uses this profile registers itself here. */
  attach(checker: ActionChecker): void {
    this.checker ??= checker;
  }

  private get tables(): ActionChecker {
    if (this.checker === undefined) throw new ControlError(`action profile ${this.name} is used by no table`);
    return this.checker;
  }

  // ---- members -------------------------------------------------------------------------------

  insertMember(id: number, action: string | number, args: ActionArgs = []): TableResult {
    if (this.memberStates.has(id)) throw new ControlError(`action profile ${this.name}: member ${id} already exists`);
    if (this.size > 0 && this.memberStates.size >= this.size) throw new ControlError(`action profile ${this.name} is full (size ${this.size})`);
    const a = this.tables.action(action);
    const values = this.tables.checkedArgs(a, args);
    const record = this.tables.newRecord(a.id, values);
    this.memberStates.set(id, { record, groups: 0, users: 0 });
    return record;
  }

  modifyMember(id: number, action: string | number, args: ActionArgs = []): void {
    const m = this.memberState(id);
    const a = this.tables.action(action);
    const values = this.tables.checkedArgs(a, args);
    m.record.actionId = a.id;
    m.record.setArgs(values);
  }

  deleteMember(id: number): void {
    const m = this.memberState(id);
    if (m.groups > 0) throw new ControlError(`action profile ${this.name}: member ${id} is in ${m.groups} group(s)`);
    if (m.users > 0) throw new ControlError(`action profile ${this.name}: member ${id} is used by ${m.users} table entr${m.users === 1 ? 'y' : 'ies'}`);
    this.memberStates.delete(id);
  }

  member(id: number): TableResult {
    return this.memberState(id).record;
  }

  hasMember(id: number): boolean {
    return this.memberStates.has(id);
  }

  memberIds(): number[] {
    return [...this.memberStates.keys()];
  }

  // ---- groups --------------------------------------------------------------------------------

  insertGroup(id: number, members: readonly { readonly id: number; readonly weight?: number }[] = [], maxSize = 0): ActionGroup {
    if (!this.withSelector) throw new ControlError(`action profile ${this.name} has no selector: it has no groups`);
    if (this.groupsById.has(id)) throw new ControlError(`action profile ${this.name}: group ${id} already exists`);
    if (this.maxGroupSize > 0 && maxSize > this.maxGroupSize) throw new ControlError(`action profile ${this.name}: group max_size ${maxSize} exceeds the profile's max_group_size ${this.maxGroupSize}`);
    const group = new ActionGroup(id, maxSize);
    this.setMembers(group, members);
    this.groupsById.set(id, group);
    return group;
  }

  modifyGroup(id: number, members: readonly { readonly id: number; readonly weight?: number }[]): void {
    this.setMembers(this.group(id), members);
  }

  deleteGroup(id: number): void {
    const g = this.group(id);
    if (g.users > 0) throw new ControlError(`action profile ${this.name}: group ${id} is used by ${g.users} table entr${g.users === 1 ? 'y' : 'ies'}`);
    for (const m of g.members) this.memberState(m.id).groups--;
    this.groupsById.delete(id);
  }

  group(id: number): ActionGroup {
    const g = this.groupsById.get(id);
    if (g === undefined) throw new ControlError(`action profile ${this.name}: no group ${id}`);
    return g;
  }

  hasGroup(id: number): boolean {
    return this.groupsById.has(id);
  }

  groupIds(): number[] {
    return [...this.groupsById.keys()];
  }

  /** Removes every member and group (the tables' entries must be gone first). */
  clear(): void {
    this.memberStates.clear();
    this.groupsById.clear();
  }

  // ---- entries -------------------------------------------------------------------------------

  /** @internal an entry starts (+1) or stops (-1) pointing at a member. */
  useMember(id: number, delta: number): TableResult {
    const m = this.memberState(id);
    m.users += delta;
    return m.record;
  }

  /** @internal an entry starts (+1) or stops (-1) pointing at a group. */
  useGroup(id: number, delta: number): ActionGroup {
    const g = this.group(id);
    g.users += delta;
    return g;
  }

  private memberState(id: number): MemberState {
    const m = this.memberStates.get(id);
    if (m === undefined) throw new ControlError(`action profile ${this.name}: no member ${id}`);
    return m;
  }

  private setMembers(group: ActionGroup, members: readonly { readonly id: number; readonly weight?: number }[]): void {
    const seen = new Set<number>();
    const list: { id: number; weight: number }[] = [];
    for (const m of members) {
      if (seen.has(m.id)) throw new ControlError(`action profile ${this.name}: group ${group.id}: member ${m.id} given twice`);
      seen.add(m.id);
      this.memberState(m.id);
      const weight = m.weight === undefined || m.weight === 0 ? 1 : m.weight;
      if (!Number.isInteger(weight) || weight < 1) throw new ControlError(`action profile ${this.name}: group ${group.id}: member ${m.id}: weight ${weight} is not a positive integer`);
      list.push({ id: m.id, weight });
    }
    const limit = group.maxSize > 0 ? group.maxSize : this.maxGroupSize;
    if (limit > 0 && list.length > limit) throw new ControlError(`action profile ${this.name}: group ${group.id}: ${list.length} members exceed its max size ${limit}`);
    for (const m of group.members) this.memberState(m.id).groups--;
    for (const m of list) this.memberState(m.id).groups++;
    const slots: TableResult[] = [];
    for (const m of list) for (let i = 0; i < m.weight; i++) slots.push(this.memberState(m.id).record);
    group.setSlots(list, slots);
  }
}
