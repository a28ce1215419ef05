/**
 * Statements: assignments (l-values, implicit casts), calls, conditionals, switch (on table
 * results and on values), `exit`/`return` rules, loops, and local declarations.
 */
import type {
  AssignmentStatement,
  BinaryOperator,
  BlockStatement,
  Expression,
  Ident,
  Statement,
  SwitchStatement,
} from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertExpression, isImplicitlyConvertible } from './casts.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkConstantDeclaration, checkInstantiation, checkVariableDeclaration } from './declarations.ts';
import { checkExpression, lvalueProblem } from './expressions.ts';
import { resolveType } from './resolve-types.ts';
import { UNKNOWN, bits, typeToString, type Type } from './types.ts';
import { constValueEquals, constValueToString, type ConstValue } from './values.ts';

export function checkBlock(ctx: CheckContext, block: BlockStatement): void {
  ctx.inScope('block', () => {
    for (const s of block.statements) checkStatement(ctx, s);
  });
}

/** Checks that `expr` is a boolean condition. */
export function checkCondition(ctx: CheckContext, expr: Expression): void {
  const t = checkExpression(ctx, expr);
  if (t.kind !== 'bool' && t.kind !== 'unknown') {
    ctx.report(CheckDiagnostics.ConditionNotBool, expr.span, [printExpression(expr), typeToString(t)]);
  }
}

export function checkStatement(ctx: CheckContext, stmt: Statement): void {
  switch (stmt.kind) {
    case 'AssignmentStatement':
      checkAssignment(ctx, stmt);
      return;
    case 'CallStatement': {
      const t = checkExpression(ctx, stmt.call);
      void t;
      return;
    }
    case 'IfStatement':
      checkCondition(ctx, stmt.condition);
      ctx.inScope('then', () => checkStatement(ctx, stmt.then));
      if (stmt.otherwise !== undefined) {
        const otherwise = stmt.otherwise;
        ctx.inScope('else', () => checkStatement(ctx, otherwise));
      }
      return;
    case 'BlockStatement':
      checkBlock(ctx, stmt);
      return;
    case 'ExitStatement':
      if (ctx.body.kind === 'parser' || ctx.body.kind === 'function') {
        ctx.report(CheckDiagnostics.ExitNotAllowed, stmt.span, ['exit', ctx.body.kind === 'parser' ? 'parsers' : 'functions']);
      }
      return;
    case 'ReturnStatement':
      checkReturn(ctx, stmt.value, stmt.span);
      return;
    case 'EmptyStatement':
      return;
    case 'SwitchStatement':
      checkSwitch(ctx, stmt);
      return;
    case 'ForStatement':
      ctx.inScope('for', () => {
        for (const s of stmt.init) checkStatement(ctx, s);
        if (stmt.condition !== undefined) checkCondition(ctx, stmt.condition);
        for (const s of stmt.update) checkStatement(ctx, s);
        ctx.body.loopDepth++;
        try {
          checkStatement(ctx, stmt.body);
        } finally {
          ctx.body.loopDepth--;
        }
      });
      return;
    case 'ForInStatement':
      ctx.inScope('for', () => {
        let elementType: Type = UNKNOWN;
        const collectionType = stmt.collection.kind === 'RangeExpression' ? UNKNOWN : checkExpression(ctx, stmt.collection);
        if (stmt.collection.kind === 'RangeExpression') {
          const lo = checkExpression(ctx, stmt.collection.lo);
          const hi = checkExpression(ctx, stmt.collection.hi);
          elementType = lo.kind === 'int' ? hi : lo;
          ctx.result.types.set(stmt.collection, { kind: 'list', element: elementType });
        } else if (collectionType.kind === 'stack') elementType = collectionType.element;
        else if (collectionType.kind === 'list') elementType = collectionType.element;
        else if (collectionType.kind === 'tuple') elementType = collectionType.elements[0] ?? UNKNOWN;
        const declared = stmt.type === undefined ? elementType : resolveType(ctx, stmt.type);
        // The loop variable takes each element in turn: the elements must fit its declared type.
        if (stmt.type !== undefined && collectionType.kind !== 'tuple' && !isImplicitlyConvertible(elementType, declared)) {
          ctx.report(CheckDiagnostics.TypeMismatch, stmt.collection.span, [printExpression(stmt.collection), typeToString(elementType), typeToString(declared)]);
        }
        if (declared.kind === 'int' && elementType.kind === 'int') elementType = bits(32);
        const symbol = { kind: 'variable' as const, name: stmt.name.name, decl: stmt, type: declared };
        ctx.scope.declare(symbol);
        ctx.body.loopDepth++;
        try {
          checkStatement(ctx, stmt.body);
        } finally {
          ctx.body.loopDepth--;
        }
      });
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
      if (ctx.body.loopDepth === 0) ctx.report(CheckDiagnostics.BreakOutsideLoop, stmt.span, [stmt.kind === 'BreakStatement' ? 'break' : 'continue']);
      return;
    case 'VariableDeclaration':
      reportShadowedParameter(ctx, stmt.name);
      checkVariableDeclaration(ctx, stmt);
      return;
    case 'ConstantDeclaration':
      reportShadowedParameter(ctx, stmt.name);
      checkConstantDeclaration(ctx, stmt);
      return;
    case 'Instantiation': {
      const where = ctx.body.kind === 'control' ? "a control 'apply' block" : 'a function or method';
      ctx.report(CheckDiagnostics.InstantiationInBody, stmt.name.span, [stmt.name.name, where]);
      checkInstantiation(ctx, stmt);
      return;
    }
  }
}

const COMPOUND: Record<string, BinaryOperator> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '<<=': '<<', '>>=': '>>',
  '&=': '&', '|=': '|', '^=': '^', '|+|=': '|+|', '|-|=': '|-|',
};

function checkAssignment(ctx: CheckContext, stmt: AssignmentStatement): void {
  const targetType = checkExpression(ctx, stmt.target);
  const valueType = checkExpression(ctx, stmt.value);
  if (stmt.target.kind === 'DontCareExpression') return;
  const problem = lvalueProblem(ctx, stmt.target);
  if (problem !== undefined) {
    ctx.report(CheckDiagnostics.NotAnLValue, stmt.target.span, [printExpression(problem)]);
    return;
  }
  if (targetType.kind === 'unknown' || valueType.kind === 'unknown') return;
  if (stmt.op !== '=') {
    const op = COMPOUND[stmt.op]!;
    const isShift = op === '<<' || op === '>>';
    const arithmetic = targetType.kind === 'bits' || (targetType.kind === 'bool' && false);
    if (!arithmetic) {
      ctx.report(CheckDiagnostics.OperatorTypes, stmt.span, [`${printExpression(stmt.target)} ${stmt.op} ${printExpression(stmt.value)}`, typeToString(targetType), typeToString(valueType)]);
      return;
    }
    if (isShift) {
      if (!(valueType.kind === 'int' || (valueType.kind === 'bits' && !valueType.signed))) {
        ctx.report(CheckDiagnostics.ShiftRightOperand, stmt.value.span, [printExpression(stmt.value), typeToString(valueType)]);
      }
      return;
    }
  }
  if (valueType.kind === 'void') {
    ctx.report(CheckDiagnostics.VoidValue, stmt.value.span, [printExpression(stmt.value)]);
    return;
  }
  if (!convertExpression(ctx, stmt.value, valueType, targetType)) {
    ctx.report(CheckDiagnostics.TypeMismatch, stmt.span, [printExpression(stmt.value), typeToString(valueType), typeToString(targetType)]);
  }
}

function checkReturn(ctx: CheckContext, value: Expression | undefined, span: { start: number; end: number }): void {
  const expected = ctx.body.returnType;
  if (ctx.body.kind === 'parser') {
    ctx.report(CheckDiagnostics.StatementNotAllowed, span, ['return', 'return statements are not allowed in parsers']);
    return;
  }
  if (ctx.body.kind !== 'function') {
    if (value !== undefined) {
      checkExpression(ctx, value);
      ctx.report(CheckDiagnostics.ReturnOutsideFunction, value.span, [`return ${printExpression(value)}`]);
    }
    return;
  }
  if (expected === undefined || expected.kind === 'void') {
    if (value !== undefined) {
      checkExpression(ctx, value);
      ctx.report(CheckDiagnostics.ReturnOutsideFunction, value.span, [`return ${printExpression(value)}`]);
    }
    return;
  }
  if (value === undefined) {
    ctx.report(CheckDiagnostics.ReturnMissingValue, span, ['return', typeToString(expected)]);
    return;
  }
  const t = checkExpression(ctx, value);
  if (t.kind === 'unknown') return;
  if (!convertExpression(ctx, value, t, expected)) {
    ctx.report(CheckDiagnostics.TypeMismatch, value.span, [`return ${printExpression(value)}`, typeToString(t), typeToString(expected)]);
  }
}

function checkSwitch(ctx: CheckContext, stmt: SwitchStatement): void {
  const savedAllow = ctx.allowActionRun;
  ctx.allowActionRun = true;
  let subjectType: Type;
  try {
    subjectType = checkExpression(ctx, stmt.subject);
  } finally {
    ctx.allowActionRun = savedAllow;
  }
  const isActionRun = subjectType.kind === 'action_run';
  if (!isActionRun && subjectType.kind !== 'unknown' && subjectType.kind !== 'bits' && subjectType.kind !== 'int' &&
      subjectType.kind !== 'enum' && subjectType.kind !== 'serializable_enum' && subjectType.kind !== 'error') {
    ctx.report(CheckDiagnostics.SwitchSubject, stmt.subject.span, [printExpression(stmt.subject), typeToString(subjectType)]);
    subjectType = UNKNOWN;
  }
  const tableActions = subjectType.kind === 'action_run' ? ctx.result.tables.get(subjectType.table.decl)?.actions : undefined;
  const seenActions = new Set<string>();
  const seenValues: ConstValue[] = [];
  let sawDefault = false;
  stmt.cases.forEach((c, index) => {
    const label = c.label;
    if (label.kind === 'DefaultExpression') {
      if (sawDefault) ctx.report(CheckDiagnostics.MultipleDefaults, stmt.span, ['default']);
      sawDefault = true;
    } else {
      if (sawDefault) ctx.report(CheckDiagnostics.DefaultNotLast, stmt.span, [printExpression(label)]);
      if (isActionRun) {
        if (label.kind !== 'PathExpression') {
          ctx.report(CheckDiagnostics.SwitchLabelNotAction, label.span, [printExpression(label)]);
        } else {
          const name = label.path.name.name;
          const entry = tableActions?.find((a) => a.action.name === name);
          if (tableActions !== undefined && entry === undefined) {
            ctx.report(CheckDiagnostics.SwitchLabelNotAction, label.span, [printExpression(label)]);
          } else if (entry !== undefined) {
            ctx.recordName(label, entry.action);
            ctx.result.types.set(label, entry.action.type);
          }
          if (seenActions.has(name)) ctx.report(CheckDiagnostics.DuplicateSwitchLabel, label.span, [printExpression(label)]);
          seenActions.add(name);
        }
      } else {
        const t = checkExpression(ctx, label);
        if (t.kind !== 'unknown' && subjectType.kind !== 'unknown') {
          if (!convertExpression(ctx, label, t, subjectType)) {
            ctx.report(CheckDiagnostics.TypeMismatch, stmt.span, [printExpression(label), typeToString(t), typeToString(subjectType)]);
          } else {
            const v = ctx.result.constants.get(label);
            if (v === undefined) {
              ctx.report(CheckDiagnostics.NotConstant, label.span, [printExpression(label)]);
            } else if (seenValues.some((x) => constValueEquals(x, v))) {
              ctx.report(CheckDiagnostics.DuplicateSwitchLabel, label.span, [constValueToString(v)]);
            } else {
              seenValues.push(v);
            }
          }
        }
      }
    }
    if (c.body !== undefined) checkBlock(ctx, c.body);
    void index;
  });
}

/** Whether a statement always ends in `return` or `exit` (for functions with results). */
export function alwaysReturns(stmt: Statement): boolean {
  switch (stmt.kind) {
    case 'ReturnStatement':
    case 'ExitStatement':
      return true;
    case 'BlockStatement':
      return stmt.statements.some(alwaysReturns);
    case 'IfStatement':
      return stmt.otherwise !== undefined && alwaysReturns(stmt.then) && alwaysReturns(stmt.otherwise);
    case 'SwitchStatement':
      return stmt.cases.some((c) => c.label.kind === 'DefaultExpression') &&
        stmt.cases.every((c) => c.body === undefined || alwaysReturns(c.body));
    default:
      return false;
  }
}

/**
 * A declaration inside a body (an apply block, an action, a function, a parser state) may not
 * hide a parameter: p4c makes it an error, since the parameter could no longer be named there.
 * (A parser's or control's own locals sit beside its parameters and may reuse their names.)
 */
function reportShadowedParameter(ctx: CheckContext, name: Ident): void {
  const outer = ctx.scope.lookup(name.name)?.[0];
  if (outer?.kind === 'parameter' && ctx.scope.own(name.name) === undefined) {
    ctx.report(CheckDiagnostics.ShadowsParameter, name.span, [name.name], [{ message: 'the parameter', site: outer.decl.name.span }]);
  }
}
