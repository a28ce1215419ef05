import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

describe('statements', () => {
  it('requires boolean conditions', () => {
    expect(errorSummary(checkSource('control c(in bit<8> x) { apply { if (x) {} } }'))).toEqual(['3312@1']);
  });

  it('checks return values', () => {
    expect(checkSource('bit<8> f(in bit<8> x) { return x + 1; }').errors).toEqual([]);
    expect(errorSummary(checkSource('bit<8> f(in bit<8> x) { return; }'))).toEqual(['3402@1']);
    expect(errorSummary(checkSource('bit<8> f(in bool x) { return x; }'))).toEqual(['3101@1']);
    expect(errorSummary(checkSource('bit<8> f(in bool x) { if (x) { return 1; } }'))).toEqual(['3409@1']);
  });

  it('rejects exit in functions and parsers', () => {
    expect(errorSummary(checkSource('void f() { exit; }'))).toEqual(['3403@1']);
    expect(checkSource('control c() { action a() { exit; } apply { exit; } }').errors).toEqual([]);
  });

  it('checks switch on table results', () => {
    const ok = v1model({
      ingressLocals: '  action a() {}\n  action b() {}\n  table t { actions = { a; b; } }',
      ingressApply: '    switch (t.apply().action_run) { a: { } b: { } }',
    });
    expect(checkSource(ok).errors).toEqual([]);
    const bad = v1model({
      ingressLocals: '  action a() {}\n  action b() {}\n  table t { actions = { a; } }',
      ingressApply: '    switch (t.apply().action_run) { a: { } b: { } }',
    });
    expect(errorSummary(checkSource(bad))).toEqual([`3404@${lineContaining(bad, 'switch')}`]);
  });

  it('checks switch on values', () => {
    expect(checkSource('control c(in bit<8> x) { apply { switch (x) { 1: 2: { } default: { } } } }').errors).toEqual([]);
    expect(errorSummary(checkSource('control c(in bit<8> x) { apply { switch (x) { 1: { } 1: { } } } }'))).toEqual(['3405@1']);
    expect(errorSummary(checkSource('control c(in bit<8> x) { apply { switch (x) { default: { } 1: { } } } }'))).toEqual(['3406@1']);
  });

  it('rejects instantiations in apply blocks', () => {
    const src = 'extern E { E(); }\ncontrol c() { apply { E() e; } }';
    expect(errorSummary(checkSource(src))).toEqual(['3410@2']);
  });

  it('rejects variables of type int', () => {
    expect(errorSummary(checkSource('control c() { apply { int x = 1; } }'))).toEqual(['3110@1']);
  });

  it('checks compound assignments', () => {
    expect(checkSource('control c(inout bit<8> x) { apply { x += 1; x <<= 2; x |+|= 8w3; } }').errors).toEqual([]);
    expect(errorSummary(checkSource('control c(inout bool x) { apply { x += true; } }'))).toEqual(['3301@1']);
  });

  it('rejects a declaration in a body that hides a parameter, not a block local beside it', () => {
    expect(errorSummary(checkSource('control c(inout bit<8> x) { apply { bit<8> x = 1; } }'))).toEqual(['3011@1']);
    expect(errorSummary(checkSource('control c(inout bit<8> x) { action a(bit<8> y) { const bit<8> y = 2; x = y; } apply { a(1); } }'))).toEqual(['3011@1']);
    expect(checkSource('control c(inout bit<8> x) { bit<8> x = 1; apply { } }').errors).toEqual([]);
    expect(checkSource('control c(inout bit<8> x) { apply { bit<8> y = x; { bit<8> z = y; x = z; } } }').errors).toEqual([]);
  });

  it('wants the elements of a for-in collection to fit the loop variable', () => {
    const loop = (header: string) => `extern void use(in bit<8> v);\ncontrol c(in bit<8> n) { apply { for (${header}) { use(i); } } }`;
    expect(checkSource(loop('bit<8> i in 0 .. 3')).errors).toEqual([]);
    expect(checkSource(loop('bit<8> i in 1 .. n')).errors).toEqual([]);
    expect(errorSummary(checkSource(loop('bit<8> i in 16w0 .. 16w3')))).toEqual(['3101@2']);
  });
});
