import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../../../compiler/frontend.ts';
import { lowerProgram, type IrProgram, type IrV1Program } from '../../../compiler/ir/index.ts';

function lowerAny(path: string, text: string, asyncAll = false): IrProgram {
  const result = runFrontEnd(path, {
    readFile: (p) => (p === path ? text : (() => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } })()),
  });
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  const bag = new DiagnosticBag(result.unit!.sourceMap);
  const ir = lowerProgram(result.checked!, bag, { asyncAll }, path);
  expect(bag.all.map((d) => d.message)).toEqual([]);
  return ir!;
}

function lower(path: string, text: string, asyncAll = false): IrV1Program {
  const ir = lowerAny(path, text, asyncAll);
  if (ir.architecture !== 'v1model') throw new Error(`${path} is not a v1model program`);
  return ir;
}

const router = readFileSync(new URL('../../../examples/l3-router/l3-router.p4', import.meta.url), 'utf8');

describe('lowerProgram', () => {
  it('names tables, keys and actions as the control plane sees them', () => {
    const ir = lower('router.p4', router);
    const lpm = ir.tables.find((t) => t.name === 'RouterIngress.ipv4_lpm');
    expect(lpm?.keys).toEqual([{ name: 'hdr.ipv4.dst_addr', matchKind: 'lpm', type: { kind: 'bits', width: 32, signed: false }, annotations: new Map() }]);
    expect(lpm?.actions.map((a) => a.name)).toEqual(['RouterIngress.route', 'RouterIngress.drop']);
    expect(lpm?.defaultAction.action.name).toBe('RouterIngress.drop');
    const route = ir.actions.find((a) => a.name === 'RouterIngress.route');
    expect(route?.parameters.map((p) => [p.name, p.type.kind === 'bits' ? p.type.width : 0])).toEqual([['next_hop', 32], ['port', 9]]);
  });

  it('lays out header fields at their wire bit offsets', () => {
    const ir = lower('router.p4', router);
    const ipv4 = ir.structs.find((s) => s.name === 'ipv4_h')!;
    expect(ipv4.fixedWidth).toBe(160);
    expect(ipv4.fields.find((f) => f.name === 'ttl')?.bitOffset).toBe(64);
    expect(ipv4.fields.find((f) => f.name === 'dst_addr')?.bitOffset).toBe(128);
  });

  it('makes no extern sites of ordinary externs unless every extern is asked to be one', () => {
    expect(lower('router.p4', router).sites).toEqual([]);
    const ir = lower('router.p4', router, true);
    // verify_checksum; mark_to_drop in `drop()` called directly, then inlined in each of the two
    // tables that list `drop`; update_checksum.
    expect(ir.sites.map((s) => [s.id, s.stage, s.extern])).toEqual([
      [1, 'verifyChecksum', 'verify_checksum'],
      [2, 'ingress', 'mark_to_drop'],
      [3, 'ingress', 'mark_to_drop'],
      [4, 'ingress', 'mark_to_drop'],
      [5, 'computeChecksum', 'update_checksum'],
    ]);
    // Each site knows the inlined bodies it sits in, outermost first.
    expect(ir.sites.map((s) => s.via.map((v) => `${v.kind} ${v.name}`))).toEqual([
      [],
      ['action drop'],
      ['table ipv4_lpm', 'action drop'],
      ['table next_hop_macs', 'action drop'],
      [],
    ]);
    // Inside ipv4_lpm's `drop`, the table's hit flag (written by the lookup) is read afterwards.
    expect(ir.sites[2]!.live.map((v) => v.name)).toEqual(['ipv4_lpm_hit']);
  });

  it('computes the locals live across a site: read after it, written before it', () => {
    const program = router.replace(
      'if (ipv4_lpm.apply().hit) {',
      'bit<8> before = hdr.ipv4.ttl; bit<8> unused = 1; mark_to_drop(std_meta); hdr.ipv4.ttl = before; unused = 2;\n        if (ipv4_lpm.apply().hit) {',
    );
    const ir = lower('router.p4', program, true);
    // Ingress sites in order: drop() in the first `if`, then the inserted call.
    const site = ir.sites.filter((s) => s.stage === 'ingress')[1];
    expect(site?.live.map((v) => v.name)).toEqual(['before']);
    // `unused` is overwritten after the site before any read: not live.
  });

  it('inlines a sub-parser by splitting the calling state', () => {
    const program = `
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> f; }
struct H { h_t a; h_t b; }
struct M { }
parser Sub(packet_in p, out h_t h) { state start { p.extract(h); transition accept; } }
parser P(packet_in p, out H hdr, inout M m, inout standard_metadata_t sm) {
  Sub() sub;
  state start { sub.apply(p, hdr.a); p.extract(hdr.b); transition accept; }
}
control C(inout H h, inout M m) { apply { } }
control I(inout H h, inout M m, inout standard_metadata_t sm) { apply { } }
control D(packet_out p, in H h) { apply { p.emit(h); } }
V1Switch(P(), C(), I(), I(), C(), D()) main;`;
    const ir = lower('sub.p4', program);
    const parser = ir.stages.parser;
    expect(parser.kind).toBe('parser');
    if (parser.kind !== 'parser') return;
    const names = parser.states.map((s) => s.name);
    expect(names[0]).toBe('start');
    const first = parser.states[0]!;
    expect(first.transition.kind === 'goto' && first.transition.state).toMatch(/^sub_\d+_start$/);
    const inlined = parser.states.find((s) => /^sub_\d+_start$/.test(s.name))!;
    expect(inlined.transition.kind === 'goto' && inlined.transition.state).toMatch(/^sub_\d+_after$/);
    const after = parser.states.find((s) => /_after$/.test(s.name))!;
    expect(after.body.some((s) => s.kind === 'extract')).toBe(true);
    expect(after.transition).toMatchObject({ kind: 'goto', state: 'accept' });
  });

  /** A v1model program with one table `I.t`: one key of `kind`, `props`, and an entries list (`const` or not). */
  const priorityProgram = (kind: string, props: string, constList: boolean, entries: string) => `#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> f; }
struct H { h_t a; }
struct M { }
parser P(packet_in p, out H hdr, inout M m, inout standard_metadata_t sm) { state start { p.extract(hdr.a); transition accept; } }
control C(inout H h, inout M m) { apply { } }
control I(inout H h, inout M m, inout standard_metadata_t sm) {
  table t {
    key = { h.a.f : ${kind}; }
    actions = { NoAction; }
    ${props}
    ${constList ? 'const ' : ''}entries = { ${entries} }
  }
  apply { t.apply(); }
}
control D(packet_out p, in H h) { apply { p.emit(h); } }
V1Switch(P(), C(), I(), I(), C(), D()) main;`;
  const priorityTable = (kind: string, props: string, constList: boolean, entries: string) => lower('prio.p4', priorityProgram(kind, props, constList, entries)).tables.find((t) => t.name === 'I.t')!;

  it('derives the priority of an entry that writes none from the previous one and priority_delta (spec 14.2.1.4)', () => {
    const e = (n: number, p?: number) => `${p === undefined ? '' : `priority = ${p} : `}8w${n} &&& 8w0xF : NoAction();`;
    const priorities = (props: string, entries: string) => priorityTable('ternary', props, true, entries).constEntries!.map((x) => x.priority);
    expect(priorities('priority_delta = 2;', `${e(1, 10)} ${e(2)} ${e(3)} ${e(4, 20)} ${e(5)}`)).toEqual([10, 8, 6, 20, 18]);
    expect(priorities('', `${e(1, 10)} ${e(2)} ${e(3)}`)).toEqual([10, 9, 8]);
    expect(priorities('largest_priority_wins = false; priority_delta = 5;', `${e(1, 1)} ${e(2)} ${e(3)}`)).toEqual([1, 6, 11]);
  });

  it('gives entries without priorities theirs: a non-const list N·delta apart down to 1, a const list N down to 1; keeps per-entry const', () => {
    const ternary = (n: number, isConst = false) => `${isConst ? 'const ' : ''}8w${n} &&& 8w0xF : NoAction();`;
    const three = `${ternary(1)} ${ternary(2, true)} ${ternary(3)}`;
    const initial = (props: string) => priorityTable('ternary', props, false, three).initialEntries.map((x) => [x.priority, x.isConst]);
    expect(initial('')).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
    expect(initial('priority_delta = 10;').map((x) => x[0])).toEqual([21, 11, 1]);
    expect(initial('largest_priority_wins = false; priority_delta = 5;').map((x) => x[0])).toEqual([1, 6, 11]);
    // a const list: 1 apart whatever priority_delta says (P4Runtime's N down to 1), the same way round
    const constList = (props: string) => priorityTable('ternary', props, true, `${ternary(1)} ${ternary(2)} ${ternary(3)}`).constEntries!.map((x) => x.priority);
    expect(constList('')).toEqual([3, 2, 1]);
    expect(constList('priority_delta = 10;')).toEqual([3, 2, 1]);
    expect(constList('largest_priority_wins = false; priority_delta = 10;')).toEqual([1, 2, 3]);
    // keys that need no priorities: none
    expect(priorityTable('exact', '', false, '8w1 : NoAction(); 8w2 : NoAction();').initialEntries.map((x) => x.priority)).toEqual([undefined, undefined]);
    expect(priorityTable('lpm', '', true, '8w1 &&& 8w0xff : NoAction(); 8w2 &&& 8w0xf0 : NoAction();').constEntries!.map((x) => x.priority)).toEqual([undefined, undefined]);
  });
});
