import { describe, expect, it } from 'vitest';
import { declarations, only, show, showType } from './helpers.ts';

describe('type declarations', () => {
  it('parses headers, header unions and structs, with type parameters and annotations', () => {
    const [h, u, st] = declarations(`
      @name("eth") header Ethernet { bit<48> dst; @sat bit<16> etherType; }
      header_union U { Ethernet e; }
      struct Pair<T, U> { T first; U second; bit<8> arr[4]; }
    `);
    expect(h).toMatchObject({ kind: 'HeaderDeclaration', name: { name: 'Ethernet' }, typeParameters: [] });
    expect(h!.kind === 'HeaderDeclaration' && h.annotations.map((a) => a.name.name)).toEqual(['name']);
    expect(h!.kind === 'HeaderDeclaration' && h.fields[1]!.annotations[0]!.name.name).toBe('sat');
    expect(u).toMatchObject({ kind: 'HeaderUnionDeclaration', name: { name: 'U' } });
    expect(st!.kind).toBe('StructDeclaration');
    if (st!.kind === 'StructDeclaration') {
      expect(st.typeParameters.map((p) => p.name)).toEqual(['T', 'U']);
      expect(st.fields.map((f) => `${showType(f.type)} ${f.name.name}`)).toEqual([
        'T first',
        'U second',
        'bit<8>[4] arr',
      ]);
    }
  });

  it('parses plain and serializable enums', () => {
    const plain = only('enum Color { Red, Green, }', 'EnumDeclaration');
    expect(plain.underlyingType).toBeUndefined();
    expect(plain.members.map((m) => [m.name.name, m.value])).toEqual([
      ['Red', undefined],
      ['Green', undefined],
    ]);
    const ser = only('enum bit<16> EtherType { IPv4 = 0x0800, IPv6 = 0x86dd }', 'EnumDeclaration');
    expect(ser.underlyingType && showType(ser.underlyingType)).toBe('bit<16>');
    expect(ser.members.map((m) => `${m.name.name}=${m.value && show(m.value)}`)).toEqual([
      'IPv4=0x0800',
      'IPv6=0x86dd',
    ]);
  });

  it('parses typedefs, new types and inline derived type declarations', () => {
    const [a, b, c, d] = declarations(`
      typedef bit<32> Addr;
      type bit<9> Port;
      typedef header H { bit<8> x; } H_t;
      typedef Addr[4] Addrs;
    `);
    expect(a).toMatchObject({ kind: 'TypedefDeclaration', isNewType: false, name: { name: 'Addr' } });
    expect(b).toMatchObject({ kind: 'TypedefDeclaration', isNewType: true, name: { name: 'Port' } });
    expect(c).toMatchObject({ kind: 'TypedefDeclaration', type: { kind: 'HeaderDeclaration', name: { name: 'H' } } });
    expect(d!.kind === 'TypedefDeclaration' && d.type.kind === 'HeaderStackTypeRef' && showType(d.type)).toBe(
      'Addr[4]',
    );
  });

  it('parses error and match_kind declarations', () => {
    const [e, m] = declarations('error { A, B } match_kind { exact, lpm, }');
    expect(e).toMatchObject({ kind: 'ErrorDeclaration', members: [{ name: 'A' }, { name: 'B' }] });
    expect(m).toMatchObject({ kind: 'MatchKindDeclaration', members: [{ name: 'exact' }, { name: 'lpm' }] });
  });

  it('parses type references of every shape', () => {
    const st = only(
      'struct S { bit b; int i; int<8> j; varbit<32> v; bool f; error e; string s; tuple<bit<8>, bool> t; list<bit<8>> l; .T g; R<bit<8>, _> r; H[2] h; bit<(W + 1)> w; }',
      'StructDeclaration',
    );
    expect(st.fields.map((f) => showType(f.type))).toEqual([
      'bit',
      'int',
      'int<8>',
      'varbit<32>',
      'bool',
      'error',
      'string',
      'tuple<bit<8>, bool>',
      'list<bit<8>>',
      '.T',
      'R<bit<8>, _>',
      'H[2]',
      'bit<(W + 1)>',
    ]);
  });
});

describe('constants, variables and instantiations', () => {
  it('parses constants and top-level instantiations with nested generics', () => {
    const [c, r, m] = declarations(`
      const bit<16> TYPE = 16w0x800;
      register<bit<32>>(1024) regs;
      V1Switch(P(), C()) main;
    `);
    expect(c).toMatchObject({ kind: 'ConstantDeclaration', name: { name: 'TYPE' } });
    expect(r!.kind === 'Instantiation' && showType(r.type)).toBe('register<bit<32>>');
    expect(r!.kind === 'Instantiation' && r.args.map((a) => show(a.value))).toEqual(['1024']);
    expect(m!.kind === 'Instantiation' && m.args.map((a) => show(a.value))).toEqual(['P()', 'C()']);
  });

  it('parses instantiations with abstract method implementations', () => {
    const inst = only(
      `Virtual() cntr = {
         bit<16> f(in bit<16> ix) { return ix + 1; }
         void run() { this.increment(); }
         Inner() nested;
       };`,
      'Instantiation',
    );
    expect(inst.initializer?.map((d) => d.kind)).toEqual([
      'FunctionDeclaration',
      'FunctionDeclaration',
      'Instantiation',
    ]);
  });

  it('parses arrays of instances', () => {
    const inst = only('persistent<bit<32>>() data[256];', 'Instantiation');
    expect(showType(inst.type)).toBe('persistent<bit<32>>[256]');
  });
});

describe('functions, actions and externs', () => {
  it('parses functions with type parameters and default parameter values', () => {
    const f = only('T max<T>(in T a, in T b = 0) { return a > b ? a : b; }', 'FunctionDeclaration');
    expect(f.prototype).toMatchObject({ name: { name: 'max' }, typeParameters: [{ name: 'T' }] });
    expect(
      f.prototype.parameters.map((p) => [p.direction, p.name.name, p.defaultValue && show(p.defaultValue)]),
    ).toEqual([
      ['in', 'a', undefined],
      ['in', 'b', '0'],
    ]);
  });

  it('parses actions with directionless parameters', () => {
    const a = only(
      '@name("fwd") action forward(bit<9> port, inout bit<8> ttl) { ttl = ttl - 1; }',
      'ActionDeclaration',
    );
    expect(a.parameters.map((p) => p.direction)).toEqual(['none', 'inout']);
    expect(a.body.statements).toHaveLength(1);
  });

  it('parses extern objects with constructors, methods, generic and abstract methods', () => {
    const e = only(
      `extern Checksum<W> {
         Checksum(HashAlgorithm algo);
         Checksum();
         void update<T>(in T data);
         W get();
         abstract bit<16> hash(in bit<32> x);
         @pure bool apply(in bit<8> key);
       }`,
      'ExternObjectDeclaration',
    );
    expect(e.typeParameters.map((t) => t.name)).toEqual(['W']);
    expect(e.methods.map((m) => [m.name.name, m.isConstructor, m.isAbstract, m.typeParameters.length])).toEqual([
      ['Checksum', true, false, 0],
      ['Checksum', true, false, 0],
      ['update', false, false, 1],
      ['get', false, false, 0],
      ['hash', false, true, 0],
      ['apply', false, false, 0],
    ]);
    expect(e.methods[5]!.annotations[0]!.name.name).toBe('pure');
  });

  it('parses extern functions, including generic ones', () => {
    const [f, g] = declarations('extern void mark_to_drop(inout S s); extern T pick<T>(in T a);');
    expect(f).toMatchObject({ kind: 'ExternFunctionDeclaration', prototype: { name: { name: 'mark_to_drop' } } });
    expect(g).toMatchObject({ kind: 'ExternFunctionDeclaration', prototype: { typeParameters: [{ name: 'T' }] } });
  });

  it('parses extern object forward declarations', () => {
    expect(only('extern Opaque;', 'ExternObjectDeclaration').methods).toEqual([]);
  });
});

describe('parsers, controls and packages', () => {
  it('tells type declarations from declarations with bodies', () => {
    const kinds = declarations(`
      parser Prs<H>(packet_in b, out H h);
      control Ctl<H>(inout H h);
      package Pkg<H>(Prs<H> p, Ctl<H> c);
      parser P(packet_in b)(bit<8> size) { state start { transition accept; } }
      control C(inout bit<8> x)(bool flag) { apply { } }
    `).map((d) => d.kind);
    expect(kinds).toEqual([
      'ParserTypeDeclaration',
      'ControlTypeDeclaration',
      'PackageTypeDeclaration',
      'ParserDeclaration',
      'ControlDeclaration',
    ]);
  });

  it('collects parser locals and states', () => {
    const p = only(
      `parser P(packet_in b, out H h) {
         const bit<8> K = 1;
         bit<8> tmp;
         Checksum() ck;
         value_set<bit<16>>(8) pvs;
         @name("s") state start { tmp = K; transition next; }
         state next { }
       }`,
      'ParserDeclaration',
    );
    expect(p.locals.map((l) => l.kind)).toEqual([
      'ConstantDeclaration',
      'VariableDeclaration',
      'Instantiation',
      'ValueSetDeclaration',
    ]);
    expect(p.states.map((s) => [s.name.name, s.transition?.kind])).toEqual([
      ['start', 'DirectTransition'],
      ['next', undefined],
    ]);
    expect(p.states[0]!.annotations[0]!.name.name).toBe('name');
  });

  it('collects control locals and the apply block (with annotations)', () => {
    const c = only(
      `control C(inout H h) {
         const bit<8> K = 1;
         bit<8> tmp;
         counter(8, CounterType.packets) cnt;
         action a() { }
         table t { actions = { a; } }
         apply @noWarn("x") { t.apply(); }
       }`,
      'ControlDeclaration',
    );
    expect(c.locals.map((l) => l.kind)).toEqual([
      'ConstantDeclaration',
      'VariableDeclaration',
      'Instantiation',
      'ActionDeclaration',
      'TableDeclaration',
    ]);
    expect(c.apply.annotations.map((a) => a.name.name)).toEqual(['noWarn']);
  });

  it('accepts empty declarations between declarations', () => {
    expect(declarations(';; const int x = 1; ;').map((d) => d.kind)).toEqual(['ConstantDeclaration']);
  });
});

describe('contextual keywords as names', () => {
  it('accepts apply, key, actions, state, entries, type, priority as parameter, field and variable names', () => {
    const a = only(
      'action a(bit<8> apply, bit<8> key, bit<8> actions, bit<8> state, bit<8> entries, bit<8> type, bit<8> priority) { }',
      'ActionDeclaration',
    );
    expect(a.parameters.map((p) => p.name.name)).toEqual([
      'apply',
      'key',
      'actions',
      'state',
      'entries',
      'type',
      'priority',
    ]);
    const h = only('header H { bit<8> type; bit<8> key; }', 'HeaderDeclaration');
    expect(h.fields.map((f) => f.name.name)).toEqual(['type', 'key']);
    const c = only(
      'control C(inout H h) { apply { bit<8> state = h.type; key = state + h.key; } }',
      'ControlDeclaration',
    );
    expect(c.apply.statements.map((s) => s.kind)).toEqual(['VariableDeclaration', 'AssignmentStatement']);
  });
});
