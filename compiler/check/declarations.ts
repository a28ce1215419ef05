/**
 * Declarations: constants, variables, instantiations, type declarations (typedef/type, headers,
 * structs, unions, enums, error, match_kind), externs, functions and actions. Parsers, controls
 * and tables have their own files. Each declaration is checked, then declared, so later code sees
 * it and earlier code does not (declaration before use).
 */
import type {
  ActionDeclaration,
  ConstantDeclaration,
  Declaration,
  EnumDeclaration,
  ExternFunctionDeclaration,
  ExternObjectDeclaration,
  FunctionDeclaration,
  HeaderDeclaration,
  HeaderUnionDeclaration,
  Ident,
  Instantiation,
  NamedTypeRef,
  PackageTypeDeclaration,
  SpecializedTypeRef,
  StructDeclaration,
  TypedefDeclaration,
  VariableDeclaration,
} from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertedConstant, convertExpression } from './casts.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkControl, checkControlType, checkParser, checkParserType } from './blocks.ts';
import { forEachNode } from './ast-walk.ts';
import { checkExpression } from './expressions.ts';
import { checkFieldType } from './field-types.ts';
import { checkInstantiationType } from './instantiation.ts';
import { declareTypeParameters, resolveType } from './resolve-types.ts';
import type { FunctionSymbol, Symbol } from './scope.ts';
import { buildMethodSignature, buildParameters, type ExternInfo, type MethodSignature } from './signatures.ts';
import { alwaysReturns, checkBlock } from './statements.ts';
import { checkTable } from './tables.ts';
import {
  UNKNOWN,
  VOID,
  typeToString,
  type ActionType,
  type EnumType,
  type ExternType,
  type Field,
  type FixedBitsType,
  type FunctionType,
  type PackageType,
  type SerializableEnumType,
  type StructLikeType,
  type Type,
} from './types.ts';
import { wrapToType } from './const-eval.ts';

/** Declares a symbol in the current scope, reporting p4c's duplicate-declaration error. */
export function declareSymbol(ctx: CheckContext, symbol: Symbol, name: Ident): void {
  const clash = ctx.scope.declare(symbol);
  if (clash !== undefined) {
    const related = clashSpan(clash);
    ctx.report(CheckDiagnostics.DuplicateDeclaration, name.span, [name.name, name.name],
      related === undefined ? [] : [{ message: 'previous declaration', site: related }]);
  }
}

function clashSpan(symbol: Symbol): { start: number; end: number } | undefined {
  const decl = symbol.decl;
  if (decl === undefined) return undefined;
  if ('name' in decl && typeof decl.name === 'object' && decl.name !== null && 'span' in decl.name) return decl.name.span;
  if ('prototype' in decl) return decl.prototype.name.span;
  return decl.span;
}

export function checkDeclaration(ctx: CheckContext, decl: Declaration): void {
  switch (decl.kind) {
    case 'ConstantDeclaration': checkConstantDeclaration(ctx, decl); return;
    case 'VariableDeclaration': checkVariableDeclaration(ctx, decl); return;
    case 'Instantiation': checkInstantiation(ctx, decl); return;
    case 'TypedefDeclaration': checkTypedef(ctx, decl); return;
    case 'HeaderDeclaration':
    case 'HeaderUnionDeclaration':
    case 'StructDeclaration':
      checkStructLike(ctx, decl);
      return;
    case 'EnumDeclaration': checkEnum(ctx, decl); return;
    case 'ErrorDeclaration':
      for (const m of decl.members) {
        if (ctx.errorMembers.has(m.name)) ctx.report(CheckDiagnostics.DuplicateDeclaration, m.span, [m.name, m.name]);
        else {
          ctx.errorMembers.add(m.name);
          ctx.result.errorMembers.push(m.name);
        }
      }
      return;
    case 'MatchKindDeclaration':
      for (const m of decl.members) {
        const root = ctx.scope.root;
        const clash = root.declare({ kind: 'match_kind_member', name: m.name, decl: m });
        if (clash !== undefined) ctx.report(CheckDiagnostics.DuplicateDeclaration, m.span, [m.name, m.name]);
        else {
          ctx.matchKinds.add(m.name);
          ctx.result.matchKinds.push(m.name);
        }
      }
      return;
    case 'ExternObjectDeclaration': checkExternObject(ctx, decl); return;
    case 'ExternFunctionDeclaration': checkExternFunction(ctx, decl); return;
    case 'FunctionDeclaration': checkTopLevelFunction(ctx, decl); return;
    case 'ActionDeclaration': checkAction(ctx, decl); return;
    case 'ParserTypeDeclaration': checkParserType(ctx, decl); return;
    case 'ParserDeclaration': checkParser(ctx, decl); return;
    case 'ControlTypeDeclaration': checkControlType(ctx, decl); return;
    case 'ControlDeclaration': checkControl(ctx, decl); return;
    case 'PackageTypeDeclaration': checkPackageType(ctx, decl); return;
    case 'TableDeclaration': checkTable(ctx, decl); return;
    case 'ValueSetDeclaration': {
      const element = resolveType(ctx, decl.elementType);
      if (element.kind === 'int' || element.kind === 'varbit' || element.kind === 'string' || element.kind === 'extern') {
        ctx.report(CheckDiagnostics.ValueSetElementType, decl.elementType.span, [typeToString(element)]);
      }
      const sizeType = checkExpression(ctx, decl.size);
      if (sizeType.kind !== 'unknown' && ctx.result.constants.get(decl.size) === undefined) {
        ctx.report(CheckDiagnostics.ValueSetSize, decl.size.span, [decl.name.name]);
      }
      const symbol = { kind: 'value_set' as const, name: decl.name.name, decl, type: { kind: 'set' as const, element, decl } };
      ctx.result.declarations.set(decl, symbol);
      declareSymbol(ctx, symbol, decl.name);
      return;
    }
  }
}

export function checkConstantDeclaration(ctx: CheckContext, decl: ConstantDeclaration): void {
  const type = resolveType(ctx, decl.type);
  const valueType = checkExpression(ctx, decl.value);
  let value = undefined;
  if (type.kind === 'extern' || type.kind === 'parser' || type.kind === 'control' || type.kind === 'package') {
    ctx.report(CheckDiagnostics.IllegalConstantType, decl.name.span, [decl.name.name, typeToString(type)]);
  } else if (type.kind !== 'unknown' && valueType.kind !== 'unknown') {
    if (!convertExpression(ctx, decl.value, valueType, type)) {
      ctx.report(CheckDiagnostics.TypeMismatch, decl.value.span, [printExpression(decl.value), typeToString(valueType), typeToString(type)]);
    } else {
      value = convertedConstant(ctx, decl.value);
      if (value === undefined) ctx.report(CheckDiagnostics.NotCompileTimeConstant, decl.value.span, [printExpression(decl.value)]);
    }
  }
  // Without a value an error has been reported: uses of the constant are of unknown type, so
  // they do not repeat it.
  const symbol = { kind: 'constant' as const, name: decl.name.name, decl, type: value === undefined ? UNKNOWN : type, value };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

export function checkVariableDeclaration(ctx: CheckContext, decl: VariableDeclaration): void {
  // The grammar has no variable declarations at the top level (spec 6.x, `declaration`).
  if (ctx.body.kind === 'toplevel') ctx.report(CheckDiagnostics.TopLevelVariable, decl.name.span, [decl.name.name]);
  const type = resolveType(ctx, decl.type);
  switch (type.kind) {
    case 'int':
    case 'string':
    case 'void':
    case 'match_kind':
      ctx.report(CheckDiagnostics.IllegalVariableType, decl.name.span, [decl.name.name, typeToString(type)]);
      break;
    case 'parser':
    case 'control':
    case 'package':
    case 'extern':
      ctx.report(CheckDiagnostics.VariableOfBlockType, decl.name.span, [decl.name.name, `${type.kind} ${type.name}`]);
      break;
    default:
      break;
  }
  if (decl.initializer !== undefined) {
    const t = checkExpression(ctx, decl.initializer);
    if (t.kind !== 'unknown' && type.kind !== 'unknown' && !convertExpression(ctx, decl.initializer, t, type)) {
      ctx.report(CheckDiagnostics.TypeMismatch, decl.initializer.span, [printExpression(decl.initializer), typeToString(t), typeToString(type)]);
    }
  }
  const symbol = { kind: 'variable' as const, name: decl.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

export function checkInstantiation(ctx: CheckContext, decl: Instantiation): void {
  const type = checkInstantiationType(ctx, decl);
  const symbol = { kind: 'instance' as const, name: decl.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

function isBaseTypeForNewType(t: Type): boolean {
  return t.kind === 'bits' || t.kind === 'bool' || t.kind === 'newtype' || t.kind === 'unknown' || t.kind === 'int' ||
    t.kind === 'string';
}

function checkTypedef(ctx: CheckContext, decl: TypedefDeclaration): void {
  let underlying: Type;
  const inner = decl.type;
  switch (inner.kind) {
    case 'HeaderDeclaration':
    case 'HeaderUnionDeclaration':
    case 'StructDeclaration':
      underlying = checkStructLike(ctx, inner);
      break;
    case 'EnumDeclaration':
      underlying = checkEnum(ctx, inner);
      break;
    default:
      underlying = resolveType(ctx, inner);
  }
  let type: Type = underlying;
  if (decl.isNewType) {
    if (!isBaseTypeForNewType(underlying)) {
      ctx.report(CheckDiagnostics.IllegalNewType, decl.name.span, [decl.name.name]);
      type = UNKNOWN;
    } else {
      type = { kind: 'newtype', name: decl.name.name, decl, underlying };
    }
  }
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: [] };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

function checkStructLike(ctx: CheckContext, decl: HeaderDeclaration | HeaderUnionDeclaration | StructDeclaration): Type {
  const kind = decl.kind === 'HeaderDeclaration' ? 'header' : decl.kind === 'HeaderUnionDeclaration' ? 'header_union' : 'struct';
  const { fields, typeParameters } = ctx.inScope(`${kind} ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const fields: Field[] = [];
    const seen = new Set<string>();
    let varbitField: Ident | undefined;
    for (const f of decl.fields) {
      const t = resolveType(ctx, f.type);
      if (seen.has(f.name.name)) {
        ctx.report(CheckDiagnostics.DuplicateDeclaration, f.name.span, [f.name.name, f.name.name]);
        continue;
      }
      seen.add(f.name.name);
      checkFieldType(ctx, kind, decl.name.name, f.name, t);
      if (kind === 'header' && t.kind === 'varbit') {
        if (varbitField !== undefined) ctx.report(CheckDiagnostics.MultipleVarbits, varbitField.span, [`${varbitField.name} and ${f.name.name}`]);
        else varbitField = f.name;
      }
      fields.push({ name: f.name.name, type: t });
    }
    return { fields, typeParameters };
  });
  const type: StructLikeType = { kind, name: decl.name.name, decl, typeArgs: typeParameters, fields };
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
  return type;
}

function checkEnum(ctx: CheckContext, decl: EnumDeclaration): Type {
  let type: EnumType | SerializableEnumType;
  if (decl.underlyingType === undefined) {
    const seen = new Set<string>();
    for (const m of decl.members) {
      if (seen.has(m.name.name)) ctx.report(CheckDiagnostics.DuplicateDeclaration, m.name.span, [m.name.name, m.name.name]);
      seen.add(m.name.name);
    }
    type = { kind: 'enum', name: decl.name.name, decl, members: [...seen] };
  } else {
    const underlying = resolveType(ctx, decl.underlyingType);
    const members = new Map<string, bigint>();
    if (underlying.kind !== 'bits') {
      if (underlying.kind !== 'unknown') ctx.report(CheckDiagnostics.IllegalEnumType, decl.underlyingType.span, [typeToString(underlying)]);
    }
    const bitsType: FixedBitsType = underlying.kind === 'bits' ? underlying : { kind: 'bits', width: 32, signed: false };
    for (const m of decl.members) {
      let value = 0n;
      if (m.value !== undefined && underlying.kind === 'bits') {
        const t = checkExpression(ctx, m.value);
        if (t.kind !== 'unknown') {
          if (!convertExpression(ctx, m.value, t, bitsType)) {
            ctx.report(CheckDiagnostics.TypeMismatch, m.value.span, [printExpression(m.value), typeToString(t), typeToString(bitsType)]);
          } else {
            const v = convertedConstant(ctx, m.value);
            if (typeof v === 'bigint') value = wrapToType(v, bitsType);
            else ctx.report(CheckDiagnostics.NotConstant, m.value.span, [printExpression(m.value)]);
          }
        }
      }
      if (members.has(m.name.name)) ctx.report(CheckDiagnostics.DuplicateDeclaration, m.name.span, [m.name.name, m.name.name]);
      members.set(m.name.name, value);
    }
    type = { kind: 'serializable_enum', name: decl.name.name, decl, underlying: bitsType, members };
  }
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: [] };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
  return type;
}

/**
 * An extern's methods may not take or return the extern type itself (p4c: "Self-referencing
 * types not supported"); its constructors carry its name without referring to it as a type.
 */
function reportSelfReferences(ctx: CheckContext, decl: ExternObjectDeclaration): void {
  const name = decl.name.name;
  for (const m of decl.methods) {
    if (m.typeParameters.some((t) => t.name === name)) continue;
    forEachNode([m.returnType, m.parameters.map((p) => p.type)], (node) => {
      const kind = node['kind'];
      const path = kind === 'NamedTypeRef' ? (node as unknown as NamedTypeRef).name : kind === 'SpecializedTypeRef' ? (node as unknown as SpecializedTypeRef).base : undefined;
      if (path !== undefined && !path.global && path.name.name === name) {
        ctx.report(CheckDiagnostics.RecursiveType, path.span, [name, name], [{ message: 'the extern', site: decl.name.span }]);
      }
    });
  }
}

function checkExternObject(ctx: CheckContext, decl: ExternObjectDeclaration): void {
  const info = ctx.inScope(`extern ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const type: ExternType = { kind: 'extern', name: decl.name.name, decl, typeArgs: typeParameters };
    // The extern's own name is visible in its methods (constructors, `E<T> f()` results).
    ctx.scope.declare({ kind: 'type', name: decl.name.name, decl, type, typeParameters });
    reportSelfReferences(ctx, decl);
    const constructors: MethodSignature[] = [];
    const methods = new Map<string, MethodSignature[]>();
    const abstractMethods: MethodSignature[] = [];
    for (const m of decl.methods) {
      const isConstructor = m.isConstructor || (m.returnType === undefined && m.name.name === decl.name.name);
      if (isConstructor && m.name.name !== decl.name.name) {
        ctx.report(CheckDiagnostics.MethodWithoutReturnType, m.name.span, [m.name.name]);
        continue;
      }
      if (!isConstructor && m.name.name === decl.name.name) {
        ctx.report(CheckDiagnostics.ConstructorWithReturnType, m.name.span, [m.name.name]);
        continue;
      }
      if (m.returnType?.kind === 'IntTypeRef' && m.returnType.width === undefined) {
        ctx.report(CheckDiagnostics.IllegalReturnType, m.returnType.span, ['int']);
      }
      const signature = buildMethodSignature(ctx, m, 'extern');
      const entry = { method: m, signature: isConstructor ? { ...signature, returnType: type } : signature };
      if (isConstructor) {
        if (constructors.some((o) => o.signature.parameters.length === signature.parameters.length &&
            o.signature.parameters.every((p, i) => p.name === signature.parameters[i]!.name))) {
          ctx.report(CheckDiagnostics.DuplicateDeclaration, m.name.span, [m.name.name, m.name.name]);
        }
        constructors.push(entry);
        continue;
      }
      const list = methods.get(m.name.name) ?? [];
      if (list.some((o) => o.signature.parameters.length === signature.parameters.length &&
          o.signature.parameters.every((p, i) => p.name === signature.parameters[i]!.name))) {
        ctx.report(CheckDiagnostics.DuplicateDeclaration, m.name.span, [m.name.name, m.name.name]);
      }
      list.push(entry);
      methods.set(m.name.name, list);
      if (m.isAbstract) abstractMethods.push(entry);
    }
    const result: ExternInfo = { decl, type, typeParameters, constructors, methods, abstractMethods };
    return result;
  });
  ctx.externs.set(decl, info);
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type: info.type, typeParameters: info.typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

function checkExternFunction(ctx: CheckContext, decl: ExternFunctionDeclaration): void {
  const signature = buildMethodSignature(ctx, decl.prototype, 'extern');
  const type: FunctionType = { ...signature, decl };
  const symbol: FunctionSymbol = { kind: 'function', name: decl.prototype.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.prototype.name);
}

export function checkFunction(ctx: CheckContext, decl: FunctionDeclaration): FunctionType {
  const type = ctx.inScope(`function ${decl.prototype.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.prototype.typeParameters);
    const returnType = decl.prototype.returnType === undefined ? VOID : resolveType(ctx, decl.prototype.returnType);
    const parameters = buildParameters(ctx, decl.prototype.parameters, { declare: true, isConstructor: false, owner: 'function' });
    ctx.inBody({ kind: 'function', returnType, parser: undefined, table: undefined }, () => checkBlock(ctx, decl.body));
    if (returnType.kind !== 'void' && returnType.kind !== 'unknown' && !alwaysReturns(decl.body)) {
      ctx.report(CheckDiagnostics.FunctionMissingReturn, decl.prototype.name.span, [decl.prototype.name.name]);
    }
    const t: FunctionType = { kind: 'function', name: decl.prototype.name.name, decl, typeParameters, parameters, returnType };
    return t;
  });
  return type;
}

function checkTopLevelFunction(ctx: CheckContext, decl: FunctionDeclaration): void {
  const type = checkFunction(ctx, decl);
  const symbol: FunctionSymbol = { kind: 'function', name: decl.prototype.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.prototype.name);
}
export { checkTopLevelFunction };

export function checkAction(ctx: CheckContext, decl: ActionDeclaration): void {
  const type = ctx.inScope(`action ${decl.name.name}`, () => {
    const parameters = buildParameters(ctx, decl.parameters, { declare: true, isConstructor: false, owner: 'action' });
    ctx.inBody({ kind: 'action', returnType: VOID, parser: undefined, table: undefined }, () => checkBlock(ctx, decl.body));
    const t: ActionType = { kind: 'action', name: decl.name.name, decl, parameters };
    return t;
  });
  const symbol = { kind: 'action' as const, name: decl.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}

function checkPackageType(ctx: CheckContext, decl: PackageTypeDeclaration): void {
  const type = ctx.inScope(`package ${decl.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, decl.typeParameters);
    const parameters = buildParameters(ctx, decl.parameters, { declare: true, isConstructor: true, owner: 'package' });
    const t: PackageType = { kind: 'package', name: decl.name.name, decl, typeParameters, typeArgs: typeParameters, parameters };
    return t;
  });
  const symbol = { kind: 'type' as const, name: decl.name.name, decl, type, typeParameters: type.typeParameters };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
}
