import { describe, expect, it } from 'vitest';
import { formatControlDiagnostic, RuntimeTable, applyStfTableCommands, type TableDescription } from '../../../runtime/control/index.ts';
import { parseStf } from '../../../runtime/io/stf.ts';

function tables(): RuntimeTable[] {
  const rewrite: TableDescription = {
    name: 'egress.send_frame',
    id: 1,
    keys: [{ name: 'meta.fwd.out_bd', matchKind: 'exact', width: 16 }],
    actions: [
      { id: 10, name: 'egress.rewrite_mac', params: [{ name: 'smac', width: 48 }] },
      { id: 11, name: 'NoAction', params: [] },
    ],
    defaultAction: { actionId: 11, args: [], isConst: false },
  };
  const check: TableDescription = {
    name: 'pipe.Check_src_ip',
    id: 2,
    keys: [
      { name: 'headers.ipv4.srcAddr', matchKind: 'ternary', width: 32 },
      { name: 'hdr.h.b', matchKind: 'lpm', width: 8 },
    ],
    actions: [
      { id: 20, name: 'pipe.Reject', params: [{ name: 'rej', width: 1 }, { name: 'bar', width: 8 }] },
      { id: 21, name: 'NoAction', params: [] },
    ],
    defaultAction: { actionId: 21, args: [], isConst: false },
  };
  const other: TableDescription = { ...rewrite, name: 'ingress.send_frame', id: 3 };
  return [new RuntimeTable(rewrite), new RuntimeTable(check), new RuntimeTable(other)];
}

describe('STF table commands', () => {
  it('add and setdefault with the naming variety of p4c STF files', () => {
    const ts = tables();
    const stf = parseStf(
      [
        'add egress.send_frame fwd.out_bd:12 rewrite_mac(smac:0x001122330c55)',
        'add pipe_Check_src_ip 10 key.field0:0x0a01**** _NoAction()',
        'add pipe_Check_src_ip 20 key.headers_ipv4_srcAddr:0x0a010203 hdr.h.b:0x10/4 pipe_Reject(rej:1, bar:7)',
        'setdefault pipe_Check_src_ip pipe_Reject(rej:0, bar:1)',
      ].join('\n'),
      't.stf',
    );
    expect(stf.diagnostics).toEqual([]);
    expect(applyStfTableCommands(stf.commands, ts, 't.stf')).toEqual([]);
    const r = ts[0]!.lookup1(12);
    expect(r.hit).toBe(true);
    expect(r.args).toEqual([0x001122330c55]);
    expect(ts[1]!.lookup2(0x0a010203, 0x1f).actionId).toBe(20);
    expect(ts[1]!.lookup2(0x0a010203, 0x2f).actionId).toBe(21);
    expect(ts[1]!.lookup2(0x0a010204, 0x2f).priority).toBe(10);
    const miss = ts[1]!.lookup2(0x0b000000, 0);
    expect([miss.hit, miss.actionId, ...miss.args]).toEqual([false, 20, 0, 1]);
  });

  it('errors carry the STF line', () => {
    const stf = parseStf(
      ['# comment', 'add send_frame fwd.out_bd:1 rewrite_mac(smac:1)', 'add egress.send_frame nope:1 NoAction()', 'add egress.send_frame out_bd:0x10000 NoAction()', 'setdefault pipe.Check_src_ip Reject(rej:2, bar:0)', 'add egress.send_frame out_bd:1 rewrite_mac(mac:1)', 'add pipe.Check_src_ip h.b:1 NoAction()'].join('\n'),
      't.stf',
    );
    const d = applyStfTableCommands(stf.commands, tables(), 't.stf').map(formatControlDiagnostic);
    expect(d).toEqual([
      't.stf(2): error: add send_frame: table "send_frame" is ambiguous: egress.send_frame, ingress.send_frame',
      't.stf(3): error: add egress.send_frame: unknown key field "nope" (keys: meta.fwd.out_bd)',
      't.stf(4): error: add egress.send_frame: key field meta.fwd.out_bd (exact 16): value 0x10000 does not fit in 16 bits',
      't.stf(5): error: setdefault pipe.Check_src_ip: table pipe.Check_src_ip: action pipe.Reject: parameter rej: value 2 does not fit in 1 bits',
      't.stf(6): error: add egress.send_frame: unknown parameter of egress.rewrite_mac "mac"',
    ]);
  });
});
