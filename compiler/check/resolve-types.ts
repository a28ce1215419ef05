/**
 * Written types (`TypeRef`) to semantic types: name lookup, specialization of generic types,
 * constant widths and stack sizes.
 */
import type { Expression, Ident, PathName, TypeRef } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import type { CheckContext } from './context.ts';
import { checkFieldType } from './field-types.ts';
import { evaluateConstantInteger, MAX_INT_CONSTANT_BITS } from './const-eval.ts';
import type { Symbol, TypeSymbol } from './scope.ts';
import {
  BOOL,
  DONTCARE,
  ERROR,
  INT,
  MATCH_KIND,
  STRING,
  UNKNOWN,
  VOID,
  bits,
  freshTypeVariable,
  substitute,
  typeToString,
  type Type,
  type TypeVariable,
} from './types.ts';

/** Looks a (possibly `.`-anchored) name up in the current scope. */
export function lookupPath(ctx: CheckContext, path: PathName): readonly Symbol[] | undefined {
  const scope = path.global ? ctx.scope.root : ctx.scope;
  return scope.lookup(path.name.name);
}

export function lookupTypeSymbol(ctx: CheckContext, path: PathName, typeArgCount: number | undefined): TypeSymbol | undefined {
  const found = lookupPath(ctx, path);
  if (found === undefined) {
    ctx.report(CheckDiagnostics.DeclarationNotFound, path.span, [path.name.name]);
    return undefined;
  }
  const types = found.filter((s): s is TypeSymbol => s.kind === 'type');
  if (types.length === 0) {
    ctx.report(CheckDiagnostics.NotAType, path.span, [path.name.name]);
    return undefined;
  }
  if (typeArgCount !== undefined && types.length > 1) {
    const exact = types.find((t) => t.typeParameters.length === typeArgCount);
    if (exact !== undefined) return exact;
  }
  if (typeArgCount === undefined && types.length > 1) {
    return types.find((t) => t.typeParameters.length === 0) ?? types[0];
  }
  return types[0];
}

/** Resolves a width / size expression to a number, reporting non-constants. */
export function resolveWidth(ctx: CheckContext, expr: Expression): number | undefined {
  const value = evaluateConstantInteger(ctx, expr);
  if (value === undefined) return undefined;
  if (value > BigInt(MAX_INT_CONSTANT_BITS) || value < -BigInt(MAX_INT_CONSTANT_BITS)) {
    ctx.report(CheckDiagnostics.InvalidWidth, expr.span, [String(value)]);
    return undefined;
  }
  return Number(value);
}

export function resolveType(ctx: CheckContext, ref: TypeRef): Type {
  const type = resolveTypeUncached(ctx, ref);
  ctx.result.typeRefs.set(ref, type);
  return type;
}

function resolveTypeUncached(ctx: CheckContext, ref: TypeRef): Type {
  switch (ref.kind) {
    case 'BitTypeRef': {
      if (ref.width === undefined) return bits(1);
      const w = resolveWidth(ctx, ref.width);
      if (w === undefined) return UNKNOWN;
      if (w < 0) {
        ctx.report(CheckDiagnostics.InvalidWidth, ref.span, [`bit<${w}>`]);
        return UNKNOWN;
      }
      return bits(w);
    }
    case 'IntTypeRef': {
      if (ref.width === undefined) return INT;
      const w = resolveWidth(ctx, ref.width);
      if (w === undefined) return UNKNOWN;
      if (w < 0) {
        ctx.report(CheckDiagnostics.InvalidWidth, ref.span, [`int<${w}>`]);
        return UNKNOWN;
      }
      if (w === 0) {
        ctx.report(CheckDiagnostics.ZeroSignedWidth, ref.span, ['int<0>']);
        return UNKNOWN;
      }
      return bits(w, true);
    }
    case 'VarbitTypeRef': {
      const w = resolveWidth(ctx, ref.maxWidth);
      if (w === undefined) return UNKNOWN;
      if (w <= 0) {
        ctx.report(CheckDiagnostics.InvalidWidth, ref.span, [`varbit<${w}>`]);
        return UNKNOWN;
      }
      return { kind: 'varbit', maxWidth: w };
    }
    case 'BoolTypeRef': return BOOL;
    case 'ErrorTypeRef':
      if (!ctx.hasErrorType) {
        ctx.report(CheckDiagnostics.DeclarationNotFound, ref.span, ['error']);
        return UNKNOWN;
      }
      return ERROR;
    case 'MatchKindTypeRef': return MATCH_KIND;
    case 'StringTypeRef': return STRING;
    case 'VoidTypeRef': return VOID;
    case 'DontCareTypeRef': return DONTCARE;
    case 'NamedTypeRef': {
      const symbol = lookupTypeSymbol(ctx, ref.name, undefined);
      if (symbol === undefined) return UNKNOWN;
      ctx.recordName(ref, symbol);
      const t = symbol.type;
      if (symbol.typeParameters.length > 0 && (t.kind === 'struct' || t.kind === 'header' || t.kind === 'header_union')) {
        ctx.report(CheckDiagnostics.MissingTypeArguments, ref.span, [ref.name.name.name]);
        return UNKNOWN;
      }
      return t;
    }
    case 'SpecializedTypeRef': {
      const symbol = lookupTypeSymbol(ctx, ref.base, ref.args.length);
      const args = ref.args.map((a) => resolveType(ctx, a));
      if (symbol === undefined) return UNKNOWN;
      ctx.recordName(ref, symbol);
      const self = args.find((a) => mentionsDeclaration(a, symbol.decl, new Set()));
      if (self !== undefined) {
        // `E<E<bit>>`, or `E<C>` where C's parameters use E: a type that would contain itself.
        ctx.report(CheckDiagnostics.ContainsSelfAsTypeArgument, ref.base.span, [ref.base.name.name, typeToString(self)]);
        return UNKNOWN;
      }
      const specialized = specialize(ctx, symbol, args, ref.span);
      checkSpecializedFields(ctx, symbol.type, specialized);
      return specialized;
    }
    case 'HeaderStackTypeRef': {
      const element = resolveType(ctx, ref.element);
      const size = resolveWidth(ctx, ref.size);
      if (size === undefined) return UNKNOWN;
      if (size < 0) {
        ctx.report(CheckDiagnostics.IllegalStackSize, ref.size.span, [typeToString(element), size]);
        return UNKNOWN;
      }
      if (element.kind === 'int' || element.kind === 'void' || element.kind === 'string' || element.kind === 'extern' ||
          element.kind === 'parser' || element.kind === 'control' || element.kind === 'package') {
        ctx.report(CheckDiagnostics.IllegalStackElement, ref.span, [typeToString(element), typeToString(element)]);
        return UNKNOWN;
      }
      return { kind: 'stack', element, size };
    }
    case 'TupleTypeRef': {
      const elements = ref.elements.map((e) => resolveType(ctx, e));
      for (let i = 0; i < elements.length; i++) {
        const k = elements[i]!.kind;
        if (k === 'extern' || k === 'parser' || k === 'control' || k === 'package' || k === 'void') {
          ctx.report(CheckDiagnostics.IllegalTupleField, ref.elements[i]!.span, [typeToString(elements[i]!)]);
          return UNKNOWN;
        }
      }
      return { kind: 'tuple', elements };
    }
    case 'ListTypeRef':
      return { kind: 'list', element: resolveType(ctx, ref.element) };
  }
}

/**
 * A generic header, header union or struct is checked with its type arguments in place: a field
 * declared `T t;` must be valid for the `T` given (p4c reports it at the field).
 */
function checkSpecializedFields(ctx: CheckContext, generic: Type, specialized: Type): void {
  if (!(generic.kind === 'header' || generic.kind === 'header_union' || generic.kind === 'struct')) return;
  if (specialized.kind !== generic.kind) return;
  generic.fields.forEach((field, i) => {
    const actual = specialized.fields[i];
    const declared = generic.decl.fields.find((f) => f.name.name === field.name);
    if (field.type.kind !== 'typevar' || actual === undefined || declared === undefined) return;
    checkFieldType(ctx, generic.kind, generic.name, declared.name, actual.type);
  });
}

/** Applies type arguments to a generic type symbol. */
export function specialize(ctx: CheckContext, symbol: TypeSymbol, args: readonly Type[], site: { start: number; end: number }): Type {
  const params = symbol.typeParameters;
  if (params.length !== args.length) {
    ctx.report(CheckDiagnostics.WrongTypeArgumentCount, site, [symbol.name, symbol.name, params.length, args.length]);
    return UNKNOWN;
  }
  const bindings = new Map<number, Type>();
  params.forEach((p, i) => {
    const arg = args[i]!;
    // `_` as a type argument leaves the parameter to be inferred.
    if (arg.kind !== 'dontcare') bindings.set(p.id, arg);
  });
  return substitute(symbol.type, bindings);
}

/** Declares type parameters as type variables in the current scope. */
export function declareTypeParameters(ctx: CheckContext, names: readonly Ident[]): TypeVariable[] {
  const vars: TypeVariable[] = [];
  for (const name of names) {
    const tv: TypeVariable = freshTypeVariable(name.name);
    vars.push(tv);
    const clash = ctx.scope.declare({ kind: 'type', name: name.name, decl: name, type: tv, typeParameters: [] });
    if (clash !== undefined) ctx.report(CheckDiagnostics.DuplicateDeclaration, name.span, [name.name, name.name]);
  }
  return vars;
}

/**
 * Whether `type` is, or is built from, a type declared by `decl` (its fields, element types,
 * type arguments, and the parameters of parsers, controls and packages).
 */
function mentionsDeclaration(type: Type, decl: object, seen: Set<Type>): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  const any = (types: readonly Type[]) => types.some((t) => mentionsDeclaration(t, decl, seen));
  switch (type.kind) {
    case 'extern': return type.decl === decl || any(type.typeArgs);
    case 'header': case 'header_union': case 'struct':
      return type.decl === decl || any(type.typeArgs) || any(type.fields.map((f) => f.type));
    case 'parser': case 'control':
      return type.decl === decl || any(type.typeArgs) || any([...type.parameters, ...type.constructorParameters].map((p) => p.type));
    case 'package': return type.decl === decl || any(type.typeArgs) || any(type.parameters.map((p) => p.type));
    case 'stack': case 'list': return mentionsDeclaration(type.element, decl, seen);
    case 'tuple': return any(type.elements);
    case 'newtype': return type.decl === decl || mentionsDeclaration(type.underlying, decl, seen);
    case 'type_name': return mentionsDeclaration(type.type, decl, seen);
    default: return false;
  }
}
