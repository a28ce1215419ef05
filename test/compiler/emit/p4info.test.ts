import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { p4infoOf, tableDescriptionOf } from '../../../compiler/emit/p4info.ts';
import { runFrontEnd } from '../../../compiler/frontend.ts';
import { lowerProgram, type IrProgram, type IrV1Program } from '../../../compiler/ir/index.ts';
import { RuntimeTable } from '../../../runtime/control/index.ts';

function compile(path: string): IrProgram {
  const result = runFrontEnd(path);
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  const bag = new DiagnosticBag(result.unit!.sourceMap);
  const ir = lowerProgram(result.checked!, bag, { asyncAll: false }, path);
  expect(bag.all.map((d) => d.message)).toEqual([]);
  return ir!;
}

const routerPath = fileURLToPath(new URL('../../../examples/l3-router/l3-router.p4', import.meta.url));

describe('p4infoOf', () => {
  const ir = compile(routerPath);
  const info = p4infoOf(ir);

  it('describes the l3 router tables and actions by control-plane name', () => {
    const lpm = info.tables.find((t) => t.name === 'RouterIngress.ipv4_lpm');
    expect(lpm).toBeDefined();
    expect(lpm!.keys).toEqual([{ name: 'hdr.ipv4.dst_addr', matchKind: 'lpm', width: 32 }]);
    const route = lpm!.actions.find((a) => a.name === 'RouterIngress.route');
    expect(route?.params).toEqual([{ name: 'next_hop', width: 32 }, { name: 'port', width: 9 }]);
    expect(lpm!.actions.some((a) => a.name === 'RouterIngress.drop')).toBe(true);
    expect(info.actions.some((a) => a.name === 'RouterIngress.route')).toBe(true);
    const ids = new Set(lpm!.actions.map((a) => a.id));
    expect(ids.has(lpm!.defaultAction.actionId)).toBe(true);
  });

  it('is plain JSON and round-trips', () => {
    const text = JSON.stringify(info);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(info)));
    for (const s of info.externSites) expect(typeof s.id).toBe('number');
  });

  it('descriptions build working RuntimeTables', () => {
    const t = new RuntimeTable(JSON.parse(JSON.stringify(tableDescriptionOf(ir.tables.find((x) => x.name === 'RouterIngress.ipv4_lpm')!))));
    const e = t.insert([{ kind: 'lpm', value: 0x0a000000, prefixLength: 8 }], 'route', { next_hop: 0x0a000001, port: 3 });
    expect(t.lookup1(0x0a010203)).toBe(e);
    expect(readFileSync(routerPath, 'utf8')).toContain('ipv4_lpm');
  });
});

describe('tableDescriptionOf (hand-built IR)', () => {
  const span = { file: 0, start: 0, end: 0 } as unknown as IrV1Program['headers']['span'];
  const noAnn = new Map<string, readonly unknown[]>();
  const set = { name: 'c.set', id: 7, parameters: [{ name: 'v', type: { kind: 'bits' as const, width: 128, signed: false }, annotations: noAnn }], annotations: noAnn, span };
  const nop = { name: 'NoAction', id: 1, parameters: [], annotations: noAnn, span };
  const counter = { name: 'c.hits', type: 'direct_counter', typeArguments: [], constructorArguments: ['packets'], annotations: noAnn, span };
  const table = {
    name: 'c.t',
    id: 3,
    keys: [
      { name: 'h.flag', matchKind: 'exact', type: { kind: 'bool' as const }, annotations: noAnn },
      { name: 'h.addr', matchKind: 'ternary', type: { kind: 'bits' as const, width: 128, signed: false }, annotations: noAnn },
    ],
    actions: [set, nop],
    defaultOnly: [nop],
    tableOnly: [set],
    defaultAction: { action: nop, arguments: [], isConst: true },
    constEntries: [{ matches: [{ kind: 'exact' as const, value: true }, { kind: 'ternary' as const, value: 1n << 100n, mask: 1n << 100n }], action: set, actionArguments: [2n ** 127n], priority: 5, isConst: false }],
    initialEntries: [],
    size: 64,
    directCounter: counter,
    directMeter: undefined,
    implementation: undefined,
    supportTimeout: false,
    annotations: noAnn,
    span,
  };

  it('serialises bigints as decimal strings, flags and const entries', () => {
    const d = tableDescriptionOf(table);
    expect(d.keys).toEqual([{ name: 'h.flag', matchKind: 'exact', width: 1 }, { name: 'h.addr', matchKind: 'ternary', width: 128 }]);
    expect(d.actions).toEqual([
      { id: 7, name: 'c.set', params: [{ name: 'v', width: 128 }], tableOnly: true },
      { id: 1, name: 'NoAction', params: [], defaultOnly: true },
    ]);
    expect(d.defaultAction).toEqual({ actionId: 1, args: [], isConst: true });
    expect(d.constEntries).toEqual([{ matches: [{ kind: 'exact', value: '1' }, { kind: 'ternary', value: (1n << 100n).toString(), mask: (1n << 100n).toString() }], actionId: 7, args: [(2n ** 127n).toString()], priority: 5 }]);
    expect(d.size).toBe(64);
    expect(d.directCounter).toBe('c.hits');
    const rt = new RuntimeTable(d);
    const r = rt.lookup2(1, (1n << 100n) | 5n);
    expect(r.hit).toBe(true);
    expect(r.args).toEqual([2n ** 127n]);
    expect(() => rt.insert([{ kind: 'exact', value: 0 }, { kind: 'any' }], 'c.set', [1n])).toThrow(/const entries/);
  });

  it('p4infoOf lists direct counters with their table', () => {
    const prog = { tables: [table], actions: [set, nop], externs: [counter], valueSets: [], sites: [] } as unknown as IrProgram;
    const info = p4infoOf(prog);
    expect(info.directCounters).toEqual([{ name: 'c.hits', type: 'direct_counter', kind: 'packets', table: 'c.t' }]);
    expect(info.tables.length).toBe(1);
  });
});
