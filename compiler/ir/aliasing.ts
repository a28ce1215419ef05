/**
 * Copy-in elision. P4 copies an `in` argument into the callee; for a header or struct that is a
 * copy per call. Lowering copies it into a local first, lowers the body against the local, and
 * then asks here whether the copy can go: when the body writes neither the local nor anything
 * the argument's storage may share (or that its index expressions read), reading the argument in
 * place is the same, and the body is rewritten to do so.
 */
import type { IrExpression, IrStatement, IrVariable } from './nodes.ts';

/** Every l-value a statement list may write (nested blocks and table action bodies included). */
export function writtenLValues(list: readonly IrStatement[], into: IrExpression[] = []): IrExpression[] {
  for (const s of list) {
    switch (s.kind) {
      case 'assign': into.push(s.target); break;
      case 'if': writtenLValues(s.then, into); writtenLValues(s.otherwise, into); break;
      case 'switch': for (const c of s.cases) writtenLValues(c.body, into); break;
      case 'labeled': writtenLValues(s.body, into); break;
      case 'loop': writtenLValues(s.init, into); writtenLValues(s.body, into); writtenLValues(s.update, into); break;
      case 'setValidity': into.push(s.header); break;
      case 'stackShift': into.push(s.stack); break;
      case 'applyTable':
        for (const a of s.actions) writtenLValues(a.body, into);
        break;
      case 'callExtern':
        for (const a of s.call.arguments) if (a.value && (a.direction === 'out' || a.direction === 'inout')) into.push(a.value);
        if (s.call.result) into.push(s.call.result);
        break;
      case 'extract': into.push(s.header); break;
      case 'lookahead': into.push(s.target); break;
      default: break;
    }
  }
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
      readVariables(e.index, into);
      break;
    default: break;
  }
}

function readVariables(e: IrExpression, into: Set<IrVariable>): void {
  switch (e.kind) {
    case 'variable': into.add(e.variable); break;
    case 'field':
    case 'slice':
      readVariables(e.base, into); break;
    case 'element': readVariables(e.base, into); readVariables(e.index, into); break;
    case 'unary':
    case 'cast':
      readVariables(e.operand, into); break;
    case 'binary':
    case 'concat':
      readVariables(e.left, into); readVariables(e.right, into); break;
    case 'conditional': readVariables(e.condition, into); readVariables(e.then, into); readVariables(e.otherwise, into); break;
    case 'isValid': readVariables(e.header, into); break;
    case 'stackIndex': readVariables(e.stack, into); break;
    case 'aggregate': for (const i of e.items) readVariables(i, into); break;
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
  const e = (x: IrExpression): IrExpression => replaceInExpression(x, variable, by);
  const l = (xs: readonly IrStatement[]): IrStatement[] => replaceVariable(xs, variable, by);
  return list.map((s): IrStatement => {
    switch (s.kind) {
      case 'assign': return { ...s, target: e(s.target), value: e(s.value) };
      case 'if': return { ...s, condition: e(s.condition), then: l(s.then), otherwise: l(s.otherwise) };
      case 'switch': return { ...s, subject: e(s.subject), cases: s.cases.map((c) => ({ ...c, values: c.values.map(e), body: l(c.body) })) };
      case 'labeled': return { ...s, body: l(s.body) };
      case 'loop': return { ...s, init: l(s.init), condition: s.condition && e(s.condition), update: l(s.update), body: l(s.body) };
      case 'setValidity': return { ...s, header: e(s.header) };
      case 'stackShift': return { ...s, stack: e(s.stack) };
      case 'applyTable': return { ...s, keys: s.keys.map(e), actions: s.actions.map((a) => ({ ...a, body: l(a.body) })) };
      case 'callExtern':
        return {
          ...s,
          call: { ...s.call, arguments: s.call.arguments.map((a) => ({ ...a, value: a.value && e(a.value) })), result: s.call.result && e(s.call.result) },
        };
      case 'extract': return { ...s, header: e(s.header), varbitBits: s.varbitBits && e(s.varbitBits) };
      case 'lookahead': return { ...s, target: e(s.target) };
      case 'advance': return { ...s, bits: e(s.bits) };
      case 'verify': return { ...s, condition: e(s.condition), error: e(s.error) };
      case 'emit': return { ...s, header: e(s.header) };
      default: return s;
    }
  });
}

function replaceInExpression(x: IrExpression, variable: IrVariable, by: IrExpression): IrExpression {
  const e = (y: IrExpression): IrExpression => replaceInExpression(y, variable, by);
  switch (x.kind) {
    case 'variable': return x.variable === variable ? by : x;
    case 'field': return { ...x, base: e(x.base) };
    case 'element': return { ...x, base: e(x.base), index: e(x.index) };
    case 'slice': return { ...x, base: e(x.base) };
    case 'unary': return { ...x, operand: e(x.operand) };
    case 'binary': return { ...x, left: e(x.left), right: e(x.right) };
    case 'concat': return { ...x, left: e(x.left), right: e(x.right) };
    case 'cast': return { ...x, operand: e(x.operand) };
    case 'conditional': return { ...x, condition: e(x.condition), then: e(x.then), otherwise: e(x.otherwise) };
    case 'isValid': return { ...x, header: e(x.header) };
    case 'stackIndex': return { ...x, stack: e(x.stack) };
    case 'aggregate': return { ...x, items: x.items.map(e) };
    default: return x;
  }
}
