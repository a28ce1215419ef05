/**
 * Construction of AST nodes from what the grammar recognised. The grammar (`p4-parser.ts`)
 * decides *what* was written; these functions decide *how* it is represented.
 */
import type { IToken } from 'chevrotain';
import type * as A from '../../ast/nodes.ts';
import type { Span } from '../../source/span.ts';
import { decodeIntegerLiteral, decodeStringLiteral } from '../lexer/literals.ts';

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

export function ident(token: IToken): A.Ident {
  return { kind: 'Ident', name: token.image, span: tokenSpan(token) };
}

export function pathName(name: A.Ident, dot: IToken | undefined): A.PathName {
  return {
    kind: 'PathName',
    name,
    global: dot !== undefined,
    span: dot ? { start: dot.startOffset, end: name.span.end } : name.span,
  };
}

// ---------------------------------------------------------------------------------------------
// Literals and primary expressions
// ---------------------------------------------------------------------------------------------

export function intLiteral(token: IToken): A.IntLiteral {
  // The lexer has already rejected literals that do not decode.
  const decoded = decodeIntegerLiteral(token.image) ?? { value: 0n, width: undefined, signed: false };
  return {
    kind: 'IntLiteral',
    value: decoded.value,
    width: decoded.width,
    signed: decoded.signed,
    text: token.image,
    span: tokenSpan(token),
  };
}

export function stringLiteral(token: IToken): A.StringLiteral {
  return { kind: 'StringLiteral', value: decodeStringLiteral(token.image), span: tokenSpan(token) };
}

export function boolLiteral(token: IToken, value: boolean): A.BoolLiteral {
  return { kind: 'BoolLiteral', value, span: tokenSpan(token) };
}

export function pathExpression(path: A.PathName): A.PathExpression {
  return { kind: 'PathExpression', path, span: path.span };
}

/** `(e)`: the inner expression, its span widened to cover the parentheses. */
export function parenthesized(inner: A.Expression, span: Span): A.Expression {
  return { ...inner, span };
}

export function listExpression(items: A.Expression[], hasDots: boolean, span: Span): A.ListExpression {
  return { kind: 'ListExpression', items, hasDots, span };
}

export function structExpression(fields: A.NamedExpression[], hasDots: boolean, span: Span): A.StructExpression {
  return { kind: 'StructExpression', fields, hasDots, span };
}

export function namedExpression(name: A.Ident, value: A.Expression): A.NamedExpression {
  return { kind: 'NamedExpression', name, value, span: join(name.span, value.span) };
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

export function unary(op: A.UnaryOperator, operand: A.Expression, opToken: IToken): A.UnaryExpression {
  return { kind: 'UnaryExpression', op, operand, span: join(tokenSpan(opToken), operand.span) };
}

export function binary(op: A.BinaryOperator, left: A.Expression, right: A.Expression): A.BinaryExpression {
  return { kind: 'BinaryExpression', op, left, right, span: join(left.span, right.span) };
}

/**
 * Binding strength of the binary operators (higher binds tighter), as in the P4-16 grammar
 * (and p4c): unlike C, the bitwise operators bind tighter than the comparisons, and `++` binds
 * like `+`. All are left-associative.
 */
export const BINARY_PRECEDENCE: Readonly<Record<A.BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '<<': 8,
  '>>': 8,
  '++': 9,
  '+': 9,
  '-': 9,
  '|+|': 9,
  '|-|': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/** Folds `e0 op0 e1 op1 e2 ...` into a tree by operator precedence (left-associative). */
export function foldBinary(operands: readonly A.Expression[], operators: readonly A.BinaryOperator[]): A.Expression {
  const values: A.Expression[] = [operands[0]!];
  const pending: A.BinaryOperator[] = [];
  const reduce = (): void => {
    const right = values.pop()!;
    const left = values.pop()!;
    values.push(binary(pending.pop()!, left, right));
  };
  for (let i = 0; i < operators.length; i++) {
    const op = operators[i]!;
    while (pending.length > 0 && BINARY_PRECEDENCE[pending[pending.length - 1]!] >= BINARY_PRECEDENCE[op]) reduce();
    pending.push(op);
    values.push(operands[i + 1]!);
  }
  while (pending.length > 0) reduce();
  return values[0]!;
}

export function ternary(condition: A.Expression, then: A.Expression, otherwise: A.Expression): A.TernaryExpression {
  return { kind: 'TernaryExpression', condition, then, otherwise, span: join(condition.span, otherwise.span) };
}

export function cast(type: A.TypeRef, operand: A.Expression, span: Span): A.CastExpression {
  return { kind: 'CastExpression', type, operand, span };
}

export function member(object: A.Expression, name: A.Ident): A.MemberExpression {
  return { kind: 'MemberExpression', object, member: name, span: join(object.span, name.span) };
}

export function typeMember(type: A.TypeRef, name: A.Ident): A.TypeMemberExpression {
  return { kind: 'TypeMemberExpression', type, member: name, span: join(type.span, name.span) };
}

export function index(object: A.Expression, indexValue: A.Expression, end: number): A.IndexExpression {
  return { kind: 'IndexExpression', object, index: indexValue, span: { start: object.span.start, end } };
}

export function slice(object: A.Expression, hi: A.Expression, lo: A.Expression, end: number): A.SliceExpression {
  return { kind: 'SliceExpression', object, hi, lo, span: { start: object.span.start, end } };
}

/**
 * `e[lo +: width]`: a slice whose `hi` is the synthesised `lo + width - 1` (covering the written
 * `lo +: width`), with the written `width` kept.
 */
export function indexedSlice(
  object: A.Expression,
  lo: A.Expression,
  width: A.Expression,
  end: number,
): A.SliceExpression {
  const written = join(lo.span, width.span);
  const one: A.IntLiteral = {
    kind: 'IntLiteral',
    value: 1n,
    width: undefined,
    signed: false,
    text: '1',
    span: written,
  };
  const hi: A.BinaryExpression = {
    kind: 'BinaryExpression',
    op: '-',
    left: { kind: 'BinaryExpression', op: '+', left: lo, right: width, span: written },
    right: one,
    span: written,
  };
  return { kind: 'SliceExpression', object, hi, lo, width, span: { start: object.span.start, end } };
}

export function call(callee: A.Expression, typeArgs: A.TypeRef[], args: A.Argument[], end: number): A.CallExpression {
  return { kind: 'CallExpression', callee, typeArgs, args, span: { start: callee.span.start, end } };
}

export function argument(name: A.Ident | undefined, value: A.Expression): A.Argument {
  return { kind: 'Argument', name, value, span: name ? join(name.span, value.span) : value.span };
}

export function mask(value: A.Expression, maskValue: A.Expression): A.MaskExpression {
  return { kind: 'MaskExpression', value, mask: maskValue, span: join(value.span, maskValue.span) };
}

export function range(lo: A.Expression, hi: A.Expression): A.RangeExpression {
  return { kind: 'RangeExpression', lo, hi, span: join(lo.span, hi.span) };
}

export function isCall(expression: A.Expression | undefined): expression is A.CallExpression {
  return expression?.kind === 'CallExpression';
}

// ---------------------------------------------------------------------------------------------
// Record-like nodes
// ---------------------------------------------------------------------------------------------

type NodeOfKind<K extends A.NodeKind> = Extract<A.Node, { readonly kind: K }>;

/** Any other node: its fields as the grammar collected them, tagged with its kind. */
export function node<K extends A.NodeKind>(kind: K, fields: Omit<NodeOfKind<K>, 'kind'>): NodeOfKind<K> {
  return { kind, ...fields } as unknown as NodeOfKind<K>;
}

export function unparsedAnnotationBody(text: string): A.AnnotationBody {
  return { kind: 'Unparsed', text: text.trim() };
}

/** `Type<args>.member` written on a generic type (`MyParser<bit>.apply`). */
export function specializedTypeMember(object: A.Expression, args: A.TypeRef[], name: A.Ident): A.Expression {
  if (object.kind !== 'PathExpression') return member(object, name);
  const type: A.SpecializedTypeRef = {
    kind: 'SpecializedTypeRef',
    base: object.path,
    args,
    span: { start: object.span.start, end: name.span.start - 1 },
  };
  return typeMember(type, name);
}

const dotsExpressions = new WeakSet<A.Expression>();

/**
 * `...` used as a value (`const T x = ...;`, `f(...)`): "the default value". It is represented as
 * an empty `ListExpression` with `hasDots` whose span covers just the `...`; inside `{ a, ... }`
 * it only sets the enclosing list's `hasDots`.
 */
export function dotsExpression(token: IToken): A.ListExpression {
  const expression = listExpression([], true, tokenSpan(token));
  dotsExpressions.add(expression);
  return expression;
}

export function isDotsExpression(expression: A.Expression): boolean {
  return dotsExpressions.has(expression);
}

/**
 * The type of `T name[N][M]` (a C-style array declarator): `T[N][M]`, as if written `T[N][M] name`
 * (span from the type's start to the last `]`).
 */
export function arrayType(type: A.TypeRef, sizes: readonly A.Expression[], start: number): A.TypeRef {
  let result = type;
  for (const size of sizes) {
    result = { kind: 'HeaderStackTypeRef', element: result, size, span: { start, end: size.span.end + 1 } };
  }
  return result;
}

/** `@pragma name body...` (one token up to the end of the line): body kept unparsed. */
export function pragmaAnnotation(token: IToken): A.Annotation {
  const text = token.image;
  const match = /^@pragma[ \t]*([A-Za-z_][A-Za-z0-9_]*)?/.exec(text)!;
  const nameText = match[1] ?? '';
  const nameStart = token.startOffset + match[0].length - nameText.length;
  const rest = text
    .slice(match[0].length)
    .replace(/\\\r?\n/g, ' ')
    .trim();
  return {
    kind: 'Annotation',
    name: { kind: 'Ident', name: nameText, span: { start: nameStart, end: nameStart + nameText.length } },
    body: rest === '' ? { kind: 'Empty' } : { kind: 'Unparsed', text: rest },
    span: tokenSpan(token),
  };
}
