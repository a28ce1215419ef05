import { describe, expect, it } from 'vitest';
import type * as A from '../../../../compiler/ast/nodes.ts';
import { only, show } from './helpers.ts';

function keyset(k: A.Keyset): string {
  return k.kind === 'TupleKeyset' ? `(${k.elements.map(show).join(', ')})` : show(k.expression);
}

describe('parser states and select', () => {
  const parser = only(
    `parser P(packet_in b, out H h) {
       state start {
         b.extract(h.eth);
         transition select(h.eth.type, h.eth.flags) {
           (0x0800, _): ipv4;
           (0x86dd &&& 0xffff, 1 .. 3): ipv6;
           (default, 0): reject;
           (A.B): named;
           (x + 1) * 2: computed;
           vs: from_value_set;
           default: accept;
         }
       }
       state ipv4 { transition accept; }
     }`,
    'ParserDeclaration',
  );

  it('parses statements before the transition', () => {
    expect(parser.states[0]!.statements.map((s) => s.kind)).toEqual(['CallStatement']);
  });

  it('parses select over a tuple of expressions', () => {
    const t = parser.states[0]!.transition;
    expect(t?.kind).toBe('SelectTransition');
    if (t?.kind === 'SelectTransition') expect(t.selectors.map(show)).toEqual(['h.eth.type', 'h.eth.flags']);
  });

  it('parses tuple keysets with masks, ranges, default and `_`, and simple keysets', () => {
    const t = parser.states[0]!.transition;
    if (t?.kind !== 'SelectTransition') throw new Error('no select');
    expect(t.cases.map((c) => `${keyset(c.keyset)} -> ${c.target.name}`)).toEqual([
      '(0x0800, _) -> ipv4',
      '((0x86dd &&& 0xffff), (1 .. 3)) -> ipv6',
      '(default, 0) -> reject',
      'A.B -> named',
      '((x + 1) * 2) -> computed',
      'vs -> from_value_set',
      'default -> accept',
    ]);
    expect(t.cases.map((c) => c.keyset.kind)).toEqual([
      'TupleKeyset',
      'TupleKeyset',
      'TupleKeyset',
      'SimpleKeyset',
      'SimpleKeyset',
      'SimpleKeyset',
      'SimpleKeyset',
    ]);
  });

  it('parses a single masked keyset in parentheses as a one-element tuple', () => {
    const p = only('parser Q() { state start { transition select(x) { (1 &&& 3): accept; } } }', 'ParserDeclaration');
    const t = p.states[0]!.transition;
    expect(t?.kind === 'SelectTransition' && t.cases[0]!.keyset.kind).toBe('TupleKeyset');
  });

  it('parses direct transitions', () => {
    expect(parser.states[1]!.transition).toMatchObject({ kind: 'DirectTransition', target: { name: 'accept' } });
  });
});
