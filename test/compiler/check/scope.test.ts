import { describe, expect, it } from 'vitest';
import { Scope, type Symbol } from '../../../compiler/check/scope.ts';
import { freshTypeVariable } from '../../../compiler/check/types.ts';
import { checkSource, errorSummary, lineContaining } from './helpers.ts';

function typeSymbol(name: string): Symbol {
  const ident = { kind: 'Ident' as const, name, span: { start: 0, end: 0 } };
  return { kind: 'type', name, decl: ident, type: freshTypeVariable(name), typeParameters: [] };
}

describe('scopes', () => {
  it('finds the innermost declaration and reports clashes', () => {
    const outer = new Scope(undefined, 'outer');
    const a = typeSymbol('a');
    expect(outer.declare(a)).toBeUndefined();
    expect(outer.declare(typeSymbol('a'))).toBe(a);
    const inner = new Scope(outer, 'inner');
    const a2 = typeSymbol('a');
    inner.declare(a2);
    expect(inner.lookup('a')?.[0]).toBe(a2);
    expect(inner.root).toBe(outer);
    expect(inner.lookup('zzz')).toBeUndefined();
  });

  it('requires declaration before use at top level', () => {
    const text = 'const bit<8> a = b;\nconst bit<8> b = 1;\n';
    expect(errorSummary(checkSource(text))).toEqual(['3001@1']);
  });

  it('lets parser states refer forward', () => {
    const text = `#include <core.p4>
parser p(packet_in pkt) {
  state start { transition next; }
  state next { transition accept; }
}`;
    expect(checkSource(text).errors).toEqual([]);
  });

  it('resolves .name at the top level', () => {
    const text = `const bit<8> x = 1;
control c(inout bit<8> x) { apply { x = .x; } }`;
    expect(checkSource(text).errors).toEqual([]);
  });

  it('reports duplicate declarations at the second one', () => {
    const text = 'const bit<8> a = 1;\nconst bit<8> a = 2;\n';
    const run = checkSource(text);
    expect(errorSummary(run)).toEqual(['3002@2']);
    expect(run.errors[0]!.message).toBe('a: Duplicates declaration a');
  });

  it('scopes blocks', () => {
    const text = `control c(inout bit<8> y) {
  apply {
    { bit<8> inner = 1; }
    y = inner;
  }
}`;
    expect(errorSummary(checkSource(text))).toEqual([`3001@${lineContaining(text, 'y = inner')}`]);
  });
});
