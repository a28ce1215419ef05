/**
 * Parsers: locals, value sets, and each state's statements and transition.
 */
import type { Expression, Keyset, ParserDeclaration } from '../ast/nodes.ts';
import { Frame, LoweringError, type StatementSink, type StageBuilder } from './lowering-context.ts';
import type { IrExpression, IrParserState, IrSelectCase, IrSelectKey, IrTransition } from './nodes.ts';
import { lowerLocalInstantiation } from './lower-control.ts';
import { lowerExpression } from './lower-expression.ts';
import { lowerStatement, lowerStatements } from './lower-statement.ts';

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
  const states: IrParserState[] = decl.states.map((state, id) => {
    const body: StatementSink = [];
    const stateFrame = parserFrame.child();
    lowerStatements(b, state.statements, stateFrame, body);
    const transition = lowerTransition(b, state.transition, stateFrame, body);
    return { name: state.name.name, id, body, transition, span: state.span };
  });
  return { prologue, states };
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
