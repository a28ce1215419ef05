/**
 * One-shot action selector programming (`ActionProfileActionSet` in a table entry): the server
 * makes the members and the group the set describes in the table's action profile, under ids the
 * client cannot name (at or above 2^32: P4Runtime's ids are 32-bit), points the entry at them, and
 * removes them when the entry stops using them. They are not returned by Reads of members and
 * groups; a Read of the entry returns the action set again.
 *
 * A profile without a selector takes a set of exactly one action (a hidden member); a selector
 * takes up to its `max_group_size` actions, each with a positive weight (a hidden group).
 */
import type { ActionArgs, IndirectAction } from '../../control/runtime-table.ts';
import type { ActionProfile } from '../../control/action-profile.ts';
import type * as M from './messages.ts';
import { Code, fail } from './status.ts';

/** The first id of the objects one-shot programming makes. */
const HIDDEN_BASE = 2 ** 32;

export function isHiddenId(id: number): boolean {
  return id >= HIDDEN_BASE;
}

export interface OneShotAction {
  readonly runtimeId: number;
  readonly args: ActionArgs;
  readonly weight: number;
}

/** Checks the parts of an action set that do not depend on its actions; the caller checks those. */
export function checkActionSet(set: M.ActionProfileActionSet, withSelector: boolean, maxGroupSize: number, table: string): readonly M.ActionProfileAction[] {
  const list = set.action_profile_actions ?? [];
  if (list.length === 0) fail(Code.INVALID_ARGUMENT, `table ${table}: the one-shot action set is empty`);
  if (!withSelector && list.length !== 1) fail(Code.INVALID_ARGUMENT, `table ${table}: its action profile has no selector: a one-shot action set holds exactly one action, not ${list.length}`);
  if (maxGroupSize > 0 && list.length > maxGroupSize) fail(Code.INVALID_ARGUMENT, `table ${table}: ${list.length} actions exceed the selector's max_group_size ${maxGroupSize}`);
  if (set.group_action !== undefined && set.group_action !== null) fail(Code.UNIMPLEMENTED, `table ${table}: a per-group action (group_action) is not supported by p4ts`);
  if ((set.action_selection_mode ?? 'DEFAULT_MODE_DETERMINED_BY_ACTION_SELECTOR') !== 'DEFAULT_MODE_DETERMINED_BY_ACTION_SELECTOR') {
    fail(Code.UNIMPLEMENTED, `table ${table}: action_selection_mode ${set.action_selection_mode}: p4ts selects by the selector's hash only`);
  }
  if ((set.size_semantics ?? 'DEFAULT_SIZE_DETERMINED_BY_ACTION_SELECTOR') !== 'DEFAULT_SIZE_DETERMINED_BY_ACTION_SELECTOR') {
    fail(Code.UNIMPLEMENTED, `table ${table}: size_semantics ${set.size_semantics} is not supported by p4ts`);
  }
  list.forEach((a, i) => {
    if (a.action === undefined || a.action === null) fail(Code.INVALID_ARGUMENT, `table ${table}: action ${i} of the one-shot set has no action`);
    if (!((a.weight ?? 0) > 0)) fail(Code.INVALID_ARGUMENT, `table ${table}: action ${i} of the one-shot set needs a positive weight, not ${a.weight ?? 0}`);
    if ((a.watch ?? 0) !== 0 || (a.watch_port !== undefined && a.watch_port.length > 0)) fail(Code.UNIMPLEMENTED, `table ${table}: watch ports are not supported by p4ts`);
  });
  return list;
}

const nextIds = new WeakMap<ActionProfile, number>();

function hiddenId(profile: ActionProfile): number {
  const id = nextIds.get(profile) ?? HIDDEN_BASE;
  nextIds.set(profile, id + 1);
  return id;
}

/** A one-shot target and what it is made of (to remove it, and to make it again on undo). */
export interface OneShotTarget {
  readonly target: IndirectAction;
  readonly members: readonly { readonly id: number; readonly action: OneShotAction }[];
}

/** Makes the hidden member (no selector) or members and group of an action set. */
export function createOneShot(profile: ActionProfile, actions: readonly OneShotAction[]): OneShotTarget {
  const members = actions.map((action) => ({ id: hiddenId(profile), action }));
  const groupId = profile.withSelector ? hiddenId(profile) : undefined;
  const shot: OneShotTarget = { target: groupId !== undefined ? { group: groupId } : { member: members[0]!.id }, members };
  makeOneShot(profile, shot);
  return shot;
}

/** Makes the objects of `shot` (again), with their ids; on a failure, nothing is left. */
export function makeOneShot(profile: ActionProfile, shot: OneShotTarget): void {
  const made: number[] = [];
  try {
    for (const m of shot.members) {
      profile.insertMember(m.id, m.action.runtimeId, m.action.args);
      made.push(m.id);
    }
    if ('group' in shot.target) profile.insertGroup(shot.target.group, shot.members.map((m) => ({ id: m.id, weight: m.action.weight })));
  } catch (e) {
    for (const id of made) profile.deleteMember(id);
    throw e;
  }
}

/** The one-shot objects an entry points at, if its target is one. */
export function oneShotOf(profile: ActionProfile, target: IndirectAction | undefined): OneShotTarget | undefined {
  if (target === undefined) return undefined;
  if ('group' in target) {
    if (!isHiddenId(target.group)) return undefined;
    const g = profile.group(target.group);
    return { target, members: g.members.map((m) => ({ id: m.id, action: actionOfMember(profile, m.id, m.weight) })) };
  }
  if (!isHiddenId(target.member)) return undefined;
  return { target, members: [{ id: target.member, action: actionOfMember(profile, target.member, 1) }] };
}

function actionOfMember(profile: ActionProfile, id: number, weight: number): OneShotAction {
  const r = profile.member(id);
  return { runtimeId: r.actionId, args: [...r.args], weight };
}

/** Removes the objects of `shot` (no entry may point at them any more). */
export function removeOneShot(profile: ActionProfile, shot: OneShotTarget): void {
  if ('group' in shot.target) profile.deleteGroup(shot.target.group);
  for (const m of shot.members) profile.deleteMember(m.id);
}
