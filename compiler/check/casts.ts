/**
 * Implicit conversions (the spec's implicit casts) and explicit cast legality.
 *
 * Implicit: `int` → `bit<W>`/`int<W>`; `{...}` tuples and `{f = ...}` values → structs, headers,
 * header unions, tuples, lists, stacks; `{#}` → headers and unions; a serializable enum → its
 * underlying type; `_` → anything (as an out argument / keyset). `bool` and `bit<1>` never convert
 * implicitly; `type` types never convert implicitly; typedefs are transparent (never seen here).
 */
import type { Expression } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertConstant, fitsInType, printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { sameType, typeToString, type Type } from './types.ts';

/** Whether a value of type `from` may be used where `to` is expected without a cast. */
export function isImplicitlyConvertible(from: Type, to: Type): boolean {
  if (sameType(from, to)) return true;
  if (from.kind === 'unknown' || to.kind === 'unknown') return true;
  if (from.kind === 'dontcare' || to.kind === 'dontcare') return true;
  switch (from.kind) {
    case 'int':
      return to.kind === 'bits' || to.kind === 'int';
    case 'serializable_enum':
      return to.kind === 'bits' && sameType(from.underlying, to);
    case 'invalid_header':
      return to.kind === 'header' || to.kind === 'header_union';
    case 'tuple':
      switch (to.kind) {
        case 'tuple':
          return from.elements.length === to.elements.length &&
            from.elements.every((e, i) => isImplicitlyConvertible(e, to.elements[i]!));
        case 'list':
          return from.elements.every((e) => isImplicitlyConvertible(e, to.element));
        case 'struct':
        case 'header':
          return from.elements.length === to.fields.length &&
            from.elements.every((e, i) => isImplicitlyConvertible(e, to.fields[i]!.type));
        case 'stack':
          return from.elements.length === to.size && from.elements.every((e) => isImplicitlyConvertible(e, to.element));
        default:
          return false;
      }
    case 'anonymous_struct':
      if (to.kind === 'struct' || to.kind === 'header' || to.kind === 'header_union') {
        if (to.kind !== 'header_union' && from.fields.length !== to.fields.length) return false;
        return from.fields.every((f) => {
          const target = to.fields.find((t) => t.name === f.name);
          return target !== undefined && isImplicitlyConvertible(f.type, target.type);
        });
      }
      return false;
    case 'set':
      return to.kind === 'set' && isImplicitlyConvertible(from.element, to.element);
    case 'parser':
    case 'control':
      // A parser/control implementation fits a parser/control type with the same signature.
      return to.kind === from.kind && to.parameters.length === from.parameters.length &&
        to.parameters.every((p, i) => {
          const q = from.parameters[i]!;
          return p.direction === q.direction && compatibleExactly(q.type, p.type);
        });
    case 'package':
      return to.kind === 'package' && to.decl === from.decl &&
        to.parameters.every((p, i) => compatibleExactly(from.parameters[i]!.type, p.type));
    case 'extern':
      return to.kind === 'extern' && to.decl === from.decl &&
        to.typeArgs.every((t, i) => compatibleExactly(from.typeArgs[i] ?? t, t));
    default:
      return false;
  }
}

/** Type identity where type variables and unknowns match anything. */
function compatibleExactly(a: Type, b: Type): boolean {
  if (a.kind === 'typevar' || b.kind === 'typevar' || a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'dontcare' || b.kind === 'dontcare') return true;
  if (sameType(a, b)) return true;
  if ((a.kind === 'header' || a.kind === 'struct' || a.kind === 'header_union') && b.kind === a.kind) {
    return a.decl === b.decl && a.typeArgs.every((t, i) => compatibleExactly(t, b.typeArgs[i]!));
  }
  if (a.kind === 'extern' && b.kind === 'extern') return a.decl === b.decl && a.typeArgs.every((t, i) => compatibleExactly(t, b.typeArgs[i]!));
  if ((a.kind === 'parser' || a.kind === 'control') && b.kind === a.kind) return isImplicitlyConvertible(a, b);
  return false;
}

/** Explicit `(to) e` legality, following p4c. */
export function isExplicitlyCastable(from: Type, to: Type): boolean {
  if (isImplicitlyConvertible(from, to)) return true;
  switch (to.kind) {
    case 'bits':
      switch (from.kind) {
        // Changing signedness keeps the width; changing the width keeps the signedness.
        case 'bits': return from.signed === to.signed || from.width === to.width;
        case 'int': return true;
        case 'bool': return to.width === 1 && !to.signed;
        case 'serializable_enum': return true;
        case 'newtype': return sameType(from.underlying, to);
        default: return false;
      }
    case 'int':
      return from.kind === 'bits' || from.kind === 'int';
    case 'bool':
      return (from.kind === 'bits' && from.width === 1 && !from.signed) || from.kind === 'int' ||
        (from.kind === 'newtype' && sameType(from.underlying, to));
    case 'serializable_enum':
      return from.kind === 'bits' || from.kind === 'int' ||
        (from.kind === 'newtype' && isExplicitlyCastable(from.underlying, to.underlying));
    case 'newtype':
      return sameType(from, to.underlying) || from.kind === 'int' ||
        (from.kind === 'newtype' && sameType(from.underlying, to.underlying));
    case 'struct':
    case 'header':
    case 'header_union':
    case 'tuple':
      return isImplicitlyConvertible(from, to);
    default:
      return false;
  }
}

/**
 * Checks that `expr` (of type `from`) may be used as a `to`, records the implicit conversion if
 * one is needed (recursively for `{...}` literals) and returns whether it is legal. Reports
 * nothing: callers choose the message.
 */
export function convertExpression(ctx: CheckContext, expr: Expression, from: Type, to: Type): boolean {
  if (to.kind === 'int' && from.kind === 'bits' && ctx.result.constants.has(expr)) {
    ctx.result.conversions.set(expr, to);
    return true;
  }
  if (!isImplicitlyConvertible(from, to)) return false;
  // Only a written `{...}` list converts to a struct/header/stack, not a value of tuple type.
  if (from.kind === 'tuple' && (to.kind === 'struct' || to.kind === 'header' || to.kind === 'stack') && !isListLiteral(expr)) return false;
  recordConversion(ctx, expr, from, to);
  return true;
}

function isListLiteral(expr: Expression): boolean {
  return expr.kind === 'ListExpression' || (expr.kind === 'CastExpression' && expr.operand.kind === 'ListExpression') ||
    (expr.kind === 'TernaryExpression' && isListLiteral(expr.then) && isListLiteral(expr.otherwise));
}

function recordConversion(ctx: CheckContext, expr: Expression, from: Type, to: Type): void {
  if (sameType(from, to) || to.kind === 'unknown' || to.kind === 'typevar' || to.kind === 'dontcare') return;
  if (from.kind === 'unknown' || from.kind === 'dontcare') return;
  ctx.result.conversions.set(expr, to);
  if (from.kind === 'int' && to.kind === 'bits') {
    const value = ctx.result.constants.get(expr);
    if (typeof value === 'bigint' && !fitsInType(value, to)) {
      if (value < 0n && !to.signed) {
        // p4c accepts negative literals for unsigned types (two's complement); nothing to say.
      } else {
        ctx.report(CheckDiagnostics.ValueDoesNotFit, expr.span, [printExpression(expr), to.width]);
      }
    }
  }
  // Recurse into literal aggregates so their items get conversions too.
  if (expr.kind === 'ListExpression' && from.kind === 'tuple') {
    const targets = elementTargets(to, expr.items.length);
    expr.items.forEach((item, i) => {
      const t = targets[i];
      const f = ctx.result.types.get(item);
      if (t !== undefined && f !== undefined) recordConversion(ctx, item, f, t);
    });
  } else if (expr.kind === 'StructExpression' && (to.kind === 'struct' || to.kind === 'header' || to.kind === 'header_union')) {
    for (const field of expr.fields) {
      const t = to.fields.find((x) => x.name === field.name.name)?.type;
      const f = ctx.result.types.get(field.value);
      if (t !== undefined && f !== undefined) recordConversion(ctx, field.value, f, t);
    }
  }
}

function elementTargets(to: Type, n: number): readonly (Type | undefined)[] {
  switch (to.kind) {
    case 'tuple': return to.elements;
    case 'struct':
    case 'header':
    case 'header_union':
      return to.fields.map((f) => f.type);
    case 'list': return Array.from({ length: n }, () => to.element);
    case 'stack': return Array.from({ length: n }, () => to.element);
    default: return [];
  }
}

/** Converts and reports p4c's unification error on failure. */
export function expectType(ctx: CheckContext, expr: Expression, from: Type, to: Type): boolean {
  if (convertExpression(ctx, expr, from, to)) return true;
  ctx.report(CheckDiagnostics.TypeMismatch, expr.span, [printExpression(expr), typeToString(from), typeToString(to)]);
  return false;
}

/** The constant value of `expr` after its recorded conversion, if any. */
export function convertedConstant(ctx: CheckContext, expr: Expression) {
  const value = ctx.result.constants.get(expr);
  if (value === undefined) return undefined;
  const to = ctx.result.conversions.get(expr);
  return to === undefined ? value : convertConstant(value, to);
}
