import { describe, expect, it } from 'vitest';
import { typeToString } from '../../../compiler/check/types.ts';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

describe('calls', () => {
  it('resolves overloads by argument count', () => {
    const src = v1model({ ingressApply: '    mark_to_drop(sm);\n    log_msg("x");\n    log_msg("x={}", {meta.m});' });
    const run = checkSource(src);
    expect(run.errors).toEqual([]);
    const targets = [...run.checked!.calls.values()].filter((c) => c.target.kind === 'function').map((c) => c.arguments.length);
    expect(targets).toEqual([1, 1, 2]);
  });

  it('infers generic type arguments', () => {
    const src = v1model({
      ingressLocals: '  register<bit<16>>(8) r;',
      ingressApply: '    bit<16> v;\n    r.read(v, 3);\n    hash(meta.m, HashAlgorithm.crc16, 8w0, { hdr.h.a, hdr.h.b }, 8w255);\n    random(meta.m, 0, 7);',
    });
    const run = checkSource(src);
    expect(run.errors).toEqual([]);
    const hash = [...run.checked!.calls.values()].find((c) => c.target.kind === 'function' && c.target.symbol.name === 'hash')!;
    expect(hash.typeArguments.map(typeToString)).toEqual(['bit<8>', 'bit<8>', 'tuple<bit<8>, bit<16>>', 'bit<8>']);
  });

  it('matches named and default arguments', () => {
    const src = `extern void f(in bit<8> a, in bit<8> b = 3);
control c() { apply { f(b = 1, a = 2); f(4); } }`;
    expect(checkSource(src).errors).toEqual([]);
    expect(errorSummary(checkSource(`extern void f(in bit<8> a, in bit<8> b);
control c() { apply { f(b = 1); } }`))).toEqual(['3504@2']);
    expect(errorSummary(checkSource(`extern void f(in bit<8> a, in bit<8> b);
control c() { apply { f(a = 1, 2); } }`))).toEqual(['3506@2']);
  });

  it('requires l-values for out arguments', () => {
    const src = `extern void f(out bit<8> a);
control c() { apply { f(8w1); } }`;
    expect(errorSummary(checkSource(src))).toEqual(['3509@2']);
  });

  it('checks argument types', () => {
    expect(errorSummary(checkSource('extern void f(in bit<8> a);\ncontrol c() { apply { f(true); } }'))).toEqual(['3508@2']);
  });

  it('checks packet methods', () => {
    const bad = v1model({ parserStates: '  state start { pkt.extract(meta.m); transition accept; }' });
    expect(errorSummary(checkSource(bad))).toEqual([`3522@${lineContaining(bad, 'pkt.extract(meta.m)')}`]);
    const varbit = v1model({
      decls: 'header v_t { bit<8> len; varbit<64> data; }\nstruct vs_t { v_t v; }',
      parserStates: '  vs_t tmp;\n  state start { pkt.extract(tmp.v, 32); transition accept; }',
    });
    expect(checkSource(varbit).errors).toEqual([]);
  });

  it('rejects apply inside actions', () => {
    const src = v1model({ ingressLocals: '  action a() {}\n  table t { actions = { a; } }\n  action b() { t.apply(); }' });
    expect(errorSummary(checkSource(src))).toEqual([`3513@${lineContaining(src, 'action b()')}`]);
  });

  it('cannot infer a width from int literals alone', () => {
    expect(errorSummary(checkSource('extern void f<T>(in T x);\ncontrol c() { apply { f(5); } }'))).toEqual(['3211@2']);
  });

  it('calls actions with all parameters', () => {
    const src = 'control c(inout bit<8> x) { action a(bit<8> v) { x = v; } apply { a(1); a(); } }';
    expect(errorSummary(checkSource(src))).toEqual(['3605@1']);
  });

  it('wants compile-time arguments for a factory in a constructor argument', () => {
    const src = (arg: string) => `extern Pool { }\nextern Pool makePool(bit<8> size);\ncontrol inner()(Pool p) { apply { } }\ncontrol outer(in bit<8> x)(bit<8> n) {\n  inner(makePool(${arg})) i;\n  apply { i.apply(); }\n}`;
    expect(checkSource(src('8w4')).errors).toEqual([]);
    expect(checkSource(src('n')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('x')))).toEqual(['3202@5']);
  });

  it('refuses a constructor call of an extern with abstract methods, not its instantiation', () => {
    const ext = 'extern Hook { Hook(); abstract bit<8> pick(in bit<8> x); }\npackage Top(Hook h);\n';
    expect(errorSummary(checkSource(`${ext}Top(Hook()) main;`))).toEqual(['3819@3']);
    expect(checkSource(`${ext}control c() { Hook() h = { bit<8> pick(in bit<8> x) { return x; } }; apply { } }`).errors).toEqual([]);
  });

  it('wants compile-time default values', () => {
    const fn = (dflt: string) => `const bit<8> K = 3;\nbit<8> id(in bit<8> v) { return v; }\nbit<8> f(in bit<8> v, in bit<8> w = ${dflt}) { return v + w; }`;
    expect(checkSource(fn('K + 1')).errors).toEqual([]);
    expect(checkSource(fn('(bit<8>)7')).errors).toEqual([]);
    expect(errorSummary(checkSource(fn('id(1)')))).toEqual(['3202@3']);
  });

  it('wants a fixed-width type argument for lookahead', () => {
    const src = (field: string) => `#include <core.p4>\nheader H { bit<8> a; ${field} }\nparser p(packet_in pkt, out H h) { state start { h = pkt.lookahead<H>(); transition accept; } }`;
    expect(checkSource(src('bit<8> b;')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('varbit<8> b;')))).toEqual(['3527@3']);
  });

  it('refuses a positional call two same-arity overloads both take; names or arity tell them apart', () => {
    const src = (call: string) => `extern Store {\n  Store();\n  void put(in bit<8> key);\n  void put(in bit<8> value);\n  void put(in bit<8> key, in bit<8> value);\n}\ncontrol c() { Store() s; apply { ${call} } }`;
    expect(checkSource(src('s.put(key = 1);')).errors).toEqual([]);
    expect(checkSource(src('s.put(1, 2);')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('s.put(1);')))).toEqual(['3528@7']);
  });

  it('cannot infer a package type variable that only a generic default value mentions', () => {
    const src = (dflt: string, main: string) => `struct S { }\ncontrol Stage<H>(inout H h);\ncontrol pass<H>(inout H h) { apply { } }\ncontrol passS(inout S h) { apply { } }\npackage Top<H>(Stage<H> s = ${dflt});\n${main}`;
    expect(checkSource(src('passS()', 'Top() main;')).errors).toEqual([]);
    expect(checkSource(src('pass<H>()', 'Top(passS()) main;')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('pass<H>()', 'Top() main;')))).toEqual(['3510@6']);
  });

  it('passes only T values where a parameter became the enclosing block\'s own T', () => {
    const src = (body: string) => `extern Cell<T> { Cell(); void write(in T value); }\nvoid store<V>(Cell<V> cell, in V value) { cell.write(value); }\ncontrol c<T>(in T x) {\n  Cell<T>() cell;\n  apply { ${body} }\n}`;
    expect(checkSource(src('store(cell, x);')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('store(cell, 8w1);')))).toEqual(['3508@5']);
  });
});
