/**
 * Copy-in elision. P4 copies an `in` argument into the callee; for a header or struct that is a
 * copy per call. Lowering copies it into a local first, lowers the body against the local, and
 * then asks here whether the copy can go: when the body writes neither the local nor anything
 * the argument's storage may share (or that its index expressions read), reading the argument in
 * place is the same, and the body is rewritten to do so.
 */
import type { IrExpression, IrStatement, IrVariable } from './nodes.ts';
import { forEachStatement, mapExpression, mapStatementExpressions, statementExpressions, variablesOf } from './walk.ts';

/** Every l-value a statement list may write (nested blocks and table action bodies included). */
export function writtenLValues(list: readonly IrStatement[], into: IrExpression[] = []): IrExpression[] {
  forEachStatement(list, (s) =>
    statementExpressions(s, (e, role) => {
      if (role === 'write') into.push(e);
    }),
  );
  return into;
}

/** The variable an l-value's storage belongs to. */
function rootOf(e: IrExpression): IrVariable | undefined {
  switch (e.kind) {
    case 'variable': return e.variable;
    case 'field':
    case 'element':
    case 'slice':
      return rootOf(e.base);
    default: return undefined;
  }
}

/** The access path from the root: field names and constant indices (`*` for a run-time index). */
function pathOf(e: IrExpression, into: string[] = []): string[] {
  switch (e.kind) {
    case 'field': pathOf(e.base, into); into.push(`.${e.field}`); break;
    case 'element':
      pathOf(e.base, into);
      into.push(e.index.kind === 'constant' ? `[${String(e.index.value)}]` : '*');
      break;
    case 'slice': pathOf(e.base, into); break;
    default: break;
  }
  return into;
}

/** Variables an l-value's index expressions read (`hs[i].f` reads `i`). */
function indexVariables(e: IrExpression, into: Set<IrVariable>): void {
  switch (e.kind) {
    case 'field':
    case 'slice':
      indexVariables(e.base, into);
      break;
    case 'element':
      indexVariables(e.base, into);
      variablesOf(e.index, (v) => into.add(v));
      break;
    default: break;
  }
}

/** Whether two l-values may share storage: same root, and neither path leaves the other's. */
function mayOverlap(a: IrExpression, b: IrExpression): boolean {
  const root = rootOf(a);
  if (root === undefined || root !== rootOf(b)) return false;
  const pa = pathOf(a);
  const pb = pathOf(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x !== y && x !== '*' && y !== '*') return false;
  }
  return true;
}

/**
 * Whether `body`, lowered against `local` (the copy of `argument`), can read `argument` in place
 * instead: it writes neither `local` nor storage `argument` may share, nor a variable that
 * `argument`'s indices read.
 */
export function canReadInPlace(body: readonly IrStatement[], local: IrVariable, argument: IrExpression): boolean {
  const indices = new Set<IrVariable>();
  indexVariables(argument, indices);
  for (const w of writtenLValues(body)) {
    const root = rootOf(w);
    if (root === local || (root !== undefined && indices.has(root))) return false;
    if (mayOverlap(w, argument)) return false;
  }
  return true;
}

/** `list` with every reference to `variable` replaced by `by`. */
export function replaceVariable(list: readonly IrStatement[], variable: IrVariable, by: IrExpression): IrStatement[] {
  return mapStatementExpressions(list, (e) => mapExpression(e, (x) => (x.kind === 'variable' && x.variable === variable ? by : x)));
}
