import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

describe('instantiations and main', () => {
  it('resolves the main package and its arguments', () => {
    const run = checkSource(v1model());
    expect(run.errors).toEqual([]);
    const main = run.checked!.main!;
    expect(main.type.name).toBe('V1Switch');
    expect(main.arguments.map((a) => (a.declaration && 'name' in a.declaration ? (a.declaration.name as { name: string }).name : '?')))
      .toEqual(['P', 'VC', 'I', 'E', 'CC', 'D']);
  });

  it('rejects a control with the wrong signature for a package parameter', () => {
    const src = v1model().replace('V1Switch(P(), VC(), I(), E()', 'V1Switch(P(), VC(), VC(), E()');
    expect(errorSummary(checkSource(src))[0]).toMatch(/^3508@/);
  });

  it('checks constructor arguments', () => {
    const src = v1model({ ingressLocals: '  register<bit<8>>(true) r;' });
    expect(errorSummary(checkSource(src))).toEqual([`3508@${lineContaining(src, 'register<bit<8>>(true)')}`]);
  });

  it('requires constructor arguments to be compile-time known', () => {
    const src = 'control p()(bit<8> y) { apply {} }\ncontrol q(in bit<8> z) { p(z) p1; apply { p1.apply(); } }';
    expect(errorSummary(checkSource(src))).toEqual(['3202@2']);
  });

  it('checks abstract method implementations', () => {
    const ok = 'extern E { E(); abstract bit<8> f(in bit<8> x); }\ncontrol c() { E() e = { bit<8> f(in bit<8> x) { return x; } }; apply {} }';
    expect(checkSource(ok).errors).toEqual([]);
    const missing = 'extern E { E(); abstract bit<8> f(in bit<8> x); }\ncontrol c() { E() e = { }; apply {} }';
    expect(errorSummary(checkSource(missing))).toEqual(['3808@2']);
  });

  it('rejects instantiating controls at the top level', () => {
    expect(errorSummary(checkSource('control c() { apply {} }\nc() inst;'))).toEqual(['3811@2']);
  });
});
