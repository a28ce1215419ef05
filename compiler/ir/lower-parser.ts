/**
 * Parsers: locals, value sets, and each state's statements and transition.
 */
import type { CallExpression, Expression, Keyset, ParserDeclaration } from '../ast/nodes.ts';
import { againstDeclaration, bindParameters, bindingOfPath } from './lower-call.ts';
import { Frame, LoweringError, type StatementSink, type StageBuilder } from './lowering-context.ts';
import type { IrExpression, IrParserState, IrSelectCase, IrSelectKey, IrTransition } from './nodes.ts';
import { lowerLocalInstantiation } from './lower-control.ts';
import { lowerExpression } from './lower-expression.ts';
import { lowerStatement } from './lower-statement.ts';

export interface LoweredParser {
  readonly prologue: StatementSink;
  readonly states: IrParserState[];
}

export function lowerParser(b: StageBuilder, decl: ParserDeclaration, frame: Frame): LoweredParser {
  const parserFrame = new Frame(frame, frame.prefix, undefined, undefined);
  const prologue: StatementSink = [];
  for (const local of decl.locals) {
    switch (local.kind) {
      case 'VariableDeclaration':
      case 'ConstantDeclaration':
        lowerStatement(b, local, parserFrame, prologue);
        break;
      case 'Instantiation':
        lowerLocalInstantiation(b, local, parserFrame);
        break;
      case 'ValueSetDeclaration': {
        const symbol = b.program.checked.declarations.get(local);
        const name = parserFrame.prefix === '' ? local.name.name : `${parserFrame.prefix}.${local.name.name}`;
        const size = Number(b.program.checked.constants.get(local.size) ?? 0n);
        const element = symbol?.kind === 'value_set' ? b.program.structs.lower(symbol.type.element) : b.program.structs.lower({ kind: 'bits', width: 32, signed: false });
        b.program.valueSets.push({ name, type: element, size });
        parserFrame.bind(local, { kind: 'value_set', name });
        break;
      }
    }
  }
  const states: IrParserState[] = [];
  for (const state of decl.states) lowerState(b, state, parserFrame, states, undefined);
  return { prologue, states };
}

/**
 * Lowers one state. A sub-parser applied at the top level of the state splits it: the part
 * before the call ends by entering the sub-parser's (inlined, renamed) states, whose `accept`
 * continues in a new state holding the rest. `rename` maps state names of an inlined
 * sub-parser to their unique names.
 */
function lowerState(
  b: StageBuilder,
  state: ParserDeclaration['states'][number],
  parserFrame: Frame,
  states: IrParserState[],
  rename: ((name: string) => string) | undefined,
): void {
  const named = (n: string): string => (rename && n !== 'accept' && n !== 'reject' ? rename(n) : n);
  const stateFrame = parserFrame.child();
  let name = named(state.name.name);
  let body: StatementSink = [];
  for (const statement of state.statements) {
    const sub = statement.kind === 'CallStatement' ? subParserApply(b, statement.call, stateFrame) : undefined;
    if (sub === undefined) {
      lowerStatement(b, statement, stateFrame, body);
      continue;
    }
    const prefix = b.newLabel(sub.instanceName);
    const after = `${prefix}_after`;
    const inner = new Frame(sub.constructorFrame, sub.prefix, undefined, undefined);
    const copyOut = bindParameters(b, againstDeclaration(sub.arguments, sub.decl.parameters), inner, stateFrame, body, true);
    const lowered = b.within({ kind: 'parser', name: sub.decl.name.name, span: statement.span }, () => lowerParser(b, sub.decl, inner));
    body.push(...lowered.prologue);
    const subName = (n: string): string => (n === 'accept' ? after : n === 'reject' ? 'reject' : `${prefix}_${n}`);
    states.push({ name, id: states.length, body, transition: { kind: 'goto', state: subName('start'), span: statement.span }, span: state.span });
    for (const s of lowered.states) {
      states.push({ ...s, id: states.length, name: subName(s.name), transition: renameTransition(s.transition, subName) });
    }
    name = after;
    body = [...copyOut];
  }
  const transition = renameTransition(lowerTransition(b, state.transition, stateFrame, body), named);
  states.push({ name, id: states.length, body, transition, span: state.span });
}

function renameTransition(t: IrTransition, rename: (name: string) => string): IrTransition {
  if (t.kind === 'goto') return { ...t, state: rename(t.state) };
  return { ...t, cases: t.cases.map((c) => ({ ...c, state: rename(c.state) })) };
}

/** If `call` applies a sub-parser instance, what is needed to inline it. */
function subParserApply(b: StageBuilder, call: CallExpression, frame: Frame) {
  const resolved = b.program.checked.calls.get(call);
  if (resolved?.target.kind !== 'block_apply' || resolved.target.object.kind !== 'PathExpression') return undefined;
  const binding = bindingOfPath(b, resolved.target.object, frame);
  if (binding?.kind !== 'block' || binding.decl.kind !== 'ParserDeclaration') return undefined;
  return {
    decl: binding.decl,
    prefix: binding.prefix,
    instanceName: binding.prefix.replace(/.*\./, ''),
    constructorFrame: binding.constructorFrame,
    arguments: resolved.arguments,
  };
}

function lowerTransition(b: StageBuilder, t: ParserDeclaration['states'][number]['transition'], frame: Frame, out: StatementSink): IrTransition {
  if (t === undefined) return { kind: 'goto', state: 'reject', span: { start: 0, end: 0 } };
  if (t.kind === 'DirectTransition') return { kind: 'goto', state: t.target.name, span: t.span };
  const selectors: IrExpression[] = t.selectors.map((s) => lowerExpression(b, s, frame, out));
  const cases: IrSelectCase[] = t.cases.map((c) => ({
    keys: keysetKeys(b, c.keyset, selectors.length, frame, out),
    state: c.target.name,
    span: c.span,
  }));
  return { kind: 'select', selectors, cases, span: t.span };
}

function keysetKeys(b: StageBuilder, keyset: Keyset, arity: number, frame: Frame, out: StatementSink): IrSelectKey[] {
  if (keyset.kind === 'TupleKeyset') return keyset.elements.map((e) => selectKey(b, e, frame, out));
  const e = keyset.expression;
  if (e.kind === 'DefaultExpression' || e.kind === 'DontCareExpression') return Array.from({ length: arity }, () => ({ kind: 'any' }));
  return [selectKey(b, e, frame, out)];
}

function selectKey(b: StageBuilder, e: Expression, frame: Frame, out: StatementSink): IrSelectKey {
  switch (e.kind) {
    case 'DefaultExpression':
    case 'DontCareExpression':
      return { kind: 'any' };
    case 'MaskExpression':
      return { kind: 'mask', value: lowerExpression(b, e.value, frame, out), mask: lowerExpression(b, e.mask, frame, out) };
    case 'RangeExpression':
      return { kind: 'range', lo: lowerExpression(b, e.lo, frame, out), hi: lowerExpression(b, e.hi, frame, out) };
    case 'PathExpression': {
      const symbol = b.program.checked.names.get(e);
      if (symbol?.kind === 'value_set') {
        const binding = frame.lookup(symbol.decl);
        if (binding?.kind !== 'value_set') throw new LoweringError(`${symbol.name}: value set not available`, e.span);
        return { kind: 'valueSet', name: binding.name };
      }
      return { kind: 'value', value: lowerExpression(b, e, frame, out) };
    }
    default:
      return { kind: 'value', value: lowerExpression(b, e, frame, out) };
  }
}
