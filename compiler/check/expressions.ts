/**
 * Typing of expressions (bottom-up) with constant folding. Every checked expression gets its type
 * in `types` and, if it is a compile-time constant, its value in `constants`. Implicit
 * conversions are recorded by the consumer of a value (assignment, argument, operator), see
 * `casts.ts`.
 */
import type {
  BinaryExpression,
  CastExpression,
  Expression,
  IndexExpression,
  IntLiteral,
  PathExpression,
  SliceExpression,
  TernaryExpression,
  TypeMemberExpression,
  UnaryExpression,
} from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { checkCall } from './calls.ts';
import { convertExpression, isExplicitlyCastable } from './casts.ts';
import { convertConstant, foldBinary, foldUnary, MAX_INT_CONSTANT_BITS, printExpression, wrapToType } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { resolveMember, typeMember } from './members.ts';
import { lookupPath, resolveType } from './resolve-types.ts';
import type { Symbol } from './scope.ts';
import {
  BOOL,
  DONTCARE,
  INT,
  INVALID_HEADER,
  STRING,
  UNKNOWN,
  bits,
  isEqualityComparable,
  sameType,
  typeToString,
  type Field,
  type Type,
} from './types.ts';
import type { ConstValue } from './values.ts';

/** Types `expr` (once; later calls return the recorded type). */
export function checkExpression(ctx: CheckContext, expr: Expression): Type {
  const known = ctx.result.types.get(expr);
  if (known !== undefined) return known;
  let type = typeOf(ctx, expr);
  if (type.kind === 'type_name' && !ctx.allowTypeName) {
    ctx.report(CheckDiagnostics.TypeInExpression, expr.span, [printExpression(expr)]);
    type = UNKNOWN;
  }
  ctx.result.types.set(expr, type);
  return type;
}

/** Types the object of `object.member`, which may name a type (`E.A`, `C.apply`). */
export function checkExpressionOrType(ctx: CheckContext, expr: Expression): Type {
  const saved = ctx.allowTypeName;
  ctx.allowTypeName = true;
  try {
    return checkExpression(ctx, expr);
  } finally {
    ctx.allowTypeName = saved;
  }
}

function setConstant(ctx: CheckContext, expr: Expression, value: ConstValue | undefined): void {
  if (value !== undefined) ctx.result.constants.set(expr, value);
}

function typeOf(ctx: CheckContext, expr: Expression): Type {
  switch (expr.kind) {
    case 'IntLiteral': return checkIntLiteral(ctx, expr);
    case 'BoolLiteral':
      setConstant(ctx, expr, expr.value);
      return BOOL;
    case 'StringLiteral':
      setConstant(ctx, expr, expr.value);
      return STRING;
    case 'PathExpression': return checkPath(ctx, expr);
    case 'MemberExpression': return resolveMember(ctx, expr).type;
    case 'IndexExpression': return checkIndex(ctx, expr);
    case 'SliceExpression': return checkSlice(ctx, expr);
    case 'CallExpression': return checkCall(ctx, expr);
    case 'UnaryExpression': return checkUnary(ctx, expr);
    case 'BinaryExpression': return checkBinary(ctx, expr);
    case 'TernaryExpression': return checkTernary(ctx, expr);
    case 'CastExpression': return checkCast(ctx, expr);
    case 'TypeMemberExpression': return checkTypeMember(ctx, expr);
    case 'ListExpression': {
      const elements = expr.items.map((item) => checkExpression(ctx, item));
      const values = expr.items.map((item) => ctx.result.constants.get(item));
      if (values.every((v) => v !== undefined)) setConstant(ctx, expr, { kind: 'tuple', items: values as ConstValue[] });
      return { kind: 'tuple', elements };
    }
    case 'StructExpression': {
      const fields: Field[] = [];
      const seen = new Set<string>();
      const values = new Map<string, ConstValue>();
      let allConstant = true;
      for (const f of expr.fields) {
        const t = checkExpression(ctx, f.value);
        if (seen.has(f.name.name)) {
          ctx.report(CheckDiagnostics.DuplicateMember, f.name.span, [f.name.name]);
          continue;
        }
        seen.add(f.name.name);
        fields.push({ name: f.name.name, type: t });
        const v = ctx.result.constants.get(f.value);
        if (v === undefined) allConstant = false;
        else values.set(f.name.name, v);
      }
      if (allConstant) setConstant(ctx, expr, { kind: 'struct', fields: values });
      return { kind: 'anonymous_struct', fields };
    }
    case 'InvalidHeaderExpression': return INVALID_HEADER;
    case 'MaskExpression':
    case 'RangeExpression':
      if (!ctx.inKeyset) {
        ctx.report(CheckDiagnostics.KeysetOnlyOperator, expr.span, [printExpression(expr)]);
        return UNKNOWN;
      }
      return checkKeysetOperator(ctx, expr);
    case 'DefaultExpression':
    case 'DontCareExpression':
      return DONTCARE;
    case 'ThisExpression':
      return ctx.thisType ?? reportThis(ctx, expr);
  }
}

function reportThis(ctx: CheckContext, expr: Expression): Type {
  ctx.report(CheckDiagnostics.ThisOutsideInitializer, expr.span, ['this']);
  return UNKNOWN;
}

function checkIntLiteral(ctx: CheckContext, expr: IntLiteral): Type {
  if (expr.width === undefined) {
    setConstant(ctx, expr, expr.value);
    return INT;
  }
  if (expr.signed && expr.width === 0) {
    ctx.report(CheckDiagnostics.ZeroSignedWidth, expr.span, [expr.text]);
    return UNKNOWN;
  }
  if (expr.width > MAX_INT_CONSTANT_BITS) {
    // as for bit<N>: a width past the largest constant p4ts computes with is not a type
    ctx.report(CheckDiagnostics.InvalidWidth, expr.span, [expr.text]);
    return UNKNOWN;
  }
  const type = bits(expr.width, expr.signed);
  const wrapped = wrapToType(expr.value, type);
  if (wrapped !== expr.value && !(expr.signed && expr.value === (1n << BigInt(expr.width - 1)))) {
    ctx.report(CheckDiagnostics.ValueDoesNotFit, expr.span, [expr.text, expr.width]);
  }
  setConstant(ctx, expr, wrapped);
  return type;
}

/** The type of a name used as a value. */
export function symbolValueType(ctx: CheckContext, symbol: Symbol, expr: PathExpression): Type {
  switch (symbol.kind) {
    case 'constant':
      setConstant(ctx, expr, symbol.value);
      return symbol.type;
    case 'variable':
    case 'parameter':
    case 'instance':
    case 'value_set':
    case 'action':
    case 'function':
    case 'table':
      return symbol.type;
    case 'match_kind_member':
      setConstant(ctx, expr, { kind: 'match_kind_member', member: symbol.name });
      return { kind: 'match_kind' };
    case 'type':
      return { kind: 'type_name', type: symbol.type };
    case 'state':
      return { kind: 'state' };
  }
}

function checkPath(ctx: CheckContext, expr: PathExpression): Type {
  const found = lookupPath(ctx, expr.path);
  if (found === undefined || found.length === 0) {
    ctx.report(CheckDiagnostics.DeclarationNotFound, expr.span, [expr.path.name.name]);
    return UNKNOWN;
  }
  const symbol = found[0]!;
  ctx.recordName(expr, symbol);
  if (symbol.kind === 'table' && ctx.body.table === symbol.decl) {
    ctx.report(CheckDiagnostics.RefersToContainingTable, expr.span, [symbol.name]);
    return UNKNOWN;
  }
  return symbolValueType(ctx, symbol, expr);
}

function checkIndex(ctx: CheckContext, expr: IndexExpression): Type {
  const objectType = checkExpression(ctx, expr.object);
  const indexType = checkExpression(ctx, expr.index);
  if (objectType.kind === 'unknown') return UNKNOWN;
  if (indexType.kind !== 'bits' && indexType.kind !== 'int' && indexType.kind !== 'unknown' && indexType.kind !== 'serializable_enum') {
    ctx.report(CheckDiagnostics.TypeMismatch, expr.index.span, [printExpression(expr.index), typeToString(indexType), 'bit<32>']);
  }
  if (indexType.kind === 'int') convertExpression(ctx, expr.index, indexType, bits(32));
  const index = ctx.result.constants.get(expr.index);
  if (objectType.kind === 'stack') {
    if (typeof index === 'bigint' && (index < 0n || index >= BigInt(objectType.size))) {
      ctx.report(CheckDiagnostics.IndexOutOfRange, expr.index.span, [printExpression(expr), objectType.size]);
    }
    return objectType.element;
  }
  if (objectType.kind === 'tuple') {
    if (typeof index !== 'bigint') {
      ctx.report(CheckDiagnostics.NotConstant, expr.index.span, [printExpression(expr.index)]);
      return UNKNOWN;
    }
    const element = objectType.elements[Number(index)];
    if (element === undefined) {
      ctx.report(CheckDiagnostics.IndexOutOfRange, expr.index.span, [printExpression(expr), objectType.elements.length]);
      return UNKNOWN;
    }
    const tupleValue = ctx.result.constants.get(expr.object);
    if (typeof tupleValue === 'object' && tupleValue.kind === 'tuple') setConstant(ctx, expr, tupleValue.items[Number(index)]);
    return element;
  }
  if (objectType.kind === 'list') return objectType.element;
  ctx.report(CheckDiagnostics.NotIndexable, expr.span, [printExpression(expr), typeToString(objectType)]);
  return UNKNOWN;
}

function checkSlice(ctx: CheckContext, expr: SliceExpression): Type {
  let objectType = checkExpression(ctx, expr.object);
  checkExpression(ctx, expr.hi);
  checkExpression(ctx, expr.lo);
  if (objectType.kind === 'unknown') return UNKNOWN;
  if (objectType.kind === 'serializable_enum') objectType = objectType.underlying;
  if (objectType.kind !== 'bits' && objectType.kind !== 'int') {
    ctx.report(CheckDiagnostics.SliceOnNonBits, expr.span, [printExpression(expr), typeToString(objectType)]);
    return UNKNOWN;
  }
  const hi = ctx.result.constants.get(expr.hi);
  const lo = ctx.result.constants.get(expr.lo);
  if (typeof hi !== 'bigint' || typeof lo !== 'bigint') {
    const bad = typeof hi !== 'bigint' ? expr.hi : expr.lo;
    ctx.report(CheckDiagnostics.NotConstant, bad.span, [printExpression(bad)]);
    return UNKNOWN;
  }
  if (hi < lo || lo < 0n) {
    ctx.report(CheckDiagnostics.SliceBounds, expr.span, [printExpression(expr), 'hi >= lo >= 0']);
    return UNKNOWN;
  }
  if (objectType.kind === 'bits' && hi >= BigInt(objectType.width)) {
    ctx.report(CheckDiagnostics.SliceOutOfRange, expr.span, [printExpression(expr), typeToString(objectType)]);
    return UNKNOWN;
  }
  const width = Number(hi - lo) + 1;
  const value = ctx.result.constants.get(expr.object);
  if (typeof value === 'bigint') setConstant(ctx, expr, BigInt.asUintN(width, value >> lo));
  return bits(width);
}

function checkUnary(ctx: CheckContext, expr: UnaryExpression): Type {
  const t = checkExpression(ctx, expr.operand);
  if (t.kind === 'unknown') return UNKNOWN;
  let result: Type | undefined;
  switch (expr.op) {
    case '!':
      result = t.kind === 'bool' ? BOOL : undefined;
      break;
    case '~':
      if (t.kind === 'int') {
        ctx.report(CheckDiagnostics.UnknownWidth, expr.span, [printExpression(expr)]);
        return UNKNOWN;
      }
      result = t.kind === 'bits' ? t : undefined;
      break;
    case '-':
    case '+':
      result = t.kind === 'bits' || t.kind === 'int' ? t : undefined;
      break;
  }
  if (result === undefined) {
    ctx.report(CheckDiagnostics.UnaryOperatorType, expr.span, [printExpression(expr), typeToString(t)]);
    return UNKNOWN;
  }
  const v = ctx.result.constants.get(expr.operand);
  if (v !== undefined) setConstant(ctx, expr, foldUnary(expr.op, v, result));
  return result;
}

/** Reduces a serializable enum to its underlying type for arithmetic-free uses (comparisons). */
function isIntegral(t: Type): boolean {
  return t.kind === 'bits' || t.kind === 'int';
}

/**
 * Finds the common type of two operands where an `int` converts to the other side's fixed-width
 * type; records the conversion. Returns undefined if the types differ otherwise.
 */
function unifyOperands(ctx: CheckContext, expr: BinaryExpression, l: Type, r: Type): Type | undefined {
  if (sameType(l, r)) return l;
  if (l.kind === 'int' && (r.kind === 'bits' || r.kind === 'serializable_enum')) {
    const to = r.kind === 'serializable_enum' ? r.underlying : r;
    convertExpression(ctx, expr.left, l, to);
    if (r.kind === 'serializable_enum') convertExpression(ctx, expr.right, r, to);
    return to;
  }
  if (r.kind === 'int' && (l.kind === 'bits' || l.kind === 'serializable_enum')) {
    const to = l.kind === 'serializable_enum' ? l.underlying : l;
    convertExpression(ctx, expr.right, r, to);
    if (l.kind === 'serializable_enum') convertExpression(ctx, expr.left, l, to);
    return to;
  }
  if (l.kind === 'serializable_enum' && r.kind === 'bits' && sameType(l.underlying, r)) {
    convertExpression(ctx, expr.left, l, r);
    return r;
  }
  if (r.kind === 'serializable_enum' && l.kind === 'bits' && sameType(r.underlying, l)) {
    convertExpression(ctx, expr.right, r, l);
    return l;
  }
  if (convertExpression(ctx, expr.right, r, l)) return l;
  if (convertExpression(ctx, expr.left, l, r)) return r;
  if (l.kind === 'serializable_enum' && r.kind === 'serializable_enum' && sameType(l.underlying, r.underlying) &&
      (expr.op === '==' || expr.op === '!=')) {
    convertExpression(ctx, expr.left, l, l.underlying);
    convertExpression(ctx, expr.right, r, r.underlying);
    return l.underlying;
  }
  return undefined;
}

function checkBinary(ctx: CheckContext, expr: BinaryExpression): Type {
  const l = checkExpression(ctx, expr.left);
  const r = checkExpression(ctx, expr.right);
  if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
  const result = binaryResultType(ctx, expr, l, r);
  if (result === undefined) return UNKNOWN;
  const lv = ctx.result.constants.get(expr.left);
  const rv = ctx.result.constants.get(expr.right);
  if (lv !== undefined && rv !== undefined) {
    const operandType = expr.op === '<<' || expr.op === '>>' || expr.op === '++' ? l : (ctx.result.conversions.get(expr.left) ?? l);
    const lc = ctx.result.conversions.has(expr.left) ? convertConstant(lv, ctx.result.conversions.get(expr.left)!) : lv;
    const rc = ctx.result.conversions.has(expr.right) ? convertConstant(rv, ctx.result.conversions.get(expr.right)!) : rv;
    if (lc !== undefined && rc !== undefined) {
      const folded = foldBinary(expr.op, lc, rc, operandType, result);
      // A folding error makes the expression's type unknown, so nothing that uses it repeats it.
      switch (folded) {
        case 'division_by_zero':
          ctx.report(CheckDiagnostics.DivisionByZero, expr.span, [printExpression(expr)]);
          return UNKNOWN;
        case 'negative_shift':
          ctx.report(CheckDiagnostics.NegativeShift, expr.span, [printExpression(expr)]);
          return UNKNOWN;
        case 'too_large':
          ctx.report(CheckDiagnostics.ConstantTooLarge, expr.span, [printExpression(expr), MAX_INT_CONSTANT_BITS]);
          return UNKNOWN;
        default:
          setConstant(ctx, expr, folded);
      }
    }
  }
  return result;
}

function binaryResultType(ctx: CheckContext, expr: BinaryExpression, l: Type, r: Type): Type | undefined {
  const mismatch = (): undefined => {
    ctx.report(CheckDiagnostics.OperatorTypes, expr.span, [printExpression(expr), typeToString(l), typeToString(r)]);
    return undefined;
  };
  switch (expr.op) {
    case '&&':
    case '||':
      return l.kind === 'bool' && r.kind === 'bool' ? BOOL : mismatch();
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '&':
    case '|':
    case '^':
    case '|+|':
    case '|-|': {
      if (!isIntegral(l) || !isIntegral(r)) {
        if ((l.kind === 'typevar' || r.kind === 'typevar') && sameType(l, r)) return l;
        return mismatch();
      }
      const t = unifyOperands(ctx, expr, l, r);
      if (t === undefined) return mismatch();
      if (expr.op === '/' || expr.op === '%') {
        const lv = ctx.result.constants.get(expr.left);
        const rv = ctx.result.constants.get(expr.right);
        if (rv === 0n) {
          ctx.report(CheckDiagnostics.DivisionByZero, expr.span, [printExpression(expr)]);
          return undefined;
        }
        if ((typeof lv === 'bigint' && lv < 0n && l.kind === 'int') || (typeof rv === 'bigint' && rv < 0n && r.kind === 'int')) {
          ctx.report(CheckDiagnostics.NegativeDivision, expr.span, [printExpression(expr)]);
          return undefined;
        }
      }
      if ((expr.op === '/' || expr.op === '%') && t.kind === 'bits' && t.signed) {
        const lv = ctx.result.constants.get(expr.left);
        const rv = ctx.result.constants.get(expr.right);
        if (lv === undefined || rv === undefined) return mismatch();
      }
      return t;
    }
    case '<<':
    case '>>': {
      if (!isIntegral(l)) {
        ctx.report(CheckDiagnostics.ShiftLeftOperand, expr.span, [printExpression(expr), typeToString(l)]);
        return undefined;
      }
      if (!(r.kind === 'int' || r.kind === 'bits' || r.kind === 'serializable_enum')) {
        ctx.report(CheckDiagnostics.ShiftRightOperand, expr.span, [printExpression(expr), typeToString(r)]);
        return undefined;
      }
      const rv = ctx.result.constants.get(expr.right);
      if (typeof rv === 'bigint' && rv < 0n) {
        ctx.report(CheckDiagnostics.NegativeShift, expr.span, [printExpression(expr)]);
        return undefined;
      }
      if (l.kind === 'int' && ctx.result.constants.get(expr.right) === undefined) {
        ctx.report(CheckDiagnostics.UnknownWidth, expr.span, [printExpression(expr)]);
        return undefined;
      }
      if (r.kind === 'int' && l.kind === 'bits') convertExpression(ctx, expr.right, r, bits(32));
      return l;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!isIntegral(l) && l.kind !== 'serializable_enum') return mismatch();
      if (!isIntegral(r) && r.kind !== 'serializable_enum') return mismatch();
      const t = unifyOperands(ctx, expr, l, r);
      return t === undefined ? mismatch() : BOOL;
    }
    case '==':
    case '!=': {
      if (l.kind === 'table_result' || r.kind === 'table_result') {
        ctx.report(CheckDiagnostics.TableCompare, expr.span, [`${printExpression(expr.left)} and ${printExpression(expr.right)}`]);
        return undefined;
      }
      if (!isEqualityComparable(l) || !isEqualityComparable(r)) {
        const what = l.kind === 'table' ? 'tables' : l.kind === 'extern' ? 'externs' : `values of type ${typeToString(l)}`;
        ctx.report(CheckDiagnostics.CannotCompare, expr.span, [`${printExpression(expr.left)} and ${printExpression(expr.right)}`, what]);
        return undefined;
      }
      if (l.kind === 'int' && r.kind === 'int') return BOOL;
      // `{a = 1} == {a = 1}`: neither side names its struct type, so there is none to compare in.
      if (expr.left.kind === 'StructExpression' && expr.right.kind === 'StructExpression') {
        ctx.report(CheckDiagnostics.CompareUntypedStructs, expr.span, [printExpression(expr)]);
        return undefined;
      }
      if (l.kind === 'typevar' || r.kind === 'typevar') {
        ctx.report(CheckDiagnostics.CannotCompare, expr.span, [`${printExpression(expr.left)} and ${printExpression(expr.right)}`, 'values of a type variable']);
        return undefined;
      }
      const t = unifyOperands(ctx, expr, l, r);
      return t === undefined ? mismatch() : BOOL;
    }
    case '++': {
      if (l.kind === 'string' && r.kind === 'string') return STRING;
      const lb = l.kind === 'serializable_enum' ? l.underlying : l;
      const rb = r.kind === 'serializable_enum' ? r.underlying : r;
      if (lb.kind === 'int' || rb.kind === 'int') {
        ctx.report(CheckDiagnostics.UnknownWidth, expr.span, [printExpression(expr)]);
        return undefined;
      }
      if (lb.kind !== 'bits' || rb.kind !== 'bits') return mismatch();
      return bits(lb.width + rb.width, lb.signed);
    }
  }
}

function checkTernary(ctx: CheckContext, expr: TernaryExpression): Type {
  const c = checkExpression(ctx, expr.condition);
  const a = checkExpression(ctx, expr.then);
  const b = checkExpression(ctx, expr.otherwise);
  if (c.kind !== 'bool' && c.kind !== 'unknown') {
    ctx.report(CheckDiagnostics.ConditionNotBool, expr.condition.span, [printExpression(expr.condition), typeToString(c)]);
  }
  if (a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
  let result: Type | undefined;
  if (sameType(a, b)) result = a;
  // An untyped integer branch takes the other branch's type (`c ? 2 : 3w1` is a bit<3>).
  else if (a.kind === 'int' && convertExpression(ctx, expr.then, a, b)) result = b;
  else if (convertExpression(ctx, expr.otherwise, b, a)) result = a;
  else if (convertExpression(ctx, expr.then, a, b)) result = b;
  if (result === undefined) {
    ctx.report(CheckDiagnostics.TernaryBranches, expr.span, [printExpression(expr), typeToString(a), typeToString(b)]);
    return UNKNOWN;
  }
  const cv = ctx.result.constants.get(expr.condition);
  if (typeof cv === 'boolean') {
    const chosen = cv ? expr.then : expr.otherwise;
    const v = ctx.result.constants.get(chosen);
    if (v !== undefined) setConstant(ctx, expr, ctx.result.conversions.has(chosen) ? convertConstant(v, ctx.result.conversions.get(chosen)!) : v);
  }
  return result;
}

function checkCast(ctx: CheckContext, expr: CastExpression): Type {
  const to = resolveType(ctx, expr.type);
  const from = checkExpression(ctx, expr.operand);
  if (to.kind === 'unknown' || from.kind === 'unknown') return to;
  if (!isExplicitlyCastable(from, to)) {
    ctx.report(CheckDiagnostics.CannotCast, expr.span, [typeToString(from), typeToString(to)]);
    return UNKNOWN;
  }
  convertExpression(ctx, expr.operand, from, to);
  const v = ctx.result.constants.get(expr.operand);
  if (to.kind === 'bool' && from.kind === 'int' && typeof v === 'bigint' && v !== 0n && v !== 1n) {
    ctx.report(CheckDiagnostics.BoolCastRange, expr.span, [printExpression(expr)]);
    return UNKNOWN;
  }
  if (v !== undefined) setConstant(ctx, expr, convertConstant(v, to));
  return to;
}

function checkTypeMember(ctx: CheckContext, expr: TypeMemberExpression): Type {
  const type = resolveType(ctx, expr.type);
  return typeMember(ctx, expr, type, expr.member);
}

/** `a &&& b` and `a .. b` inside keysets: a set of the operands' common type. */
function checkKeysetOperator(ctx: CheckContext, expr: Expression & { kind: 'MaskExpression' | 'RangeExpression' }): Type {
  const [a, b] = expr.kind === 'MaskExpression' ? [expr.value, expr.mask] : [expr.lo, expr.hi];
  const ta = checkExpression(ctx, a);
  const tb = checkExpression(ctx, b);
  if (ta.kind === 'unknown' || tb.kind === 'unknown') return UNKNOWN;
  let element: Type | undefined;
  if (sameType(ta, tb)) element = ta;
  else if (ta.kind === 'serializable_enum' && tb.kind === 'int' && convertExpression(ctx, b, tb, ta.underlying)) element = ta;
  else if (tb.kind === 'serializable_enum' && ta.kind === 'int' && convertExpression(ctx, a, ta, tb.underlying)) element = tb;
  else if (convertExpression(ctx, b, tb, ta)) element = ta;
  else if (convertExpression(ctx, a, ta, tb)) element = tb;
  if (element === undefined) {
    ctx.report(CheckDiagnostics.TypeMismatch, expr.span, [printExpression(expr), typeToString(ta), typeToString(tb)]);
    return UNKNOWN;
  }
  return { kind: 'set', element };
}

/** Why an expression cannot be assigned to, or undefined if it can. */
export function lvalueProblem(ctx: CheckContext, expr: Expression): Expression | undefined {
  switch (expr.kind) {
    case 'PathExpression': {
      const symbol = ctx.result.names.get(expr);
      if (symbol === undefined) return undefined; // already reported
      if (symbol.kind === 'variable') return undefined;
      if (symbol.kind === 'parameter' && (symbol.direction === 'out' || symbol.direction === 'inout')) return undefined;
      return expr;
    }
    case 'MemberExpression': {
      const resolution = ctx.result.members.get(expr);
      if (resolution === undefined) return undefined;
      if (resolution.kind === 'field') return lvalueProblem(ctx, expr.object);
      if (resolution.kind === 'stack_property' && resolution.name === 'next') return lvalueProblem(ctx, expr.object);
      return expr;
    }
    case 'IndexExpression':
      return lvalueProblem(ctx, expr.object);
    case 'SliceExpression':
      return lvalueProblem(ctx, expr.object);
    case 'DontCareExpression':
      return undefined;
    default:
      return expr;
  }
}

/** Whether `expr` is a compile-time constant (reports if not). */
export function requireConstant(ctx: CheckContext, expr: Expression): ConstValue | undefined {
  const v = ctx.result.constants.get(expr);
  if (v === undefined && ctx.result.types.get(expr)?.kind !== 'unknown') {
    ctx.report(CheckDiagnostics.NotConstant, expr.span, [printExpression(expr)]);
  }
  return v;
}

export { DONTCARE };
