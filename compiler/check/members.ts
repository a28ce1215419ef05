/**
 * `object.member`: fields, enum/error members, header stack properties, and the methods that can
 * be called on a value (built-in ones and extern methods).
 */
import type { Expression, Ident, MemberExpression, TypeMemberExpression } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import type { BuiltinMethodName, MemberResolution } from './checked-program.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkExpressionOrType } from './expressions.ts';
import type { MethodSignature } from './signatures.ts';
import {
  BOOL,
  ERROR,
  INT,
  UNKNOWN,
  VOID,
  bits,
  fieldOf,
  substitute,
  typeToString,
  type BlockType,
  type ExternType,
  type FunctionType,
  type TableType,
  type Type,
} from './types.ts';

/** Methods that a member expression denotes, for call resolution. */
export type MethodCandidates =
  | { readonly kind: 'extern_method'; readonly object: Expression; readonly externType: ExternType; readonly overloads: readonly MethodSignature[] }
  | { readonly kind: 'builtin_method'; readonly object: Expression; readonly name: BuiltinMethodName; readonly signature: FunctionType }
  | { readonly kind: 'table_apply'; readonly object: Expression; readonly table: TableType }
  | { readonly kind: 'block_apply'; readonly object: Expression; readonly block: BlockType };

export interface MemberInfo {
  readonly type: Type;
  readonly methods: MethodCandidates | undefined;
}

const memberInfos = new WeakMap<MemberExpression, MemberInfo>();

function builtinSignature(name: string, returnType: Type, params: readonly { name: string; type: Type }[] = []): FunctionType {
  return {
    kind: 'function',
    name,
    decl: undefined,
    typeParameters: [],
    parameters: params.map((p) => ({ name: p.name, direction: 'in', type: p.type, hasDefault: false, decl: undefined })),
    returnType,
  };
}

const SIZE_METHODS = new Set(['minSizeInBits', 'minSizeInBytes', 'maxSizeInBits', 'maxSizeInBytes']);

function record(ctx: CheckContext, expr: MemberExpression | TypeMemberExpression, resolution: MemberResolution): void {
  ctx.result.members.set(expr, resolution);
}

function noMember(ctx: CheckContext, expr: MemberExpression | TypeMemberExpression, objectType: Type): MemberInfo {
  const objectText = expr.kind === 'MemberExpression' ? printExpression(expr.object) : typeToString(objectType);
  if (objectType.kind === 'header' || objectType.kind === 'struct' || objectType.kind === 'header_union') {
    ctx.report(CheckDiagnostics.NoSuchField, expr.member.span, [expr.member.name, `${objectType.kind === 'header_union' ? 'header_union' : objectType.kind} ${objectType.name}`]);
  } else {
    ctx.report(CheckDiagnostics.NoSuchMember, expr.member.span, [`${objectText}.${expr.member.name}`, typeToString(objectType)]);
  }
  return { type: UNKNOWN, methods: undefined };
}

function builtinMethod(ctx: CheckContext, expr: MemberExpression, name: BuiltinMethodName, signature: FunctionType): MemberInfo {
  record(ctx, expr, { kind: 'method', name });
  return { type: signature, methods: { kind: 'builtin_method', object: expr.object, name, signature } };
}

export function resolveMember(ctx: CheckContext, expr: MemberExpression): MemberInfo {
  const cached = memberInfos.get(expr);
  if (cached !== undefined) return cached;
  const info = resolveMemberUncached(ctx, expr);
  memberInfos.set(expr, info);
  return info;
}

function resolveMemberUncached(ctx: CheckContext, expr: MemberExpression): MemberInfo {
  const objectType = checkExpressionOrType(ctx, expr.object);
  const name = expr.member.name;
  switch (objectType.kind) {
    case 'unknown':
      return { type: UNKNOWN, methods: undefined };
    case 'type_name': {
      const inner = objectType.type;
      // Direct application of a parser/control without constructor parameters: `C.apply(...)`.
      if ((inner.kind === 'parser' || inner.kind === 'control') && name === 'apply' &&
          (inner.decl.kind === 'ParserDeclaration' || inner.decl.kind === 'ControlDeclaration')) {
        record(ctx, expr, { kind: 'method', name });
        const signature: FunctionType = {
          kind: 'function', name: 'apply', decl: undefined, typeParameters: [], parameters: inner.parameters, returnType: VOID,
        };
        return { type: signature, methods: { kind: 'block_apply', object: expr.object, block: inner } };
      }
      return { type: typeMember(ctx, expr, inner, expr.member), methods: undefined };
    }
    case 'header':
    case 'header_union':
    case 'struct':
    case 'anonymous_struct': {
      const field = fieldOf(objectType, name);
      if (field !== undefined) {
        record(ctx, expr, { kind: 'field', field });
        const value = ctx.result.constants.get(expr.object);
        if (typeof value === 'object' && value.kind === 'struct') {
          const v = value.fields.get(name);
          if (v !== undefined) ctx.result.constants.set(expr, v);
        }
        return { type: field.type, methods: undefined };
      }
      if (objectType.kind === 'header' || objectType.kind === 'header_union') {
        if (name === 'isValid') return builtinMethod(ctx, expr, 'isValid', builtinSignature(name, BOOL));
        if (objectType.kind === 'header' && (name === 'setValid' || name === 'setInvalid')) {
          return builtinMethod(ctx, expr, name, builtinSignature(name, VOID));
        }
      }
      if (SIZE_METHODS.has(name)) return builtinMethod(ctx, expr, name as BuiltinMethodName, builtinSignature(name, INT));
      return noMember(ctx, expr, objectType);
    }
    case 'stack': {
      switch (name) {
        case 'size':
          record(ctx, expr, { kind: 'stack_property', name, stack: objectType });
          ctx.result.constants.set(expr, BigInt(objectType.size));
          return { type: bits(32), methods: undefined };
        case 'lastIndex':
        case 'nextIndex':
          if (ctx.body.kind !== 'parser') ctx.report(CheckDiagnostics.StackPropertyOutsideParser, expr.span, [printExpression(expr), name]);
          record(ctx, expr, { kind: 'stack_property', name, stack: objectType });
          return { type: bits(32), methods: undefined };
        case 'next':
        case 'last':
          if (ctx.body.kind !== 'parser') ctx.report(CheckDiagnostics.StackPropertyOutsideParser, expr.span, [printExpression(expr), name]);
          record(ctx, expr, { kind: 'stack_property', name, stack: objectType });
          return { type: objectType.element, methods: undefined };
        case 'push_front':
        case 'pop_front':
          return builtinMethod(ctx, expr, name, builtinSignature(name, VOID, [{ name: 'count', type: INT }]));
        default:
          if (SIZE_METHODS.has(name)) return builtinMethod(ctx, expr, name as BuiltinMethodName, builtinSignature(name, INT));
          return noMember(ctx, expr, objectType);
      }
    }
    case 'table':
      if (name === 'apply') {
        record(ctx, expr, { kind: 'method', name });
        const signature = builtinSignature('apply', { kind: 'table_result', table: objectType });
        return { type: signature, methods: { kind: 'table_apply', object: expr.object, table: objectType } };
      }
      return noMember(ctx, expr, objectType);
    case 'table_result':
      if (name === 'hit' || name === 'miss') {
        record(ctx, expr, { kind: 'table_result', name });
        return { type: BOOL, methods: undefined };
      }
      if (name === 'action_run') {
        record(ctx, expr, { kind: 'table_result', name });
        if (!ctx.allowActionRun) {
          ctx.report(CheckDiagnostics.ActionRunOutsideSwitch, expr.span, [printExpression(expr)]);
          return { type: UNKNOWN, methods: undefined };
        }
        return { type: { kind: 'action_run', table: objectType.table }, methods: undefined };
      }
      return noMember(ctx, expr, objectType);
    case 'parser':
    case 'control':
      if (name === 'apply') {
        record(ctx, expr, { kind: 'method', name });
        const signature: FunctionType = {
          kind: 'function', name: 'apply', decl: undefined, typeParameters: [], parameters: objectType.parameters, returnType: VOID,
        };
        return { type: signature, methods: { kind: 'block_apply', object: expr.object, block: objectType } };
      }
      return noMember(ctx, expr, objectType);
    case 'extern': {
      const info = ctx.externs.get(objectType.decl);
      const overloads = info?.methods.get(name);
      if (info === undefined || overloads === undefined || overloads.length === 0) {
        if (SIZE_METHODS.has(name)) break;
        ctx.report(CheckDiagnostics.NoSuchMethod, expr.member.span, [printExpression(expr), objectType.name]);
        return { type: UNKNOWN, methods: undefined };
      }
      const bindings = new Map<number, Type>();
      info.typeParameters.forEach((tv, i) => {
        const arg = objectType.typeArgs[i];
        if (arg !== undefined && !(arg.kind === 'typevar' && arg.id === tv.id)) bindings.set(tv.id, arg);
      });
      const specialized = overloads.map((o) => ({ method: o.method, signature: substitute(o.signature, bindings) as FunctionType }));
      record(ctx, expr, { kind: 'method', name });
      return { type: specialized[0]!.signature, methods: { kind: 'extern_method', object: expr.object, externType: objectType, overloads: specialized } };
    }
    default:
      break;
  }
  if (SIZE_METHODS.has(name)) return builtinMethod(ctx, expr, name as BuiltinMethodName, builtinSignature(name, INT));
  return noMember(ctx, expr, objectType);
}

/** A member of a type: `E.A`, `error.X`, `H.minSizeInBits`. */
export function typeMember(ctx: CheckContext, expr: MemberExpression | TypeMemberExpression, type: Type, member: Ident): Type {
  switch (type.kind) {
    case 'unknown':
      return UNKNOWN;
    case 'error':
      if (!ctx.errorMembers.has(member.name)) {
        ctx.report(CheckDiagnostics.DeclarationNotFound, member.span, [`error.${member.name}`]);
        return UNKNOWN;
      }
      record(ctx, expr, { kind: 'error_member', member: member.name });
      ctx.result.constants.set(expr, { kind: 'error_member', member: member.name });
      return ERROR;
    case 'enum':
      if (!type.members.includes(member.name)) break;
      record(ctx, expr, { kind: 'enum_member', member: member.name });
      ctx.result.constants.set(expr, { kind: 'enum_member', type, member: member.name, value: undefined });
      return type;
    case 'serializable_enum': {
      const value = type.members.get(member.name);
      if (value === undefined) break;
      record(ctx, expr, { kind: 'enum_member', member: member.name });
      ctx.result.constants.set(expr, { kind: 'enum_member', type, member: member.name, value });
      return type;
    }
    default:
      break;
  }
  const typeName = 'name' in type && typeof type.name === 'string' ? type.name : typeToString(type);
  ctx.report(CheckDiagnostics.NoSuchMember, member.span, [`${typeName}.${member.name}`, typeToString(type)]);
  return UNKNOWN;
}
