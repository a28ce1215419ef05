/**
 * Calls: callee resolution (actions, functions and extern functions with overloads, extern and
 * built-in methods, `apply`, constructors), argument-to-parameter matching (positional, named,
 * defaults), generic type inference, and argument checks (types, out/inout l-values).
 */
import type { Argument, CallExpression, Expression, Span, TypeRef } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertExpression, isImplicitlyConvertible } from './casts.ts';
import type { BoundArgument, CallTarget, ResolvedCall } from './checked-program.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkExpression, lvalueProblem } from './expressions.ts';
import { resolveMember } from './members.ts';
import { lookupPath, resolveType } from './resolve-types.ts';
import type { ActionSymbol, FunctionSymbol, Symbol, TypeSymbol } from './scope.ts';
import type { MethodSignature } from './signatures.ts';
import {
  UNKNOWN,
  VOID,
  hasTypeVariables,
  sameType,
  widthInBits,
  substitute,
  substituteParameter,
  typeToString,
  type BlockType,
  type ExternType,
  type FunctionType,
  type PackageType,
  type ParameterInfo,
  type Type,
  type TypeVariable,
} from './types.ts';
import { TypeBindings, unify } from './unify.ts';

/** One callable a call may resolve to. */
interface Candidate {
  readonly target: CallTarget;
  readonly signature: FunctionType;
  /** Type variables to infer (the callee's type parameters, plus an extern's unspecialized ones). */
  readonly typeVariables: readonly TypeVariable[];
  /** Whether directionless parameters may be left unbound (action references in tables). */
  readonly isAction: boolean;
}

export interface CallSite {
  readonly span: Span;
  readonly text: string;
  readonly typeArgs: readonly TypeRef[];
  readonly args: readonly Argument[];
}

export function checkCall(ctx: CheckContext, expr: CallExpression): Type {
  const candidates = calleeCandidates(ctx, expr);
  for (const arg of expr.args) checkExpression(ctx, arg.value);
  if (candidates === undefined) return UNKNOWN;
  const site: CallSite = { span: expr.span, text: printExpression(expr), typeArgs: expr.typeArgs, args: expr.args };
  const mode: CallMode = candidates[0]?.target.kind === 'constructor' ? 'constructor' : 'call';
  const resolved = resolveCall(ctx, site, candidates, mode);
  if (resolved === undefined) return UNKNOWN;
  ctx.result.calls.set(expr, resolved);
  checkCallContext(ctx, expr, resolved);
  foldCall(ctx, expr, resolved);
  return resolved.signature.returnType;
}

function checkCallContext(ctx: CheckContext, expr: CallExpression, call: ResolvedCall): void {
  const target = call.target;
  if ((target.kind === 'table_apply' || target.kind === 'block_apply') && ctx.body.kind === 'action') {
    ctx.report(CheckDiagnostics.ApplyInAction, expr.span, [printExpression(expr)]);
  }
  if (target.kind === 'function' && target.symbol.decl.kind === 'ExternFunctionDeclaration' &&
      target.symbol.name === 'verify' && ctx.body.kind !== 'parser') {
    ctx.report(CheckDiagnostics.OnlyInParser, expr.span, [printExpression(expr)]);
  }
  if (target.kind === 'action' && ctx.body.kind === 'function') {
    ctx.report(CheckDiagnostics.ActionCallInFunction, expr.span, [printExpression(expr)]);
  }
  if (target.kind === 'action' && ctx.body.kind === 'parser') {
    ctx.report(CheckDiagnostics.ActionCallInParser, expr.span, [printExpression(expr)]);
  }
  checkPacketMethod(ctx, expr, call);
  if (target.kind === 'table_apply' && ctx.inActionArgument) {
    ctx.report(CheckDiagnostics.TableInActionArgument, expr.span, [printExpression(expr)]);
  }
}

/** Compile-time results of calls: `static_assert` and the `minSizeInBits` family. */
function foldCall(ctx: CheckContext, expr: CallExpression, call: ResolvedCall): void {
  const target = call.target;
  if (target.kind === 'function' && target.symbol.name === 'static_assert' && target.symbol.decl.kind === 'ExternFunctionDeclaration') {
    const condition = call.arguments[0]?.argument?.value;
    const value = condition === undefined ? undefined : ctx.result.constants.get(condition);
    if (value === false) {
      const message = call.arguments[1]?.argument?.value;
      const text = message !== undefined ? ctx.result.constants.get(message) : undefined;
      ctx.report(CheckDiagnostics.StaticAssertFailed, expr.span, [typeof text === 'string' ? text : `${printExpression(expr)}: static assertion failed`]);
    } else if (value === true) {
      ctx.result.constants.set(expr, true);
    }
    return;
  }
  if (target.kind === 'builtin_method') {
    const objectType = ctx.result.types.get(target.object);
    if (objectType === undefined) return;
    const inner = objectType.kind === 'type_name' ? objectType.type : objectType;
    let bitsValue: number | undefined;
    switch (target.name) {
      case 'minSizeInBits': case 'minSizeInBytes': bitsValue = widthInBits(inner, false); break;
      case 'maxSizeInBits': case 'maxSizeInBytes': bitsValue = widthInBits(inner, true); break;
      default: return;
    }
    if (bitsValue === undefined) return;
    const bytes = target.name.endsWith('Bytes');
    ctx.result.constants.set(expr, BigInt(bytes ? Math.ceil(bitsValue / 8) : bitsValue));
  }
}

/** `packet_in.extract` / `lookahead` and `packet_out.emit` argument rules. */
function checkPacketMethod(ctx: CheckContext, expr: CallExpression, call: ResolvedCall): void {
  const target = call.target;
  if (target.kind !== 'extern_method') return;
  const owner = target.externType.name;
  const method = target.method.name.name;
  const argType = (i: number) => {
    const a = call.arguments[i]?.argument?.value;
    return a === undefined ? undefined : { expr: a, type: ctx.result.types.get(a) ?? UNKNOWN };
  };
  if (owner === 'packet_in' && method === 'extract') {
    const a = argType(0);
    if (a === undefined || a.type.kind === 'unknown' || a.expr.kind === 'DontCareExpression') return;
    if (a.type.kind !== 'header') {
      ctx.report(CheckDiagnostics.ExtractNotHeader, a.expr.span, [printExpression(a.expr)]);
      return;
    }
    const hasVarbit = a.type.fields.some((f) => f.type.kind === 'varbit');
    if (call.arguments.length === 1 && hasVarbit) ctx.report(CheckDiagnostics.ExtractVarbit, a.expr.span, [printExpression(a.expr)]);
    if (call.arguments.length === 2 && !hasVarbit) ctx.report(CheckDiagnostics.ExtractNoVarbit, a.expr.span, [printExpression(a.expr)]);
  } else if (owner === 'packet_in' && method === 'lookahead') {
    const t = call.typeArguments[0];
    if (t !== undefined && (t.kind === 'void' || t.kind === 'varbit' || t.kind === 'int' || t.kind === 'string')) {
      ctx.report(CheckDiagnostics.TypeArgumentNotAllowed, expr.span, [typeToString(t), "'lookahead'"]);
    } else if (t !== undefined && containsVarbit(t)) {
      // lookahead copies a fixed number of bits: a header with a varbit field has no such size.
      ctx.report(CheckDiagnostics.TypeArgumentNotFixedWidth, expr.typeArgs[0]?.span ?? expr.span, [typeToString(t)]);
    }
  } else if (owner === 'packet_out' && method === 'emit') {
    const a = argType(0);
    if (a === undefined || a.type.kind === 'unknown') return;
    if (!isEmittable(a.type)) ctx.report(CheckDiagnostics.EmitType, a.expr.span, [printExpression(a.expr), typeToString(a.type)]);
  }
}

function containsVarbit(t: Type): boolean {
  switch (t.kind) {
    case 'varbit': return true;
    case 'header': case 'struct': case 'header_union': return t.fields.some((f) => containsVarbit(f.type));
    case 'stack': return containsVarbit(t.element);
    case 'tuple': return t.elements.some(containsVarbit);
    default: return false;
  }
}

function isEmittable(t: Type): boolean {
  switch (t.kind) {
    case 'header': case 'header_union': case 'unknown': case 'typevar': return true;
    case 'stack': return isEmittable(t.element);
    case 'struct': return t.fields.every((f) => isEmittable(f.type));
    default: return false;
  }
}

/** The callables a callee expression denotes (undefined after reporting an error). */
function calleeCandidates(ctx: CheckContext, expr: CallExpression): Candidate[] | undefined {
  const callee = expr.callee;
  if (callee.kind === 'PathExpression') {
    const symbols = lookupPath(ctx, callee.path);
    if (symbols === undefined || symbols.length === 0) {
      ctx.report(CheckDiagnostics.DeclarationNotFound, callee.span, [callee.path.name.name]);
      ctx.result.types.set(callee, UNKNOWN);
      return undefined;
    }
    const first = symbols[0]!;
    ctx.recordName(callee, first);
    if (first.kind === 'type') {
      ctx.result.types.set(callee, { kind: 'type_name', type: first.type });
      // Abstract methods are implemented in an instantiation's initializer block, which a
      // constructor call cannot have.
      if (first.type.kind === 'extern' && (ctx.externs.get(first.type.decl)?.abstractMethods.length ?? 0) > 0) {
        ctx.report(CheckDiagnostics.AbstractExternConstructorCall, callee.span, [first.name]);
        return undefined;
      }
      return constructorCandidates(ctx, symbols, expr.typeArgs.length, callee.span);
    }
    const type = checkExpression(ctx, callee);
    return symbolCandidates(ctx, symbols, type, callee);
  }
  if (callee.kind === 'MemberExpression') {
    const info = resolveMember(ctx, callee);
    ctx.result.types.set(callee, info.type);
    if (info.type.kind === 'unknown') return undefined;
    const m = info.methods;
    if (m === undefined) {
      ctx.report(CheckDiagnostics.NotCallable, callee.span, [printExpression(callee)]);
      return undefined;
    }
    switch (m.kind) {
      case 'extern_method':
        return m.overloads.map((o) => methodCandidate(m.object, m.externType, o));
      case 'builtin_method':
        return [{ target: { kind: 'builtin_method', object: m.object, name: m.name }, signature: m.signature, typeVariables: [], isAction: false }];
      case 'table_apply':
        return [{
          target: { kind: 'table_apply', object: m.object, table: m.table },
          signature: info.type as FunctionType,
          typeVariables: [],
          isAction: false,
        }];
      case 'block_apply':
        return [{
          target: { kind: 'block_apply', object: m.object, block: m.block },
          signature: info.type as FunctionType,
          typeVariables: [],
          isAction: false,
        }];
    }
  }
  const type = checkExpression(ctx, callee);
  if (type.kind !== 'unknown') ctx.report(CheckDiagnostics.NotCallable, callee.span, [printExpression(callee)]);
  return undefined;
}

function methodCandidate(object: Expression, externType: ExternType, o: MethodSignature): Candidate {
  const free = externType.typeArgs.filter((t): t is TypeVariable => t.kind === 'typevar');
  return {
    target: { kind: 'extern_method', object, externType, method: o.method },
    signature: o.signature,
    typeVariables: [...o.signature.typeParameters, ...free],
    isAction: false,
  };
}

function symbolCandidates(ctx: CheckContext, symbols: readonly Symbol[], type: Type, callee: Expression): Candidate[] | undefined {
  const result: Candidate[] = [];
  for (const s of symbols) {
    if (s.kind === 'action') result.push(actionCandidate(s));
    else if (s.kind === 'function') {
      result.push({ target: { kind: 'function', symbol: s }, signature: s.type, typeVariables: s.type.typeParameters, isAction: false });
    }
  }
  if (result.length === 0) {
    if (type.kind !== 'unknown') ctx.report(CheckDiagnostics.NotCallable, callee.span, [printExpression(callee)]);
    return undefined;
  }
  return result;
}

export function actionCandidate(s: ActionSymbol): Candidate {
  return {
    target: { kind: 'action', action: s },
    signature: { kind: 'function', name: s.name, decl: undefined, typeParameters: [], parameters: s.type.parameters, returnType: VOID },
    typeVariables: [],
    isAction: true,
  };
}

/** Candidates for `T(args)`: the constructors of an extern, or a parser/control/package. */
export function constructorCandidates(ctx: CheckContext, symbols: readonly Symbol[], typeArgCount: number, site: Span): Candidate[] | undefined {
  const types = symbols.filter((s): s is TypeSymbol => s.kind === 'type');
  const exact = types.filter((t) => t.typeParameters.length === typeArgCount);
  const chosen = exact.length > 0 ? exact : types;
  const result: Candidate[] = [];
  for (const symbol of chosen) {
    const c = constructorCandidatesOfType(ctx, symbol.type, symbol.typeParameters);
    if (c !== undefined) result.push(...c);
  }
  if (result.length === 0) {
    const first = symbols[0]!;
    ctx.report(CheckDiagnostics.NotInstantiable, site, [first.name, first.kind === 'type' ? typeToString(first.type) : first.name]);
    return undefined;
  }
  return result;
}

/** Constructors of a (possibly partially specialized) type; `typeParameters` are its free variables. */
export function constructorCandidatesOfType(ctx: CheckContext, type: Type, typeParameters: readonly TypeVariable[]): Candidate[] | undefined {
  switch (type.kind) {
    case 'extern': {
      const info = ctx.externs.get(type.decl);
      if (info === undefined) return undefined;
      const bindings = new Map<number, Type>();
      info.typeParameters.forEach((tv, i) => {
        const a = type.typeArgs[i];
        if (a !== undefined && !(a.kind === 'typevar' && a.id === tv.id)) bindings.set(tv.id, a);
      });
      const free = info.typeParameters.filter((tv) => !bindings.has(tv.id));
      const ctors = info.constructors.length > 0 ? info.constructors : [];
      if (ctors.length === 0) return [];
      return ctors.map((c) => ({
        target: { kind: 'constructor', type, method: c.method },
        signature: { ...(substitute(c.signature, bindings) as FunctionType), returnType: substitute(type, bindings) },
        typeVariables: [...free, ...c.signature.typeParameters],
        isAction: false,
      }));
    }
    case 'parser':
    case 'control':
      if (type.decl.kind === 'ParserTypeDeclaration' || type.decl.kind === 'ControlTypeDeclaration') return undefined;
      return [{
        target: { kind: 'constructor', type, method: undefined },
        signature: { kind: 'function', name: type.name, decl: undefined, typeParameters: [], parameters: type.constructorParameters, returnType: type },
        typeVariables: typeParameters,
        isAction: false,
      }];
    case 'package':
      return [{
        target: { kind: 'constructor', type, method: undefined },
        signature: { kind: 'function', name: type.name, decl: undefined, typeParameters: [], parameters: type.parameters, returnType: type },
        typeVariables: type.typeArgs.filter((t): t is TypeVariable => t.kind === 'typevar'),
        isAction: false,
      }];
    default:
      return undefined;
  }
}

/** Whether a candidate can take these arguments (by count and names). */
function applicable(c: Candidate, args: readonly Argument[], allowUnboundData: boolean): boolean {
  const params = c.signature.parameters;
  const named = args.length > 0 && args[0]!.name !== undefined;
  const optional = (p: ParameterInfo) => p.hasDefault || (allowUnboundData && c.isAction && p.direction === 'none');
  if (named) {
    const names = new Set(args.map((a) => a.name?.name));
    if (args.some((a) => a.name !== undefined && !params.some((p) => p.name === a.name!.name))) return false;
    return params.every((p) => names.has(p.name) || optional(p));
  }
  if (args.length > params.length) return false;
  return params.slice(args.length).every(optional);
}

export type CallMode = 'call' | 'action_reference' | 'constructor';

/**
 * Chooses the overload, binds arguments to parameters, infers type arguments and checks each
 * argument. Reports and returns undefined when the call is wrong.
 */
export function resolveCall(ctx: CheckContext, site: CallSite, candidates: readonly Candidate[], mode: CallMode): ResolvedCall | undefined {
  const allowUnbound = mode === 'action_reference';
  const explicitTypeArgs = site.typeArgs.map((t) => resolveType(ctx, t));
  let usable = candidates.filter((c) => applicable(c, site.args, allowUnbound));
  if (usable.length > 1 && explicitTypeArgs.length > 0) {
    const byTypeArgs = usable.filter((c) => c.signature.typeParameters.length === explicitTypeArgs.length);
    if (byTypeArgs.length > 0) usable = byTypeArgs;
  }
  if (usable.length > 1) {
    const exact = usable.filter((c) => c.signature.parameters.length === site.args.length);
    if (exact.length > 0) usable = exact;
  }
  if (usable.length > 1) {
    // Prefer an overload whose argument types fit.
    const fitting = usable.filter((c) => site.args.every((a, i) => {
      const p = a.name === undefined ? c.signature.parameters[i] : c.signature.parameters.find((x) => x.name === a.name!.name);
      const t = ctx.result.types.get(a.value);
      return p === undefined || t === undefined || p.type.kind === 'typevar' || convertibleQuiet(t, p.type);
    }));
    if (fitting.length > 0) usable = fitting;
  }
  const named = site.args.filter((a) => a.name !== undefined).length;
  if (named > 0 && named < site.args.length) {
    const bad = site.args.find((a) => a.name !== undefined) ?? site.args[0]!;
    ctx.report(CheckDiagnostics.MixedNamedArguments, bad.span, [bad.name?.name ?? printExpression(bad.value)]);
    return undefined;
  }
  if (usable.length === 0) {
    if (candidates.length === 1) {
      // Produce the specific message (too many / missing argument).
      bindArguments(ctx, site, candidates[0]!, allowUnbound);
      return undefined;
    }
    const first = candidates[0]!;
    if (first.target.kind === 'extern_method') {
      ctx.report(CheckDiagnostics.NoSuchMethod, site.span, [site.text, first.target.externType.name]);
    } else if (first.target.kind === 'constructor') {
      ctx.report(CheckDiagnostics.NoMatchingConstructor, site.span, [site.text, typeToString(first.target.type)]);
    } else {
      ctx.report(CheckDiagnostics.NoMatchingOverload, site.span, [site.text, site.args.length]);
    }
    return undefined;
  }
  const candidate = usable[0]!;
  // Overloads differ in their number of parameters or in their names (spec 7.2.11): two that
  // both take these arguments by position leave nothing to choose between them.
  const rival = usable.find((c) => c !== candidate && c.signature.parameters.length === candidate.signature.parameters.length);
  if (rival !== undefined && named === 0) {
    const where = [candidate, rival].flatMap((c) => {
      const decl = c.signature.decl;
      const name = decl === undefined ? undefined : 'prototype' in decl ? decl.prototype.name : decl.name;
      return name === undefined ? [] : [{ message: 'candidate', site: name.span }];
    });
    ctx.report(CheckDiagnostics.AmbiguousCall, site.span, [site.text], where);
    return undefined;
  }
  const bound = bindArguments(ctx, site, candidate, allowUnbound);
  if (bound === undefined) return undefined;

  // Type inference.
  const variables = new Set(candidate.typeVariables.map((v) => v.id));
  const bindings = new TypeBindings(variables);
  if (explicitTypeArgs.length > 0) {
    const params = candidate.signature.typeParameters.length > 0 ? candidate.signature.typeParameters : candidate.typeVariables;
    if (params.length !== explicitTypeArgs.length) {
      ctx.report(CheckDiagnostics.WrongTypeArgumentCount, site.span, [site.text, candidate.signature.name, params.length, explicitTypeArgs.length]);
      return undefined;
    }
    params.forEach((p, i) => {
      const a = explicitTypeArgs[i]!;
      if (a.kind !== 'dontcare') bindings.map.set(p.id, a);
    });
  }
  if (variables.size > 0) {
    // Fixed-width arguments first, so that `int` literals convert to what the others imply.
    for (const pass of [0, 1]) {
      for (const b of bound) {
        if (b.argument === undefined) continue;
        const t = ctx.result.types.get(b.argument.value);
        if (t === undefined) continue;
        const isInt = t.kind === 'int';
        if ((pass === 0) === isInt) continue;
        unify(b.parameter.type, t, bindings);
      }
    }
  }
  // A type variable bound only by `int` literals or `{ f = ... }` initializers cannot be inferred.
  for (const tv of candidate.typeVariables) {
    const t = bindings.map.get(tv.id);
    if (t === undefined || (t.kind !== 'int' && t.kind !== 'anonymous_struct')) continue;
    if (explicitTypeArgs.length > 0) continue;
    const culprit = bound.find((b) => b.argument !== undefined && b.parameter.type.kind === 'typevar' && b.parameter.type.id === tv.id);
    const at = culprit?.argument?.value;
    if (t.kind === 'int') ctx.report(CheckDiagnostics.CannotInferWidth, (at ?? site).span, [at !== undefined ? printExpression(at) : site.text]);
    else ctx.report(CheckDiagnostics.CannotInferStructType, (at ?? site).span, ['unknown struct']);
    return undefined;
  }
  // A package's type variables are fixed by its arguments. An omitted parameter whose default
  // value is itself generic in them (`c = nothing<H>()`) fixes nothing, so they stay unknown.
  const target = candidate.target;
  if (target.kind === 'constructor' && target.type.kind === 'package') {
    const leavesFree = bound.some((b) => {
      const dflt = b.argument === undefined ? b.parameter.decl?.defaultValue : undefined;
      if (dflt === undefined || !hasTypeVariables(b.parameter.type)) return false;
      const made = ctx.result.calls.get(dflt as CallExpression);
      return hasTypeVariables(ctx.result.types.get(dflt) ?? UNKNOWN) || (made?.typeArguments.some(hasTypeVariables) ?? false);
    });
    const free = leavesFree ? candidate.typeVariables.find((tv) => !bindings.map.has(tv.id)) : undefined;
    if (free !== undefined) {
      ctx.report(CheckDiagnostics.CannotInferTypeArgument, site.span, [site.text, free.name]);
      return undefined;
    }
  }
  const typeArguments = candidate.typeVariables.map((v) => bindings.map.get(v.id) ?? v);
  const params = candidate.signature.parameters.map((p) => substituteParameter(p, bindings.map));
  const signature: FunctionType = {
    ...candidate.signature,
    parameters: params,
    returnType: substitute(candidate.signature.returnType, bindings.map),
  };
  if (candidate.signature.typeParameters.some((tv) => !bindings.map.has(tv.id)) && signature.returnType.kind === 'typevar' &&
      candidate.signature.parameters.length === 0) {
    ctx.report(CheckDiagnostics.CannotInferTypeArgument, site.span, [site.text, signature.returnType.name]);
    return undefined;
  }
  const finalBound: BoundArgument[] = bound.map((b, i) => ({ ...b, parameter: params[i]! }));
  let ok = true;
  for (const b of finalBound) {
    if (b.argument === undefined) continue;
    // p4c reports a package argument that does not fit at the package declaration.
    const target = candidate.target;
    const mismatchSite = target.kind === 'constructor' && target.type.kind === 'package' ? target.type.decl.name.span : undefined;
    if (!checkArgument(ctx, b.argument, b.parameter, mode, mismatchSite)) ok = false;
    else if (!fitsRigidTypeVariable(ctx, b.argument.value, b.parameter, variables)) ok = false;
    else if (candidate.target.kind === 'constructor' && !isCompileTimeKnown(ctx, b.argument.value)) {
      ctx.report(CheckDiagnostics.NotCompileTimeConstant, b.argument.value.span, [printExpression(b.argument.value)]);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return { target: candidate.target, signature, typeArguments, arguments: finalBound };
}

/** Whether a value is known when the program is instantiated (constructor arguments). */
export function isCompileTimeKnown(ctx: CheckContext, expr: Expression): boolean {
  if (ctx.result.constants.has(expr)) return true;
  // A factory (an extern function returning an extern object) makes its object when the
  // program is instantiated, so its own arguments must be known then too.
  if (expr.kind === 'CallExpression' && ctx.result.calls.get(expr)?.target.kind === 'function' &&
      ctx.result.types.get(expr)?.kind === 'extern') {
    return expr.args.every((a) => isCompileTimeKnown(ctx, a.value));
  }
  const t = ctx.result.types.get(expr);
  if (t !== undefined && (t.kind === 'extern' || t.kind === 'parser' || t.kind === 'control' || t.kind === 'package' ||
      t.kind === 'unknown' || t.kind === 'type_name')) return true;
  switch (expr.kind) {
    case 'PathExpression': {
      const s = ctx.result.names.get(expr);
      return s === undefined || s.kind === 'constant' || s.kind === 'instance' || (s.kind === 'parameter' && s.isConstructorParameter);
    }
    case 'ListExpression': return expr.items.every((e) => isCompileTimeKnown(ctx, e));
    case 'StructExpression': return expr.fields.every((f) => isCompileTimeKnown(ctx, f.value));
    case 'CastExpression': return isCompileTimeKnown(ctx, expr.operand);
    case 'UnaryExpression': return isCompileTimeKnown(ctx, expr.operand);
    case 'BinaryExpression': return isCompileTimeKnown(ctx, expr.left) && isCompileTimeKnown(ctx, expr.right);
    case 'TernaryExpression':
      return isCompileTimeKnown(ctx, expr.condition) && isCompileTimeKnown(ctx, expr.then) && isCompileTimeKnown(ctx, expr.otherwise);
    case 'MemberExpression': return isCompileTimeKnown(ctx, expr.object);
    case 'CallExpression': return ctx.result.calls.get(expr)?.target.kind === 'constructor';
    case 'InvalidHeaderExpression':
    case 'DontCareExpression':
    case 'DefaultExpression':
    case 'TypeMemberExpression':
      return true;
    default:
      return false;
  }
}

function convertibleQuiet(from: Type, to: Type): boolean {
  return isImplicitlyConvertible(from, to);
}

/** Matches written arguments to parameters (in parameter order). */
function bindArguments(ctx: CheckContext, site: CallSite, c: Candidate, allowUnbound: boolean): BoundArgument[] | undefined {
  const params = c.signature.parameters;
  const byParam = new Map<string, Argument>();
  const named = site.args.length > 0 && site.args[0]!.name !== undefined;
  if (named) {
    for (const a of site.args) {
      const name = a.name!.name;
      if (!params.some((p) => p.name === name)) {
        ctx.report(CheckDiagnostics.UnknownNamedArgument, a.span, [site.text, name]);
        return undefined;
      }
      if (byParam.has(name)) {
        ctx.report(CheckDiagnostics.DuplicateArgument, a.span, [site.text, name]);
        return undefined;
      }
      byParam.set(name, a);
    }
  } else {
    if (site.args.length > params.length) {
      const extra = site.args[params.length]!;
      if (c.isAction && allowUnbound) {
        ctx.report(CheckDiagnostics.TooManyArguments, extra.span, [site.text]);
      } else {
        ctx.report(CheckDiagnostics.TooManyArguments, site.span, [site.text]);
      }
      return undefined;
    }
    site.args.forEach((a, i) => byParam.set(params[i]!.name, a));
  }
  const result: BoundArgument[] = [];
  for (const p of params) {
    const argument = byParam.get(p.name);
    if (argument === undefined && !p.hasDefault && !(allowUnbound && c.isAction && p.direction === 'none')) {
      if (c.isAction) ctx.report(CheckDiagnostics.ActionParameterMustBeBound, site.span, [site.text, p.name]);
      else ctx.report(CheckDiagnostics.MissingArgument, site.span, [site.text, p.name]);
      return undefined;
    }
    result.push({ parameter: p, argument, defaultValue: argument === undefined ? p.decl?.defaultValue : undefined });
  }
  return result;
}

/** Checks one argument against its parameter. */
/**
 * A parameter whose type became a type variable of the enclosing generic block or function (not
 * one this call infers) takes only values of that type variable: inside `control c<T>`, `T` is
 * whatever the instantiation says, never `match_kind` or `bit<8>` in particular.
 */
function fitsRigidTypeVariable(ctx: CheckContext, value: Expression, p: ParameterInfo, inferred: ReadonlySet<number>): boolean {
  const t = ctx.result.types.get(value);
  if (p.type.kind !== 'typevar' || inferred.has(p.type.id) || t === undefined) return true;
  if (t.kind === 'typevar' || t.kind === 'unknown' || t.kind === 'dontcare' || value.kind === 'DontCareExpression') return true;
  ctx.report(CheckDiagnostics.ArgumentType, value.span, [printExpression(value), typeToString(t), p.name, typeToString(p.type)]);
  return false;
}

function checkArgument(ctx: CheckContext, argument: Argument, p: ParameterInfo, mode: CallMode, mismatchSite?: Span): boolean {
  const value = argument.value;
  const t = ctx.result.types.get(value) ?? checkExpression(ctx, value);
  if (t.kind === 'unknown' || p.type.kind === 'unknown') return true;
  if (value.kind === 'DontCareExpression') {
    if (p.direction === 'out' || p.direction === 'inout' || mode !== 'call' || p.hasDefault) return true;
    // `_` for an `in` argument is allowed only for optional parameters.
    ctx.report(CheckDiagnostics.ArgumentType, value.span, ['_', '_', p.name, typeToString(p.type)]);
    return false;
  }
  if (mode === 'call' && (t.kind === 'table' || t.kind === 'parser' || t.kind === 'control')) {
    ctx.report(CheckDiagnostics.IllegalArgumentType, value.span, [printExpression(value), t.kind === 'table' ? 'Type_Table' : `${t.kind} ${t.name}`]);
    return false;
  }
  if (p.type.kind === 'string' && p.direction !== 'none' && p.decl !== undefined && p.decl.type.kind !== 'StringTypeRef') {
    ctx.report(CheckDiagnostics.IllegalParameterType, value.span, [p.name, 'string']);
    return false;
  }
  if (p.direction === 'out' || p.direction === 'inout') {
    const problem = lvalueProblem(ctx, value);
    if (problem !== undefined) {
      ctx.report(CheckDiagnostics.OutArgumentNotLValue, value.span, [printExpression(value), p.direction, p.name]);
      return false;
    }
  }
  if (hasTypeVariables(p.type) && !sameType(t, p.type)) return true; // not inferred: nothing to check against
  if (!convertExpression(ctx, value, t, p.type)) {
    ctx.report(CheckDiagnostics.ArgumentType, mismatchSite ?? value.span, [printExpression(value), typeToString(t), p.name, typeToString(p.type)]);
    return false;
  }
  if (t.kind === 'void') {
    ctx.report(CheckDiagnostics.VoidValue, value.span, [printExpression(value)]);
    return false;
  }
  return true;
}

/** Resolves a constructor call given the instantiated type (used by instantiations). */
export function resolveConstructor(
  ctx: CheckContext,
  type: Type,
  typeParameters: readonly TypeVariable[],
  site: CallSite,
): { type: ExternType | BlockType | PackageType; call: ResolvedCall } | undefined {
  const candidates = constructorCandidatesOfType(ctx, type, typeParameters);
  if (candidates !== undefined && candidates.length === 0) {
    ctx.report(CheckDiagnostics.NoMatchingConstructor, site.span, [site.text, typeToString(type)]);
    return undefined;
  }
  if (candidates === undefined) {
    ctx.report(CheckDiagnostics.NotInstantiable, site.span, [site.text, typeToString(type)]);
    return undefined;
  }
  for (const a of site.args) checkExpression(ctx, a.value);
  const call = resolveCall(ctx, site, candidates, 'constructor');
  if (call === undefined) return undefined;
  return { type: call.signature.returnType as ExternType | BlockType | PackageType, call };
}

export type { Candidate };
export type { FunctionSymbol };
