/**
 * Parsers and controls: their types (`parser P<H>(...);`), their implementations (parameters,
 * constructor parameters, locals, parser states and transitions, control `apply` bodies).
 */
import type {
  ControlDeclaration,
  ControlTypeDeclaration,
  Ident,
  ParserDeclaration,
  ParserState,
  ParserTypeDeclaration,
  Transition,
} from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkAction, checkDeclaration, declareSymbol } from './declarations.ts';
import { checkExpression } from './expressions.ts';
import { checkKeysetElement } from './keysets.ts';
import { declareTypeParameters } from './resolve-types.ts';
import type { StateSymbol } from './scope.ts';
import { buildParameters } from './signatures.ts';
import { checkBlock, checkStatement } from './statements.ts';
import { checkTable } from './tables.ts';
import { UNKNOWN, VOID, typeToString, type BlockType, type Type } from './types.ts';

export function checkParserType(ctx: CheckContext, decl: ParserTypeDeclaration): void {
  declareBlockType(ctx, 'parser', decl);
}

export function checkControlType(ctx: CheckContext, decl: ControlTypeDeclaration): void {
  declareBlockType(ctx, 'control', decl);
}

function declareBlockType(ctx: CheckContext, kind: 'parser' | 'control', decl: ParserTypeDeclaration | ControlTypeDeclaration): void {
  const type = ctx.inScope(`${kind} ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const parameters = buildParameters(ctx, decl.parameters, { declare: true, isConstructor: false, owner: 'block' });
    const t: BlockType = { kind, name: decl.name.name, decl, typeParameters, typeArgs: typeParameters, parameters, constructorParameters: [] };
    return t;
  });
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: type.typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

export function checkParser(ctx: CheckContext, decl: ParserDeclaration): void {
  const type = ctx.inScope(`parser ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const parameters = buildParameters(ctx, decl.parameters, { declare: true, isConstructor: false, owner: 'block' });
    const constructorParameters = buildParameters(ctx, decl.constructorParameters, { declare: true, isConstructor: true, owner: 'constructor' });
    const t: BlockType = { kind: 'parser', name: decl.name.name, decl, typeParameters, typeArgs: [], parameters, constructorParameters };
    ctx.inBody({ kind: 'parser', returnType: VOID, parser: decl, table: undefined }, () => ctx.inScope('parser locals', () => {
      for (const local of decl.locals) checkDeclaration(ctx, local);
      checkStates(ctx, decl);
    }));
    return t;
  });
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: type.typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

const ACCEPT: StateSymbol = { kind: 'state', name: 'accept', decl: undefined };
const REJECT: StateSymbol = { kind: 'state', name: 'reject', decl: undefined };

function checkStates(ctx: CheckContext, decl: ParserDeclaration): void {
  const states = new Map<string, StateSymbol>([['accept', ACCEPT], ['reject', REJECT]]);
  let start: ParserState | undefined;
  for (const s of decl.states) {
    const name = s.name.name;
    if (name === 'accept' || name === 'reject') {
      ctx.report(CheckDiagnostics.BuiltinStateDeclared, s.name.span, [name]);
      continue;
    }
    if (states.has(name)) {
      ctx.report(CheckDiagnostics.DuplicateDeclaration, s.name.span, [name, name]);
      continue;
    }
    // A state may not reuse the name of a parser local or parameter.
    const clash = ctx.scope.own(name);
    if (clash !== undefined) ctx.report(CheckDiagnostics.DuplicateDeclaration, s.name.span, [name, name]);
    const symbol: StateSymbol = { kind: 'state', name, decl: s };
    states.set(name, symbol);
    ctx.result.declarations.set(s, symbol);
    if (name === 'start') start = s;
  }
  if (start === undefined) ctx.report(CheckDiagnostics.MissingStartState, decl.name.span, [decl.name.name]);
  ctx.result.parsers.set(decl, { decl, states, start });
  for (const s of decl.states) {
    ctx.inScope(`state ${s.name.name}`, () => {
      for (const stmt of s.statements) checkStatement(ctx, stmt);
      if (s.transition !== undefined) checkTransition(ctx, s.transition, states);
    });
  }
  if (start !== undefined && !reachesAcceptOrReject(start, states)) {
    ctx.report(CheckDiagnostics.NeverAcceptsOrRejects, decl.name.span, [`parser ${decl.name.name}`]);
  }
}

/**
 * Whether `accept` or `reject` can be reached from `start` along transitions. A state without a
 * transition, and a select without a `default` case, may go to `reject`; states that only loop
 * among themselves never end (a parser must end in accept or reject, spec 12).
 */
function reachesAcceptOrReject(start: ParserState, states: ReadonlyMap<string, StateSymbol>): boolean {
  const seen = new Set<ParserState>([start]);
  const work = [start];
  for (let state = work.pop(); state !== undefined; state = work.pop()) {
    const t = state.transition;
    const targets = t === undefined ? [] : t.kind === 'DirectTransition' ? [t.target.name] : t.cases.map((c) => c.target.name);
    const mayFallThrough = t === undefined ||
      (t.kind === 'SelectTransition' && !t.cases.some((c) => c.keyset.kind === 'SimpleKeyset' && c.keyset.expression.kind === 'DefaultExpression'));
    if (mayFallThrough || targets.includes('accept') || targets.includes('reject')) return true;
    for (const name of targets) {
      const next = states.get(name)?.decl;
      if (next === undefined) return true; // an unknown state, reported already
      if (!seen.has(next)) {
        seen.add(next);
        work.push(next);
      }
    }
  }
  return false;
}

function resolveState(ctx: CheckContext, target: Ident, node: Transition | { kind: 'SelectCase'; span: Ident['span'] }, states: ReadonlyMap<string, StateSymbol>): void {
  const symbol = states.get(target.name);
  if (symbol === undefined) {
    ctx.report(CheckDiagnostics.StateNotFound, target.span, [target.name]);
    return;
  }
  ctx.recordName(node as Transition, symbol);
}

function checkTransition(ctx: CheckContext, t: Transition, states: ReadonlyMap<string, StateSymbol>): void {
  if (t.kind === 'DirectTransition') {
    resolveState(ctx, t.target, t, states);
    return;
  }
  const selectorTypes: Type[] = t.selectors.map((s) => {
    const st = checkExpression(ctx, s);
    if (!isSelectable(st)) {
      ctx.report(CheckDiagnostics.SelectExpressionType, s.span, [printExpression(s), typeToString(st)]);
      return UNKNOWN;
    }
    return st;
  });
  for (const c of t.cases) {
    const keyset = c.keyset;
    if (keyset.kind === 'SimpleKeyset') {
      const e = keyset.expression;
      if (selectorTypes.length === 1) {
        checkKeysetElement(ctx, e, selectorTypes[0]!, true, t.span);
      } else if (e.kind !== 'DefaultExpression' && e.kind !== 'DontCareExpression') {
        const et = checkExpression(ctx, e);
        const element = et.kind === 'set' ? et.element : undefined;
        const arity = element?.kind === 'struct' ? element.fields.length : element?.kind === 'tuple' ? element.elements.length : 1;
        if (et.kind !== 'unknown' && arity !== selectorTypes.length) {
          ctx.report(CheckDiagnostics.SelectArity, t.span, [printExpression(e), arity, selectorTypes.length]);
        }
      }
    } else {
      if (keyset.elements.length !== selectorTypes.length) {
        ctx.report(CheckDiagnostics.SelectArity, t.span, [keyset.elements.map(printExpression).join(', '), keyset.elements.length, selectorTypes.length]);
      } else {
        keyset.elements.forEach((e, i) => checkKeysetElement(ctx, e, selectorTypes[i]!, true, t.span));
      }
    }
    resolveState(ctx, c.target, c, states);
  }
}

function isSelectable(t: Type): boolean {
  switch (t.kind) {
    case 'bits': case 'int': case 'bool': case 'enum': case 'serializable_enum': case 'error': case 'unknown': case 'newtype':
    case 'match_kind': case 'typevar':
      return true;
    case 'tuple':
      return t.elements.every(isSelectable);
    default:
      return false;
  }
}

export function checkControl(ctx: CheckContext, decl: ControlDeclaration): void {
  const type = ctx.inScope(`control ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const parameters = buildParameters(ctx, decl.parameters, { declare: true, isConstructor: false, owner: 'block' });
    const constructorParameters = buildParameters(ctx, decl.constructorParameters, { declare: true, isConstructor: true, owner: 'constructor' });
    // A parser argument would be a parser instantiated inside this control (spec 10.3).
    for (const p of constructorParameters) {
      if (p.type.kind === 'parser' && p.decl !== undefined) {
        ctx.report(CheckDiagnostics.WrongBlockInstantiation, p.decl.name.span, [p.name, 'parser', 'control']);
      }
    }
    const t: BlockType = { kind: 'control', name: decl.name.name, decl, typeParameters, typeArgs: [], parameters, constructorParameters };
    ctx.inBody({ kind: 'control', returnType: VOID, parser: undefined, table: undefined }, () => ctx.inScope('control locals', () => {
      for (const local of decl.locals) {
        if (local.kind === 'ActionDeclaration') {
          ctx.result.actionOwners.set(local, decl);
          checkAction(ctx, local);
        } else if (local.kind === 'TableDeclaration') {
          checkTable(ctx, local);
        } else {
          checkDeclaration(ctx, local);
        }
      }
      checkBlock(ctx, decl.apply);
    }));
    return t;
  });
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: type.typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}
