/**
 * Constant folding. The expression checker calls these after typing an expression whose operands
 * are constants; the results go to `CheckedProgram.constants`. Fixed-width arithmetic wraps
 * around (two's complement for `int<W>`); `int` is exact.
 */
import type { BinaryOperator, Expression, TypeRef, UnaryOperator } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import type { CheckContext } from './context.ts';
import { checkExpression } from './expressions.ts';
import type { Type } from './types.ts';
import { constValueEquals, type ConstValue } from './values.ts';

/** Wraps an integer to the range of a fixed-width type (unchanged for `int` and others). */
export function wrapToType(value: bigint, type: Type): bigint {
  if (type.kind === 'serializable_enum') return wrapToType(value, type.underlying);
  if (type.kind === 'newtype') return wrapToType(value, type.underlying);
  if (type.kind !== 'bits') return value;
  const w = BigInt(type.width);
  if (type.width === 0) return 0n;
  return type.signed ? BigInt.asIntN(type.width, value) : BigInt.asUintN(Number(w), value);
}

export function fitsInType(value: bigint, type: Type): boolean {
  if (type.kind !== 'bits') return true;
  if (type.signed) {
    const half = 1n << BigInt(type.width - 1);
    return value >= -half && value < half;
  }
  return value >= 0n && value < (1n << BigInt(type.width));
}

/**
 * Checks `expr` and returns its integer value, reporting an error if it is not a compile-time
 * integer constant.
 */
export function evaluateConstantInteger(ctx: CheckContext, expr: Expression): bigint | undefined {
  const type = checkExpression(ctx, expr);
  if (type.kind === 'unknown') return undefined;
  const value = ctx.result.constants.get(expr);
  if (value === undefined) {
    ctx.report(CheckDiagnostics.NotConstant, expr.span, [exprText(ctx, expr)]);
    return undefined;
  }
  if (typeof value === 'bigint') return value;
  if (typeof value === 'object' && value.kind === 'enum_member' && value.value !== undefined) return value.value;
  ctx.report(CheckDiagnostics.IntegerExpected, expr.span, [exprText(ctx, expr)]);
  return undefined;
}

/** Source-like text of an expression for messages. */
export function exprText(_ctx: CheckContext | undefined, expr: Expression): string {
  return printExpression(expr);
}

export function printExpression(expr: Expression): string {
  switch (expr.kind) {
    case 'IntLiteral': return expr.text;
    case 'BoolLiteral': return String(expr.value);
    case 'StringLiteral': return JSON.stringify(expr.value);
    case 'PathExpression': return (expr.path.global ? '.' : '') + expr.path.name.name;
    case 'MemberExpression': return `${printExpression(expr.object)}.${expr.member.name}`;
    case 'IndexExpression': return `${printExpression(expr.object)}[${printExpression(expr.index)}]`;
    case 'SliceExpression': return `${printExpression(expr.object)}[${printExpression(expr.hi)}:${printExpression(expr.lo)}]`;
    case 'CallExpression': return `${printExpression(expr.callee)}(${expr.args.map((a) => (a.name ? `${a.name.name} = ` : '') + printExpression(a.value)).join(', ')})`;
    case 'UnaryExpression': return `${expr.op}${printExpression(expr.operand)}`;
    case 'BinaryExpression': return `${printExpression(expr.left)} ${expr.op} ${printExpression(expr.right)}`;
    case 'TernaryExpression': return `${printExpression(expr.condition)} ? ${printExpression(expr.then)} : ${printExpression(expr.otherwise)}`;
    case 'CastExpression': return `(${printTypeRef(expr.type)})${printExpression(expr.operand)}`;
    case 'TypeMemberExpression': return `${printTypeRef(expr.type)}.${expr.member.name}`;
    case 'ListExpression': return `{ ${expr.items.map(printExpression).join(', ')} }`;
    case 'StructExpression': return `{ ${expr.fields.map((f) => `${f.name.name} = ${printExpression(f.value)}`).join(', ')} }`;
    case 'InvalidHeaderExpression': return '{#}';
    case 'MaskExpression': return `${printExpression(expr.value)} &&& ${printExpression(expr.mask)}`;
    case 'RangeExpression': return `${printExpression(expr.lo)} .. ${printExpression(expr.hi)}`;
    case 'DefaultExpression': return 'default';
    case 'DontCareExpression': return '_';
    case 'ThisExpression': return 'this';
  }
}

export function printTypeRef(ref: TypeRef): string {
  switch (ref.kind) {
    case 'BitTypeRef': return ref.width === undefined ? 'bit' : `bit<${printExpression(ref.width)}>`;
    case 'IntTypeRef': return ref.width === undefined ? 'int' : `int<${printExpression(ref.width)}>`;
    case 'VarbitTypeRef': return `varbit<${printExpression(ref.maxWidth)}>`;
    case 'BoolTypeRef': return 'bool';
    case 'ErrorTypeRef': return 'error';
    case 'MatchKindTypeRef': return 'match_kind';
    case 'StringTypeRef': return 'string';
    case 'VoidTypeRef': return 'void';
    case 'DontCareTypeRef': return '_';
    case 'NamedTypeRef': return (ref.name.global ? '.' : '') + ref.name.name.name;
    case 'SpecializedTypeRef': return `${ref.base.name.name}<${ref.args.map(printTypeRef).join(', ')}>`;
    case 'HeaderStackTypeRef': return `${printTypeRef(ref.element)}[${printExpression(ref.size)}]`;
    case 'TupleTypeRef': return `tuple<${ref.elements.map(printTypeRef).join(', ')}>`;
    case 'ListTypeRef': return `list<${printTypeRef(ref.element)}>`;
  }
}

export type FoldResult = ConstValue | undefined | 'division_by_zero' | 'negative_shift' | 'too_large';

/**
 * The widest value constant folding handles, in bits: the largest width of a `bit<W>` or
 * `int<W>` type (`resolveWidth`) and the largest `int` (arbitrary-precision) value. Without it a
 * few lines (`c1 = c0 * c0`, `c2 = c1 * c1`, …) double the size of a constant with each line and
 * run the compiler out of time and memory; with it one folding step costs at most about a
 * millisecond.
 */
export const MAX_INT_CONSTANT_BITS = 65_536;
const INT_LIMIT = 1n << BigInt(MAX_INT_CONSTANT_BITS);

function tooLarge(v: bigint): boolean {
  return v >= INT_LIMIT || v <= -INT_LIMIT;
}

/** Folds a binary operation on constants; `type` is the (already converted) operand type. */
export function foldBinary(op: BinaryOperator, l: ConstValue, r: ConstValue, operandType: Type, resultType: Type): FoldResult {
  if (typeof l === 'boolean' && typeof r === 'boolean') {
    switch (op) {
      case '&&': return l && r;
      case '||': return l || r;
      case '==': return l === r;
      case '!=': return l !== r;
      default: return undefined;
    }
  }
  if (op === '++' && typeof l === 'string' && typeof r === 'string') return l + r;
  if (op === '==' ) return constValueEquals(l, r);
  if (op === '!=') return !constValueEquals(l, r);
  const a = intOf(l);
  const b = intOf(r);
  if (a === undefined || b === undefined) return undefined;
  const folded = foldIntegers(op, a, b, operandType, resultType);
  if (resultType.kind !== 'bits' && typeof folded === 'bigint' && tooLarge(folded)) return 'too_large';
  return folded;
}

function foldIntegers(op: BinaryOperator, a: bigint, b: bigint, operandType: Type, resultType: Type): FoldResult {
  const wrap = (v: bigint): bigint => wrapToType(v, resultType);
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/':
      if (b === 0n) return 'division_by_zero';
      if (a < 0n || b < 0n) return undefined;
      return wrap(a / b);
    case '%':
      if (b === 0n) return 'division_by_zero';
      if (a < 0n || b < 0n) return undefined;
      return wrap(a % b);
    case '|+|': return saturate(a + b, operandType);
    case '|-|': return saturate(a - b, operandType);
    case '<<':
      if (b < 0n) return 'negative_shift';
      if (b > 100_000n) return resultType.kind === 'bits' ? 0n : 'too_large';
      return wrap(a << b);
    case '>>':
      if (b < 0n) return 'negative_shift';
      if (b > 100_000n) return a < 0n ? -1n : 0n;
      return wrap(a >> b);
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '&': return wrap(a & b);
    case '|': return wrap(a | b);
    case '^': return wrap(a ^ b);
    case '++': {
      if (resultType.kind !== 'bits' || operandType.kind !== 'bits') return undefined;
      const rw = BigInt(resultType.width - operandType.width);
      return wrap((BigInt.asUintN(operandType.width, a) << rw) | BigInt.asUintN(Number(rw), b));
    }
    default: return undefined;
  }
}

function saturate(v: bigint, type: Type): bigint {
  if (type.kind !== 'bits') return v;
  const w = BigInt(type.width);
  const [min, max] = type.signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
  return v < min ? min : v > max ? max : v;
}

function intOf(v: ConstValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'object' && v.kind === 'enum_member') return v.value;
  return undefined;
}

export function foldUnary(op: UnaryOperator, v: ConstValue, type: Type): ConstValue | undefined {
  if (op === '!') return typeof v === 'boolean' ? !v : undefined;
  if (typeof v !== 'bigint') return undefined;
  switch (op) {
    case '-': return wrapToType(-v, type);
    case '+': return v;
    case '~': return wrapToType(~v, type);
  }
}

/** The value of a constant after an (implicit or explicit) conversion to `to`. */
export function convertConstant(v: ConstValue, to: Type): ConstValue | undefined {
  switch (to.kind) {
    case 'bits':
      if (typeof v === 'bigint') return wrapToType(v, to);
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'object' && v.kind === 'enum_member' && v.value !== undefined) return wrapToType(v.value, to);
      return undefined;
    case 'int':
      if (typeof v === 'bigint') return v;
      return undefined;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return v !== 0n;
      return undefined;
    case 'serializable_enum': {
      const n = intOf(v);
      if (n === undefined) return undefined;
      const value = wrapToType(n, to.underlying);
      for (const [member, mv] of to.members) {
        if (mv === value) return { kind: 'enum_member', type: to, member, value };
      }
      return { kind: 'enum_member', type: to, member: '', value };
    }
    case 'newtype':
      return convertConstant(v, to.underlying);
    default:
      return v;
  }
}
