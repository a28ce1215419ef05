import { describe, expect, it } from 'vitest';
import type * as A from '../../../../compiler/ast/nodes.ts';
import { only, textOf } from './helpers.ts';

describe('spans', () => {
  const text = [
    '@name("C") control C(inout bit<8> x) {',
    '    action a(bit<8> v) { x = v + 1; }',
    '    apply { if (x == 0) { a(8w1); } x[3:0] = (bit<4>) x; }',
    '}',
  ].join('\n');
  const control = only(text, 'ControlDeclaration');

  it('covers a declaration from its first annotation to its closing brace', () => {
    expect(textOf(text, control)).toBe(text);
  });

  it('covers parameters, names and actions', () => {
    expect(textOf(text, control.parameters[0]!)).toBe('inout bit<8> x');
    expect(textOf(text, control.name)).toBe('C');
    expect(textOf(text, control.locals[0]!)).toBe('action a(bit<8> v) { x = v + 1; }');
  });

  it('covers statements (with their `;`) and expressions', () => {
    const [ifStatement, assignment] = control.apply.statements as [A.IfStatement, A.AssignmentStatement];
    expect(textOf(text, ifStatement)).toBe('if (x == 0) { a(8w1); }');
    expect(textOf(text, ifStatement.condition)).toBe('x == 0');
    expect(textOf(text, assignment)).toBe('x[3:0] = (bit<4>) x;');
    expect(textOf(text, assignment.target)).toBe('x[3:0]');
    expect(textOf(text, assignment.value)).toBe('(bit<4>) x');
    const cast = assignment.value as A.CastExpression;
    expect(textOf(text, cast.type)).toBe('bit<4>');
  });

  it('covers parentheses of a parenthesised expression and whole binary expressions', () => {
    const src = 'const int x = (a + b) * c;';
    const value = only(src, 'ConstantDeclaration').value as A.BinaryExpression;
    expect(textOf(src, value)).toBe('(a + b) * c');
    expect(textOf(src, value.left)).toBe('(a + b)');
  });

  it('covers calls, members and literals', () => {
    const src = 'const int x = h.f(1, y = 2).g;';
    const member = only(src, 'ConstantDeclaration').value as A.MemberExpression;
    const call = member.object as A.CallExpression;
    expect(textOf(src, member)).toBe('h.f(1, y = 2).g');
    expect(textOf(src, call)).toBe('h.f(1, y = 2)');
    expect(textOf(src, call.args[1]!)).toBe('y = 2');
    expect(textOf(src, call.args[0]!.value)).toBe('1');
  });
});
