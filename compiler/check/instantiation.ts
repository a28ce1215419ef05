/**
 * Instantiations `T(args) name [= { abstract method implementations }];` of externs, parsers,
 * controls and packages, and the top-level `main` package.
 */
import type { Declaration, Expression, Instantiation, Program } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { resolveConstructor } from './calls.ts';
import type { MainPackage } from './checked-program.ts';
import type { CheckContext } from './context.ts';
import { checkFunction } from './declarations.ts';
import { lookupPath, resolveType } from './resolve-types.ts';
import { UNKNOWN, hasTypeVariables, sameType, substitute, type FunctionType, type Type, type TypeVariable } from './types.ts';

/** Checks an instantiation and returns the type of the instance. */
export function checkInstantiationType(ctx: CheckContext, decl: Instantiation): Type {
  const ref = decl.type;
  let type: Type;
  let free: readonly TypeVariable[] = [];
  if (ref.kind === 'NamedTypeRef' || ref.kind === 'SpecializedTypeRef') {
    type = resolveType(ctx, ref);
    if (ref.kind === 'NamedTypeRef') {
      const symbol = lookupPath(ctx, ref.name)?.find((s) => s.kind === 'type');
      if (symbol !== undefined && symbol.kind === 'type') free = symbol.typeParameters;
    }
    if (type.kind === 'extern') free = type.typeArgs.filter((t): t is TypeVariable => t.kind === 'typevar');
  } else {
    type = resolveType(ctx, ref);
  }
  if (type.kind === 'unknown') {
    for (const a of decl.args) ctx.result.types.has(a.value);
    return UNKNOWN;
  }
  if ((type.kind === 'parser' || type.kind === 'control') && ctx.scope.parent === undefined) {
    ctx.report(CheckDiagnostics.TopLevelInstantiation, decl.name.span, [decl.name.name]);
  } else if (type.kind === 'parser' && ctx.body.kind === 'control') {
    ctx.report(CheckDiagnostics.WrongBlockInstantiation, decl.name.span, [decl.name.name, 'parser', 'control']);
  } else if (type.kind === 'control' && ctx.body.kind === 'parser') {
    ctx.report(CheckDiagnostics.WrongBlockInstantiation, decl.name.span, [decl.name.name, 'control', 'parser']);
  }
  const resolved = resolveConstructor(ctx, type, free, { span: decl.span, text: decl.name.name, typeArgs: [], args: decl.args });
  if (resolved === undefined) return UNKNOWN;
  ctx.result.instances.set(decl, { type: resolved.type, call: { ...resolved.call, method: resolved.call.target.kind === 'constructor' ? resolved.call.target.method : undefined } });
  if (decl.initializer !== undefined) checkInitializer(ctx, decl, resolved.type);
  if (ctx.scope.parent === undefined && decl.name.name === 'main') recordMain(ctx, decl, resolved.type, resolved.call);
  return resolved.type;
}

function checkInitializer(ctx: CheckContext, decl: Instantiation, type: Type): void {
  const initializer = decl.initializer ?? [];
  if (type.kind !== 'extern') {
    ctx.report(CheckDiagnostics.InitializerForNonExtern, decl.span, ['BlockStatement']);
    return;
  }
  const info = ctx.externs.get(type.decl);
  if (info === undefined) return;
  if (info.abstractMethods.length === 0) {
    for (const member of initializer) if (member.kind === 'FunctionDeclaration') checkFunction(ctx, member);
    ctx.report(CheckDiagnostics.InitializerWithoutAbstract, decl.span, ['BlockStatement']);
    return;
  }
  const implemented = new Set<string>();
  const savedThis = ctx.thisType;
  ctx.thisType = type;
  try {
    for (const member of initializer) {
      if (member.kind !== 'FunctionDeclaration') {
        ctx.report(CheckDiagnostics.InitializerForNonExtern, member.span, [member.name.name]);
        continue;
      }
      const name = member.prototype.name.name;
      const abstract = info.abstractMethods.find((m) => m.method.name.name === name && m.method.parameters.length === member.prototype.parameters.length);
      if (abstract === undefined) {
        ctx.report(CheckDiagnostics.NoMatchingAbstract, member.prototype.name.span, [name, type.name]);
        continue;
      }
      implemented.add(name);
      const implementation = checkFunction(ctx, member);
      const bindings = new Map<number, Type>();
      info.typeParameters.forEach((tv, i) => {
        const a = type.typeArgs[i];
        if (a !== undefined) bindings.set(tv.id, a);
      });
      const expected = substitute(abstract.signature, bindings);
      if (expected.kind === 'function' && !signaturesMatch(implementation, expected)) {
        ctx.report(CheckDiagnostics.AbstractMismatch, decl.name.span, [name, name]);
      }
    }
  } finally {
    ctx.thisType = savedThis;
  }
  for (const m of info.abstractMethods) {
    if (!implemented.has(m.method.name.name)) {
      ctx.report(CheckDiagnostics.AbstractNotImplemented, decl.name.span, [decl.name.name, m.method.name.name]);
    }
  }
}

function signaturesMatch(actual: FunctionType, expected: FunctionType): boolean {
  const loose = (a: Type, b: Type) => sameType(a, b) || hasTypeVariables(a) || hasTypeVariables(b) || a.kind === 'unknown' || b.kind === 'unknown';
  return actual.parameters.length === expected.parameters.length &&
    actual.parameters.every((p, i) => p.direction === expected.parameters[i]!.direction && loose(p.type, expected.parameters[i]!.type)) &&
    loose(actual.returnType, expected.returnType);
}

/** The declaration a package argument instantiates. */
function instantiatedDeclaration(ctx: CheckContext, arg: Expression): { declaration: Declaration | undefined; type: Type | undefined } {
  const type = ctx.result.types.get(arg);
  if (arg.kind === 'CallExpression') {
    const call = ctx.result.calls.get(arg);
    if (call?.target.kind === 'constructor') return { declaration: call.target.type.decl, type: call.target.type };
  }
  if (arg.kind === 'PathExpression') {
    const symbol = ctx.result.names.get(arg);
    if (symbol?.kind === 'instance') {
      const inst = ctx.result.instances.get(symbol.decl);
      if (inst !== undefined) return { declaration: inst.type.decl, type: inst.type };
    }
  }
  return { declaration: undefined, type };
}

function recordMain(ctx: CheckContext, decl: Instantiation, type: Type, call: { arguments: readonly { parameter: import('./types.ts').ParameterInfo; argument: import('../ast/nodes.ts').Argument | undefined }[] }): void {
  if (type.kind !== 'package') {
    ctx.report(CheckDiagnostics.MainArgumentMismatch, decl.name.span, ['main', 'main', 'package']);
    return;
  }
  const args: MainPackage['arguments'][number][] = call.arguments.map((b) => {
    const value = b.argument?.value;
    const found = value === undefined ? { declaration: undefined, type: undefined } : instantiatedDeclaration(ctx, value);
    return { parameter: b.parameter, argument: value, declaration: found.declaration, type: found.type };
  });
  ctx.result.main = { decl, type, arguments: args };
}

/** `main` names the top-level package instance (spec 7.2.12); no other top-level declaration may take it. */
export function checkMainIsInstance(ctx: CheckContext, program: Program): void {
  for (const decl of program.declarations) {
    if (decl.kind === 'Instantiation' || !('name' in decl)) continue;
    if (decl.name.name === 'main') ctx.report(CheckDiagnostics.MainNotPackage, decl.name.span, ['main']);
  }
}
