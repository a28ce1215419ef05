/**
 * Keyset expressions of `select` cases and table entries: values, masks (`&&&`), ranges (`..`),
 * `_`/`default`, and value sets, each matched against the type of its key.
 */
import type { Expression, Span } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertExpression } from './casts.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkExpression } from './expressions.ts';
import { typeToString, type Type } from './types.ts';

/** Checks one keyset element against its key's type; reports and returns false on mismatch. */
export function checkKeysetElement(
  ctx: CheckContext,
  expr: Expression,
  keyType: Type,
  requireConstant: boolean,
  /** Where type errors are reported (p4c points at the whole `select` for its keysets). */
  errorSite?: Span,
): boolean {
  const saved = ctx.inKeyset;
  ctx.inKeyset = true;
  let t: Type;
  try {
    t = checkExpression(ctx, expr);
  } finally {
    ctx.inKeyset = saved;
  }
  if (expr.kind === 'DefaultExpression' || expr.kind === 'DontCareExpression') return true;
  if (t.kind === 'unknown' || keyType.kind === 'unknown') return true;
  if (expr.kind === 'MaskExpression' || expr.kind === 'RangeExpression') {
    const parts = expr.kind === 'MaskExpression' ? [expr.value, expr.mask] : [expr.lo, expr.hi];
    for (const part of parts) {
      const pt = ctx.result.types.get(part) ?? t;
      const partKeyType = keyType.kind === 'serializable_enum' && pt.kind === 'int' ? keyType.underlying : keyType;
      if (!convertExpression(ctx, part, pt, partKeyType)) {
        ctx.report(CheckDiagnostics.SelectKeysetType, errorSite ?? part.span, [printExpression(part), typeToString(pt), typeToString(keyType)]);
        return false;
      }
      if (requireConstant && ctx.result.constants.get(part) === undefined) {
        ctx.report(CheckDiagnostics.NotConstant, part.span, [printExpression(part)]);
        return false;
      }
    }
    return true;
  }
  if (t.kind === 'set') {
    if (!convertExpression(ctx, expr, t.element, keyType)) {
      ctx.report(CheckDiagnostics.SelectKeysetType, errorSite ?? expr.span, [printExpression(expr), typeToString(t.element), typeToString(keyType)]);
      return false;
    }
    return true;
  }
  if (!convertExpression(ctx, expr, t, keyType)) {
    ctx.report(CheckDiagnostics.SelectKeysetType, errorSite ?? expr.span, [printExpression(expr), typeToString(t), typeToString(keyType)]);
    return false;
  }
  if (requireConstant && ctx.result.constants.get(expr) === undefined) {
    ctx.report(CheckDiagnostics.NotConstant, expr.span, [printExpression(expr)]);
    return false;
  }
  return true;
}
