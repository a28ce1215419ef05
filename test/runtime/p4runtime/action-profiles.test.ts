/**
 * Action profiles and selectors over P4Runtime (test/fixtures/stf/action-selector.p4, served on
 * 127.0.0.1): members and groups written, read and used by table entries; one-shot action sets
 * (the server's hidden members and groups, read back as the set, gone with the entry); the
 * packets the entries forward.
 */
import { describe, expect, it } from 'vitest';
import { bytes, failure, id as idIn, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

describe('P4Runtime server: action profiles and selectors', () => {
  const session = useServedSession(`${root}test/fixtures/stf/action-selector.p4`);
  const write = (updates: object[], atomicity?: string) => session.write(updates, atomicity);
  const id = (kind: Parameters<typeof idIn>[1], name: string) => idIn(session.s.program.p4info, kind, name);
  const selector = () => id('action_profiles', 'ecmp_selector');
  const tags = () => id('action_profiles', 'I.tags');
  const ecmp = () => id('tables', 'I.ecmp');
  const tagging = () => id('tables', 'I.tagging');
  const send = (port: number) => ({ action_id: id('actions', 'I.send'), params: [{ param_id: 1, value: Uint8Array.of(port) }] });
  const setTag = (tag: number) => ({ action_id: id('actions', 'I.set_tag'), params: [{ param_id: 1, value: Uint8Array.of(tag) }] });
  const ecmpEntry = (dst: string, action: object) => ({ table_entry: { table_id: ecmp(), match: [{ field_id: 1, exact: { value: bytes(dst) } }], action } });
  /** The port each packet (to `dst`, selector byte `sel`) leaves on. */
  const ports = (dst: string, sels: readonly number[]): number[] => {
    const sw = session.s.device.switch!;
    return sels.map((sel) => {
      session.s.out.length = 0;
      sw.inject(0, bytes(`${dst}000000000009` + `88b6${sel.toString(16).padStart(2, '0')}00`));
      sw.runUntilIdle();
      return session.s.out.length === 1 ? session.s.out[0]![0] : -1;
    });
  };
  const profile = () => session.s.device.pipeline!.profile(selector()).runtime;

  it('members, groups with weights, and entries naming them: written, read back, forwarding', async () => {
    await write([1, 2].map((m) => ({ type: 'INSERT', entity: { action_profile_member: { action_profile_id: selector(), member_id: m, action: send(m) } } })));
    await write([{ type: 'INSERT', entity: { action_profile_group: { action_profile_id: selector(), group_id: 1, members: [{ member_id: 1, weight: 1 }, { member_id: 2, weight: 1 }], max_size: 4 } } }]);
    await write([{ type: 'INSERT', entity: ecmpEntry('000000000001', { action_profile_group_id: 1 }) }, { type: 'INSERT', entity: ecmpEntry('000000000002', { action_profile_member_id: 2 }) }]);
    expect(ports('000000000001', [0, 1, 2, 3])).toEqual([1, 2, 1, 2]);
    expect(ports('000000000002', [0, 1])).toEqual([2, 2]);
    const members = await session.c.read({ device_id: 1, entities: [{ action_profile_member: { action_profile_id: selector() } }] });
    expect(members.map((m) => (m as { action_profile_member: { member_id: number } }).action_profile_member.member_id).sort()).toEqual([1, 2]);
    const groups = await session.c.read({ device_id: 1, entities: [{ action_profile_group: { action_profile_id: 0 } }] });
    expect(groups).toMatchObject([{ action_profile_group: { group_id: 1, members: [{ member_id: 1, weight: 1 }, { member_id: 2, weight: 1 }], max_size: 4 } }]);
    const entries = await session.c.read({ device_id: 1, entities: [{ table_entry: { table_id: ecmp() } }] });
    expect(entries.map((e) => (e as { table_entry: { action: object } }).table_entry.action)).toMatchObject([{ action_profile_group_id: 1 }, { action_profile_member_id: 2 }]);
    // A member in use cannot go; a group naming a missing member cannot be made.
    expect(await write([{ type: 'DELETE', entity: { action_profile_member: { action_profile_id: selector(), member_id: 1 } } }]).catch(failure)).toMatchObject({ errors: [{ canonical_code: 9 }] });
    expect(await write([{ type: 'INSERT', entity: { action_profile_group: { action_profile_id: selector(), group_id: 2, members: [{ member_id: 9, weight: 1 }] } } }]).catch(failure)).toMatchObject({ errors: [{ canonical_code: 5 }] });
  });

  it('one-shot action sets: hidden members and a group, read back as the set, replaced and removed with the entry', async () => {
    const before = profile().memberIds().length;
    const set = (...actions: [number, number][]) => ({ action_profile_action_set: { action_profile_actions: actions.map(([port, weight]) => ({ action: send(port), weight })) } });
    await write([{ type: 'INSERT', entity: ecmpEntry('000000000003', set([5, 1], [6, 1])) }]);
    expect(ports('000000000003', [0, 1, 2])).toEqual([5, 6, 5]);
    const [entry] = await session.c.read({ device_id: 1, entities: [{ table_entry: { table_id: ecmp(), match: [{ field_id: 1, exact: { value: bytes('000000000003') } }] } }] });
    const actions = (entry as { table_entry: { action: { action_profile_action_set: { action_profile_actions: { action: { params: { value: Uint8Array }[] }; weight: number }[] } } } }).table_entry.action.action_profile_action_set.action_profile_actions;
    expect(actions.map((a) => [[...a.action.params[0]!.value][0], a.weight])).toEqual([
      [5, 1],
      [6, 1],
    ]);
    // The hidden objects are not the client's to read.
    expect(await session.c.read({ device_id: 1, entities: [{ action_profile_member: { action_profile_id: selector() } }] })).toHaveLength(2);
    expect(await session.c.read({ device_id: 1, entities: [{ action_profile_group: { action_profile_id: selector() } }] })).toHaveLength(1);
    expect(profile().memberIds().length).toBe(before + 2);
    await write([{ type: 'MODIFY', entity: ecmpEntry('000000000003', set([7, 1])) }]);
    expect(ports('000000000003', [0, 1])).toEqual([7, 7]);
    expect(profile().memberIds().length).toBe(before + 1);
    // A batch that fails is undone: the entry keeps its set, no hidden object is left behind.
    const bad = await write([{ type: 'MODIFY', entity: ecmpEntry('000000000003', set([8, 1], [9, 2])) }, { type: 'INSERT', entity: ecmpEntry('000000000002', { action_profile_member_id: 1 }) }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(bad).toMatchObject({ errors: [{ canonical_code: 10 }, { canonical_code: 6 }] });
    expect(ports('000000000003', [0, 1])).toEqual([7, 7]);
    expect(profile().memberIds().length).toBe(before + 1);
    await write([{ type: 'DELETE', entity: ecmpEntry('000000000003', set([7, 1])) }]);
    expect(profile().memberIds().length).toBe(before);
    expect(profile().groupIds()).toEqual([1]);
  });

  it('one-shot sets are checked: weights, the size of a profile without selector, a table without profile', async () => {
    const one = (action: object, weight = 1) => ({ action_profile_action_set: { action_profile_actions: [{ action, weight }] } });
    const tagEntry = (action: object) => ({ table_entry: { table_id: tagging(), match: [{ field_id: 1, exact: { value: bytes('88b5') } }], action } });
    const codes = async (entity: object) => ((await write([{ type: 'INSERT', entity }]).catch(failure)) as ReturnType<typeof failure>).errors.map((e) => e.canonical_code);
    expect(await codes(ecmpEntry('000000000004', one(send(1), 0)))).toEqual([3]);
    expect(await codes(ecmpEntry('000000000004', { action_profile_action_set: { action_profile_actions: [] } }))).toEqual([3]);
    expect(await codes(tagEntry({ action_profile_action_set: { action_profile_actions: [{ action: setTag(1), weight: 1 }, { action: setTag(2), weight: 1 }] } }))).toEqual([3]);
    expect(await codes(ecmpEntry('000000000004', { action_profile_action_set: { action_profile_actions: [{ action: send(1), weight: 1, watch_port: Uint8Array.of(1) }] } }))).toEqual([12]);
    // A profile without selector takes a set of one action: a hidden member.
    await write([{ type: 'INSERT', entity: tagEntry(one(setTag(0xbb))) }]);
    expect(await session.c.read({ device_id: 1, entities: [{ action_profile_member: { action_profile_id: tags() } }] })).toHaveLength(0);
    session.s.out.length = 0;
    session.s.device.switch!.inject(0, bytes('000000000001000000000009' + '88b50000'));
    session.s.device.switch!.runUntilIdle();
    expect(session.s.out.map(([, hex]) => hex.slice(-4))).toEqual(['00bb']);
  });
});
