/** RECONCILE_AND_COMMIT's P4Info comparison: what may differ and what may not. */
import { describe, expect, it } from 'vitest';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { sameProgram } from '../../../runtime/p4runtime/server/p4info-identity.ts';

const table = (id: number, name: string, fields: number[], actions: number[]) => ({
  preamble: { id, name, alias: name.split('.').pop()! },
  match_fields: fields.map((f) => ({ id: f, name: `f${f}`, bitwidth: 8, match_type: 'EXACT' as const })),
  action_refs: actions.map((a) => ({ id: a })),
  size: '16',
});
const action = (id: number, name: string) => ({ preamble: { id, name, alias: name }, params: [{ id: 1, name: 'p', bitwidth: 8 }] });
const base = { pkg_info: { arch: 'v1model' }, tables: [table(1, 'I.t1', [1, 2], [10, 11]), table(2, 'I.t2', [1], [10])], actions: [action(10, 'a'), action(11, 'b')] } as unknown as P4Info;
const config = Uint8Array.of(1, 2, 3);
const same = (p4info: unknown, deviceConfig = config) => sameProgram({ p4info: base, deviceConfig: config }, { p4info: p4info as P4Info, deviceConfig });

describe('sameProgram (RECONCILE_AND_COMMIT)', () => {
  it('documentation, aliases, annotations and the order of the objects with a preamble may differ', () => {
    expect(same(base)).toBe(true);
    expect(same({ ...base, pkg_info: { arch: 'v1model', name: 'other' }, tables: [...base.tables!].reverse().map((t) => ({ ...t, preamble: { ...t.preamble, alias: 'x', annotations: ['@hidden'], doc: { brief: 'b' } } })) })).toBe(true);
    expect(same({ ...base, actions: [...base.actions!].reverse() })).toBe(true);
  });

  it('another id, another object, another order inside an object or another device config is another program', () => {
    expect(same({ ...base, tables: [{ ...base.tables![0]!, preamble: { ...base.tables![0]!.preamble, id: 3 } }, base.tables![1]] })).toBe(false);
    expect(same({ ...base, actions: [base.actions![0]] })).toBe(false);
    expect(same({ ...base, tables: [table(1, 'I.t1', [2, 1], [10, 11]), base.tables![1]] })).toBe(false); // match_fields reordered
    expect(same({ ...base, tables: [table(1, 'I.t1', [1, 2], [11, 10]), base.tables![1]] })).toBe(false); // action_refs reordered
    expect(same(base, Uint8Array.of(1, 2, 4))).toBe(false);
    expect(same(base, Uint8Array.of(1, 2))).toBe(false);
  });
});
