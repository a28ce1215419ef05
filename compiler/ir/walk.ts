/**
 * The IR walker: what a statement or an expression holds, in one place, for every pass that
 * walks the IR (live sets and continuations of extern sites, copy-in elision, the emitter's
 * label and size questions, the printer). Each `switch` here is exhaustive: a new statement or
 * expression kind is added here once and every pass sees it.
 */
import type { IrExpression, IrStage, IrStatement, IrVariable } from './nodes.ts';

/** A statement list nested in a statement. */
export interface ChildList {
  readonly list: readonly IrStatement[];
  /** The label of a labeled block's body, or of a loop body (`continue` leaves it). */
  readonly label: string | undefined;
  /** Part of a loop (its init, body or update): runs any number of times. */
  readonly loop: boolean;
}

/** The top-level statements of a stage: a control's body, or a parser's prologue and states. */
export function stageStatements(stage: IrStage): readonly IrStatement[] {
  return stage.kind === 'control' ? stage.body : [...stage.prologue, ...stage.states.flatMap((s) => s.body)];
}

/** The statement lists nested directly in `s`, in execution order. */
export function childLists(s: IrStatement): ChildList[] {
  switch (s.kind) {
    case 'if':
      return [{ list: s.then, label: undefined, loop: false }, { list: s.otherwise, label: undefined, loop: false }];
    case 'switch':
      return s.cases.map((c) => ({ list: c.body, label: undefined, loop: false }));
    case 'labeled':
      return [{ list: s.body, label: s.label, loop: false }];
    case 'loop':
      return [{ list: s.init, label: undefined, loop: true }, { list: s.body, label: s.label, loop: true }, { list: s.update, label: undefined, loop: true }];
    case 'applyTable':
      return s.actions.map((a) => ({ list: a.body, label: undefined, loop: false }));
    case 'assign':
    case 'break':
    case 'exitStage':
    case 'continue':
    case 'setValidity':
    case 'stackShift':
    case 'callExtern':
    case 'extract':
    case 'lookahead':
    case 'advance':
    case 'verify':
    case 'emit':
      return [];
  }
}

/** How a statement uses one of its own expressions. */
export type ExpressionRole = 'read' | 'write';

/**
 * The expressions `s` holds itself (not those of nested statements), each with its role: an
 * l-value the statement writes, or a value it reads. Written l-values still read their bases'
 * index expressions (see `variablesRead`).
 */
export function statementExpressions(s: IrStatement, visit: (e: IrExpression, role: ExpressionRole) => void): void {
  switch (s.kind) {
    case 'assign':
      visit(s.value, 'read');
      visit(s.target, 'write');
      return;
    case 'if':
      visit(s.condition, 'read');
      return;
    case 'switch':
      visit(s.subject, 'read');
      for (const c of s.cases) c.values.forEach((v) => visit(v, 'read'));
      return;
    case 'loop':
      if (s.condition) visit(s.condition, 'read');
      return;
    case 'setValidity':
      visit(s.header, 'write');
      return;
    case 'stackShift':
      visit(s.stack, 'write');
      return;
    case 'applyTable':
      s.keys.forEach((k) => visit(k, 'read'));
      return;
    case 'callExtern':
      for (const a of s.call.arguments) {
        if (a.value === undefined) continue;
        if (a.direction === 'out') visit(a.value, 'write');
        else {
          visit(a.value, 'read');
          if (a.direction === 'inout') visit(a.value, 'write');
        }
      }
      if (s.call.result) visit(s.call.result, 'write');
      return;
    case 'extract':
      visit(s.header, 'write');
      if (s.varbitBits) visit(s.varbitBits, 'read');
      return;
    case 'lookahead':
      visit(s.target, 'write');
      return;
    case 'advance':
      visit(s.bits, 'read');
      return;
    case 'verify':
      visit(s.condition, 'read');
      visit(s.error, 'read');
      return;
    case 'emit':
      visit(s.header, 'read');
      return;
    case 'labeled':
    case 'break':
    case 'continue':
    case 'exitStage':
      return;
  }
}

/** The expressions nested directly in `e`. */
export function childExpressions(e: IrExpression): IrExpression[] {
  switch (e.kind) {
    case 'field':
    case 'slice':
      return [e.base];
    case 'element':
      return [e.base, e.index];
    case 'unary':
    case 'cast':
      return [e.operand];
    case 'binary':
    case 'concat':
      return [e.left, e.right];
    case 'conditional':
      return [e.condition, e.then, e.otherwise];
    case 'isValid':
      return [e.header];
    case 'stackIndex':
      return [e.stack];
    case 'aggregate':
      return [...e.items];
    case 'constant':
    case 'variable':
    case 'invalidHeader':
      return [];
  }
}

/** Every variable `e` mentions (its base and every index). */
export function variablesOf(e: IrExpression, into: (v: IrVariable) => void): void {
  if (e.kind === 'variable') into(e.variable);
  for (const c of childExpressions(e)) variablesOf(c, into);
}

/** Visits every statement of `list`, nested ones included, in order (a statement before its children). */
export function forEachStatement(list: readonly IrStatement[], visit: (s: IrStatement) => void): void {
  for (const s of list) {
    visit(s);
    for (const child of childLists(s)) forEachStatement(child.list, visit);
  }
}

/** Whether any statement of `list`, nested ones included, passes `test`. */
export function someStatement(list: readonly IrStatement[], test: (s: IrStatement) => boolean): boolean {
  for (const s of list) {
    if (test(s)) return true;
    for (const child of childLists(s)) if (someStatement(child.list, test)) return true;
  }
  return false;
}

/** `list` rebuilt with every expression (at its top, as statements hold it) replaced by `map`'s result. */
export function mapStatementExpressions(list: readonly IrStatement[], map: (e: IrExpression) => IrExpression): IrStatement[] {
  const l = (xs: readonly IrStatement[]): IrStatement[] => mapStatementExpressions(xs, map);
  return list.map((s): IrStatement => {
    switch (s.kind) {
      case 'assign': return { ...s, target: map(s.target), value: map(s.value) };
      case 'if': return { ...s, condition: map(s.condition), then: l(s.then), otherwise: l(s.otherwise) };
      case 'switch': return { ...s, subject: map(s.subject), cases: s.cases.map((c) => ({ ...c, values: c.values.map(map), body: l(c.body) })) };
      case 'labeled': return { ...s, body: l(s.body) };
      case 'loop': return { ...s, init: l(s.init), condition: s.condition && map(s.condition), update: l(s.update), body: l(s.body) };
      case 'setValidity': return { ...s, header: map(s.header) };
      case 'stackShift': return { ...s, stack: map(s.stack) };
      case 'applyTable': return { ...s, keys: s.keys.map(map), actions: s.actions.map((a) => ({ ...a, body: l(a.body) })) };
      case 'callExtern':
        return {
          ...s,
          call: { ...s.call, arguments: s.call.arguments.map((a) => ({ ...a, value: a.value && map(a.value) })), result: s.call.result && map(s.call.result) },
        };
      case 'extract': return { ...s, header: map(s.header), varbitBits: s.varbitBits && map(s.varbitBits) };
      case 'lookahead': return { ...s, target: map(s.target) };
      case 'advance': return { ...s, bits: map(s.bits) };
      case 'verify': return { ...s, condition: map(s.condition), error: map(s.error) };
      case 'emit': return { ...s, header: map(s.header) };
      case 'break':
      case 'continue':
      case 'exitStage':
        return s;
    }
  });
}

/** `e` rebuilt bottom-up: each sub-expression replaced by `map`'s result. */
export function mapExpression(e: IrExpression, map: (e: IrExpression) => IrExpression): IrExpression {
  const m = (x: IrExpression): IrExpression => mapExpression(x, map);
  switch (e.kind) {
    case 'field': return map({ ...e, base: m(e.base) });
    case 'element': return map({ ...e, base: m(e.base), index: m(e.index) });
    case 'slice': return map({ ...e, base: m(e.base) });
    case 'unary': return map({ ...e, operand: m(e.operand) });
    case 'binary': return map({ ...e, left: m(e.left), right: m(e.right) });
    case 'concat': return map({ ...e, left: m(e.left), right: m(e.right) });
    case 'cast': return map({ ...e, operand: m(e.operand) });
    case 'conditional': return map({ ...e, condition: m(e.condition), then: m(e.then), otherwise: m(e.otherwise) });
    case 'isValid': return map({ ...e, header: m(e.header) });
    case 'stackIndex': return map({ ...e, stack: m(e.stack) });
    case 'aggregate': return map({ ...e, items: e.items.map(m) });
    case 'constant':
    case 'variable':
    case 'invalidHeader':
      return map(e);
  }
}
