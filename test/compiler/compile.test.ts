import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkFile, compileFile } from '../../compiler/compile.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { sourceAt, v1modelProgram } from './v1model-skeleton.ts';

const check = (text: string) => checkFile('t.p4', { readFile: sourceAt('t.p4', text) });
const compile = (text: string) => compileFile('t.p4', { readFile: sourceAt('t.p4', text) });
const PSA_FIXTURE = new URL('../fixtures/stf/psa-action-selector.p4', import.meta.url).pathname;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('checkFile: everything compile refuses, check reports, with file, line and caret', () => {
  it('reports an unsupported extern (Checksum16) at its call', () => {
    const text = v1modelProgram({ ingress: '  Checksum16() ck;', apply: 'bit<16> x = ck.get(h.h.a);' });
    const r = check(text);
    expect(r.ok).toBe(false);
    const [d] = r.diagnostics.filter((x) => x.severity === 'error');
    const shown = formatDiagnostic(d!);
    expect(shown).toContain(`t.p4(${lineOf(text, 'ck.get')}): [P4TS5001] error: extern Checksum16.get is not supported`);
    expect(shown).toMatch(/\n\s*\^+/);
    expect(compile(text).ok).toBe(false);
  });

  it('reports reading a register of structs (its cells hold numbers), not declaring or writing one', () => {
    const ingress = '  register<S>(4) r;';
    const top = 'struct S { bit<8> f; }';
    expect(check(v1modelProgram({ top, ingress, apply: 'S v = { 1 }; r.write(0, v);' })).ok).toBe(true);
    const text = v1modelProgram({ top, ingress, apply: 'S v; r.read(v, 0);' });
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).toContain(`t.p4(${lineOf(text, 'r.read')}): [P4TS5001] error: reading a register of struct values is not supported`);
  });

  it('reports two table instances with one control-plane name, not one instance applied twice', () => {
    const top = 'control Sub(inout h_t x) {\n  @name(".shared") table t { key = { x.a: exact; } actions = { NoAction; } }\n  apply { t.apply(); }\n}';
    expect(check(v1modelProgram({ top, ingress: '  Sub() one;', apply: 'one.apply(h.h); one.apply(h.h);' })).ok).toBe(true);
    const text = v1modelProgram({ top, ingress: '  Sub() one;\n  Sub() two;', apply: 'one.apply(h.h); two.apply(h.h);' });
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).toContain(`t.p4(${lineOf(text, 'table t')}): [P4TS5001] error: shared: two tables have this control-plane name (I.one.t and I.two.t)`);
  });

  it('reports a for-in loop at the loop', () => {
    const text = v1modelProgram({ apply: 'bit<8> sum = 0; for (bit<8> x in (list<bit<8>>){1, 2}) { sum = sum + x; }' });
    const r = check(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).toContain(`t.p4(${lineOf(text, 'for (')}): [P4TS5001] error: for-in loops`);
  });

  it('accepts what compile accepts, and checks a non-v1model program as P4 with a warning', () => {
    expect(check(v1modelProgram()).ok).toBe(true);
    const noMain = check('#include <core.p4>\ncontrol C() { apply { } }\n');
    expect(noMain.ok).toBe(true);
    expect(noMain.diagnostics.map((d) => [d.code, d.severity])).toEqual([[5006, 'warning']]);
    const other = check('#include <core.p4>\ncontrol C(); package Other(C c); control D() { apply { } }\nOther(D()) main;\n');
    expect(other.ok).toBe(true);
    expect(other.diagnostics.map((d) => [d.code, d.severity])).toEqual([[5005, 'warning']]);
  });

  it('compiles a PSA program in full: an unsupported construct in it is an error at its line', () => {
    const text = readFileSync(PSA_FIXTURE, 'utf8');
    const checkPsa = (t: string) => checkFile(PSA_FIXTURE, { readFile: sourceAt(PSA_FIXTURE, t) });
    expect(checkPsa(text).diagnostics).toEqual([]);
    const broken = text.replace('apply {\n        tagging.apply();', 'apply {\n        bit<8> s = 0; for (bit<8> x in (list<bit<8>>){1, 2}) { s = s + x; }\n        tagging.apply();');
    expect(broken).not.toBe(text);
    const r = checkPsa(broken);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic).join('\n')).toContain(`(${lineOf(broken, 'for (')}): [P4TS5001] error: for-in loops`);
  });

  it('refuses a bit<0> table key at the key (the tables have no zero-width keys)', () => {
    const text = v1modelProgram({
      fields: 'bit<8> a; bit<0> z;',
      ingress: '  action nop() { }\n  table t { key = { h.h.z: exact; } actions = { nop; } }',
      apply: 't.apply();',
    });
    const shown = check(text).diagnostics.map(formatDiagnostic).join('\n');
    expect(shown).toContain(`t.p4(${lineOf(text, 'h.h.z: exact')}): [P4TS5001] error: a zero-width (bit<0>) table key`);
  });

  it('refuses counter, meter and register arrays too large to allocate, at the instantiation', () => {
    const at = (decl: string) => {
      const text = v1modelProgram({ ingress: `  ${decl}` });
      return { text, shown: check(text).diagnostics.map(formatDiagnostic).join('\n') };
    };
    const huge = at('register<bit<8>>(4294967295) r;');
    expect(huge.shown).toContain(`t.p4(${lineOf(huge.text, 'register<')}): [P4TS5001] error: register I.r has 4294967295 elements`);
    expect(at('register<bit<8>>(16777216) r;').shown).toBe('');
    expect(at('counter(16777217, CounterType.packets) c;').shown).toContain('counter I.c has 16777217 elements');
    expect(at('meter(65536, MeterType.bytes) m;').shown).toBe('');
    expect(at('meter(65537, MeterType.bytes) m;').shown).toContain('meter I.m has 65537 elements');
  });

  it('stops inlining that multiplies the program (each action calls the next twice) with the call chain, at the outermost call', () => {
    const chain = (levels: number) => {
      const actions = ['  action a0() { s.egress_spec = s.egress_spec + 1; }'];
      for (let i = 1; i <= levels; i++) actions.push(`  action a${i}() { a${i - 1}(); a${i - 1}(); }`);
      return v1modelProgram({ ingress: actions.join('\n'), apply: `a${levels}();` });
    };
    expect(check(chain(8)).ok).toBe(true);
    const text = chain(40);
    const shown = check(text).diagnostics.map(formatDiagnostic).join('\n');
    expect(shown).toContain(`t.p4(${lineOf(text, 'apply { a40(); }')}): [P4TS5001] error: inlining makes the program more than 200000 statements long`);
    expect(shown).toMatch(/call chain: a40 → a39 → a38 → .* more … → /);
  });
});
