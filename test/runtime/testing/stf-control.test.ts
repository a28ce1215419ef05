import { describe, expect, it } from 'vitest';
import { RuntimeTable } from '../../../runtime/control/index.ts';
import { parseStf } from '../../../runtime/io/stf.ts';
import { StfControlPlane, type StfControlCommand } from '../../../runtime/testing/index.ts';
import { MirroringSessions, MulticastGroups, NamedObjectRegistry } from '../../../runtime/v1model/index.ts';

function setup() {
  const objects = new NamedObjectRegistry();
  const table = objects.add(
    'ingress.ex1',
    'table',
    new RuntimeTable({
      name: 'ingress.ex1',
      id: 1,
      keys: [{ name: 'hdrs.extra[0].h', matchKind: 'ternary', width: 16 }],
      actions: [{ id: 1, name: 'ingress.act1', params: [{ name: 'val', width: 8 }] }],
      defaultAction: { actionId: 1, args: ['0'], isConst: false },
    }),
  );
  const multicast = new MulticastGroups();
  const control = new StfControlPlane(objects, { multicast, mirroring: new MirroringSessions() }, 't.stf');
  const apply = (line: string) => control.apply(parseStf(line).commands[0] as StfControlCommand);
  return { table, multicast, apply };
}

describe('StfControlPlane', () => {
  it('reads NAME$N key fields as header-stack elements NAME[N], as bmv2stf.py does', () => {
    const { table, apply } = setup();
    expect(apply('add ex1 100 extra$0.h:0x25** act1(val:0x25)')).toEqual({ ok: true });
    expect(table.entries()[0]?.match).toEqual([{ kind: 'ternary', value: 0x2500n, mask: 0xff00n }]);
  });

  it('multicast nodes: updating a node updates every group it belongs to', () => {
    const { multicast, apply } = setup();
    for (const line of ['mc_mgrp_create 3', 'mc_node_create 1 5 4', 'mc_node_associate 3 0']) expect(apply(line).ok).toBe(true);
    expect(multicast.members(3)).toEqual([
      { rid: 1, port: 4 },
      { rid: 1, port: 5 },
    ]);
    expect(apply('mc_node_update 0 6').ok).toBe(true);
    expect(multicast.members(3)).toEqual([{ rid: 1, port: 6 }]);
    expect(apply('mc_node_associate 4 0')).toMatchObject({ ok: false, failure: { kind: 'control', line: 1 } });
  });
});
