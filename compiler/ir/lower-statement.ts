/**
 * Statements of parser states, control bodies, actions and functions.
 */
import type { CompoundAssignmentOperator, Expression, Statement } from '../ast/nodes.ts';
import { LoweringError, type Frame, type StatementSink, type StageBuilder } from './lowering-context.ts';
import type { IrBinaryOperator, IrExpression, IrStatement, IrSwitchCase } from './nodes.ts';
import { lowerCall, lowerTableApplyResult } from './lower-call.ts';
import { constantValue, lowerExpression, zeroValue } from './lower-expression.ts';
import { lowerLocalInstantiation } from './lower-control.ts';

const COMPOUND: Record<Exclude<CompoundAssignmentOperator, '='>, IrBinaryOperator> = {
  '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', '%=': 'mod', '<<=': 'shl', '>>=': 'shr',
  '&=': 'and', '|=': 'or', '^=': 'xor', '|+|=': 'addSat', '|-|=': 'subSat',
};

export function lowerStatements(b: StageBuilder, statements: readonly Statement[], frame: Frame, out: StatementSink): void {
  // Declarations in a block are visible only in it: give the block its own frame.
  const blockFrame = frame.child();
  for (const s of statements) lowerStatement(b, s, blockFrame, out);
}

function block(b: StageBuilder, s: Statement, frame: Frame): IrStatement[] {
  const out: StatementSink = [];
  if (s.kind === 'BlockStatement') lowerStatements(b, s.statements, frame, out);
  else lowerStatements(b, [s], frame, out);
  return out;
}

export function lowerStatement(b: StageBuilder, s: Statement, frame: Frame, out: StatementSink): void {
  b.program.countStatement(s.span);
  switch (s.kind) {
    case 'AssignmentStatement': {
      const target = lowerExpression(b, s.target, frame, out);
      let value = lowerExpression(b, s.value, frame, out);
      if (s.op !== '=') {
        value = { kind: 'binary', type: target.type, op: COMPOUND[s.op], left: target, right: value, span: s.span };
      }
      out.push({ kind: 'assign', target, value, span: s.span });
      return;
    }
    case 'CallStatement':
      lowerCall(b, s.call, frame, out, false);
      return;
    case 'IfStatement': {
      const condition = lowerExpression(b, s.condition, frame, out);
      out.push({
        kind: 'if',
        condition,
        then: block(b, s.then, frame),
        otherwise: s.otherwise ? block(b, s.otherwise, frame) : [],
        span: s.span,
      });
      return;
    }
    case 'BlockStatement':
      lowerStatements(b, s.statements, frame, out);
      return;
    case 'ExitStatement':
      // `out`/`inout` parameters of the calls being left are copied out first.
      out.push(...frame.exitCopyOut, { kind: 'exitStage', span: s.span });
      return;
    case 'ReturnStatement': {
      if (s.value !== undefined && frame.returnValue !== undefined) {
        const rv = frame.returnValue;
        out.push({
          kind: 'assign',
          target: { kind: 'variable', type: rv.type, variable: rv, span: s.span },
          value: lowerExpression(b, s.value, frame, out),
          span: s.span,
        });
      }
      if (frame.returnLabel === undefined) out.push({ kind: 'exitStage', span: s.span });
      else out.push({ kind: 'break', label: frame.returnLabel, span: s.span });
      return;
    }
    case 'EmptyStatement':
      return;
    case 'SwitchStatement':
      lowerSwitch(b, s, frame, out);
      return;
    case 'VariableDeclaration': {
      const type = b.program.structs.lower(b.program.checked.typeRefs.get(s.type) ?? symbolType(b, s));
      const local = b.newLocal(s.name.name, type, s.span);
      const ref: IrExpression = { kind: 'variable', type, variable: local, span: s.span };
      frame.bind(s, { kind: 'value', expression: ref });
      const value = s.initializer ? lowerExpression(b, s.initializer, frame, out) : zeroValue(type, s.span);
      out.push({ kind: 'assign', target: ref, value, span: s.span });
      return;
    }
    case 'ConstantDeclaration': {
      const symbol = b.program.checked.declarations.get(s);
      if (symbol?.kind === 'constant' && symbol.value !== undefined) {
        const type = b.program.structs.lower(symbol.type);
        const c = constantValue(b, symbol.value, type, s.span);
        if (c) frame.bind(s, { kind: 'value', expression: c });
        return;
      }
      const value = lowerExpression(b, s.value, frame, out);
      frame.bind(s, { kind: 'value', expression: value });
      return;
    }
    case 'Instantiation':
      lowerLocalInstantiation(b, s, frame);
      return;
    case 'ForStatement': {
      const label = b.newLabel('loop');
      const loopFrame = frame.withLoop(label).child();
      const init: StatementSink = [];
      for (const i of s.init) lowerStatement(b, i, loopFrame, init);
      const condOut: StatementSink = [];
      const condition = s.condition ? lowerExpression(b, s.condition, loopFrame, condOut) : undefined;
      if (condOut.length > 0) b.program.unsupported('a loop condition with calls', s.span);
      const update: StatementSink = [];
      for (const u of s.update) lowerStatement(b, u, loopFrame, update);
      out.push({ kind: 'loop', init, condition, update, body: block(b, s.body, loopFrame), label, span: s.span });
      return;
    }
    case 'ForInStatement':
      b.program.unsupported('for-in loops', s.span);
      break;
    case 'BreakStatement':
      if (frame.loopLabel === undefined) throw new LoweringError('break outside a loop', s.span);
      out.push({ kind: 'break', label: frame.loopLabel, span: s.span });
      return;
    case 'ContinueStatement':
      if (frame.loopLabel === undefined) throw new LoweringError('continue outside a loop', s.span);
      out.push({ kind: 'continue', label: frame.loopLabel, span: s.span });
      return;
  }
}

function symbolType(b: StageBuilder, s: Statement & { kind: 'VariableDeclaration' }) {
  const symbol = b.program.checked.declarations.get(s);
  if (symbol?.kind === 'variable') return symbol.type;
  throw new LoweringError(`${s.name.name}: unknown type`, s.span);
}

/** `switch (t.apply().action_run)` switches on action numbers; other switches on values. */
function lowerSwitch(b: StageBuilder, s: Statement & { kind: 'SwitchStatement' }, frame: Frame, out: StatementSink): void {
  const subject = s.subject;
  const isActionRun =
    subject.kind === 'MemberExpression' &&
    b.program.checked.members.get(subject)?.kind === 'table_result' &&
    subject.member.name === 'action_run';
  let subjectValue: IrExpression;
  if (isActionRun && subject.kind === 'MemberExpression' && subject.object.kind === 'CallExpression') {
    const result = lowerTableApplyResult(b, subject.object, frame, out, { hit: false, actionRun: true });
    const v = result.actionRun!;
    subjectValue = { kind: 'variable', type: v.type, variable: v, span: subject.span };
  } else {
    subjectValue = lowerExpression(b, subject, frame, out);
  }
  const cases: IrSwitchCase[] = [];
  let pending: IrExpression[] = [];
  let pendingDefault = false;
  for (const c of s.cases) {
    if (c.label.kind === 'DefaultExpression') pendingDefault = true;
    else pending.push(isActionRun ? actionNumber(b, c.label, frame) : lowerExpression(b, c.label, frame, out));
    if (c.body === undefined) continue; // falls through to the next labelled body
    const body: StatementSink = [];
    lowerStatements(b, c.body.statements, frame, body);
    cases.push({ values: pending, isDefault: pendingDefault, body, span: c.span });
    pending = [];
    pendingDefault = false;
  }
  if (pending.length > 0 || pendingDefault) cases.push({ values: pending, isDefault: pendingDefault, body: [], span: s.span });
  out.push({ kind: 'switch', subject: subjectValue, cases, span: s.span });
}

function actionNumber(b: StageBuilder, label: Expression, frame: Frame): IrExpression {
  const symbol = b.program.checked.names.get(label);
  if (symbol?.kind !== 'action') throw new LoweringError('switch label is not an action', label.span);
  const name = frame.action(symbol.decl)?.name ?? symbol.name;
  const action = b.program.actions.get(name);
  if (action === undefined) throw new LoweringError(`${name}: action is not in the table`, label.span);
  return { kind: 'constant', type: { kind: 'bits', width: 32, signed: false }, value: BigInt(action.id), span: label.span };
}
