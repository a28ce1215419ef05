/**
 * Parameter lists and callable signatures: resolving parameter types, the direction rules, and the
 * method tables of extern objects.
 */
import type { ExternObjectDeclaration, MethodPrototype, Parameter } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { convertExpression } from './casts.ts';
import { isCompileTimeKnown } from './calls.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { checkExpression } from './expressions.ts';
import { declareTypeParameters, resolveType } from './resolve-types.ts';
import {
  VOID,
  typeToString,
  type ExternType,
  type FunctionType,
  type ParameterInfo,
  type Type,
  type TypeVariable,
} from './types.ts';

export interface ParameterOptions {
  /** Declare the parameters in the current scope (false for prototypes). */
  readonly declare: boolean;
  readonly isConstructor: boolean;
  /** Where the parameters belong, for rules that differ (actions reject `int`...). */
  readonly owner: 'action' | 'function' | 'extern' | 'block' | 'package' | 'constructor';
}

export function hasAnnotation(node: { readonly annotations: readonly { readonly name: { readonly name: string } }[] }, name: string): boolean {
  return node.annotations.some((a) => a.name.name === name);
}

/** Resolves a parameter list (and optionally declares the parameters). */
export function buildParameters(ctx: CheckContext, params: readonly Parameter[], options: ParameterOptions): ParameterInfo[] {
  const result: ParameterInfo[] = [];
  const seen = new Set<string>();
  let sawDirectionless = false;
  for (const p of params) {
    const type = resolveType(ctx, p.type);
    checkParameterType(ctx, p, type, options);
    if (options.owner === 'action') {
      if (p.direction === 'none') sawDirectionless = true;
      else if (sawDirectionless) ctx.report(CheckDiagnostics.DirectionlessActionParameterOrder, p.name.span, [p.name.name]);
    }
    let hasDefault = false;
    if (p.defaultValue !== undefined) {
      hasDefault = true;
      if (p.direction === 'out' || p.direction === 'inout') {
        ctx.report(CheckDiagnostics.DefaultForOutParameter, p.name.span, [p.name.name]);
      }
      const valueType = checkExpression(ctx, p.defaultValue);
      if (!convertExpression(ctx, p.defaultValue, valueType, type)) {
        ctx.report(CheckDiagnostics.TypeMismatch, p.defaultValue.span, [printExpression(p.defaultValue), typeToString(valueType), typeToString(type)]);
      } else if (valueType.kind !== 'unknown' && !isCompileTimeKnown(ctx, p.defaultValue)) {
        // A default value stands in for an argument at every call: it must be known at compile time.
        ctx.report(CheckDiagnostics.NotCompileTimeConstant, p.defaultValue.span, [printExpression(p.defaultValue)]);
      }
    } else if (hasAnnotation(p, 'optional')) {
      hasDefault = true;
    }
    const info: ParameterInfo = { name: p.name.name, direction: p.direction, type, hasDefault, decl: p };
    result.push(info);
    if (seen.has(p.name.name)) {
      ctx.report(CheckDiagnostics.DuplicateDeclaration, p.name.span, [p.name.name, p.name.name]);
      continue;
    }
    seen.add(p.name.name);
    if (options.declare) {
      const symbol = {
        kind: 'parameter' as const,
        name: p.name.name,
        decl: p,
        type,
        direction: p.direction,
        isConstructorParameter: options.isConstructor,
      };
      const clash = ctx.scope.declare(symbol);
      if (clash !== undefined) ctx.report(CheckDiagnostics.DuplicateDeclaration, p.name.span, [p.name.name, p.name.name]);
      ctx.result.declarations.set(p, symbol);
    }
  }
  return result;
}

function checkParameterType(ctx: CheckContext, p: Parameter, type: Type, options: ParameterOptions): void {
  const directional = p.direction !== 'none';
  switch (type.kind) {
    case 'int':
      if (options.owner === 'action') ctx.report(CheckDiagnostics.ActionIntParameter, p.name.span, [p.name.name]);
      else if (directional && p.direction !== 'in') ctx.report(CheckDiagnostics.IllegalDirectionlessInt, p.name.span, [p.name.name]);
      break;
    case 'string':
      if (directional) ctx.report(CheckDiagnostics.IllegalParameterType, p.name.span, [p.name.name, 'string']);
      break;
    case 'extern':
      if (directional) ctx.report(CheckDiagnostics.IllegalParameterType, p.name.span, [p.name.name, typeToString(type)]);
      else if (options.owner === 'action') ctx.report(CheckDiagnostics.ActionExternParameter, p.type.span, [typeToString(type)]);
      break;
    case 'parser':
    case 'control':
    case 'package':
      if (directional) ctx.report(CheckDiagnostics.IllegalParameterType, p.name.span, [p.name.name, typeToString(type)]);
      else if ((options.owner !== 'package' && options.owner !== 'constructor') ||
          (type.kind !== 'package' && (type.decl.kind === 'ParserDeclaration' || type.decl.kind === 'ControlDeclaration'))) {
        ctx.report(CheckDiagnostics.BlockTypedParameter, p.name.span, [p.name.name, `${type.kind} ${type.name}`]);
      }
      break;
    case 'void':
      ctx.report(CheckDiagnostics.IllegalParameterType, p.name.span, [p.name.name, 'void']);
      break;
    case 'struct':
    case 'header':
    case 'header_union':
    case 'stack':
    case 'tuple':
    case 'varbit':
    case 'error':
    case 'enum':
      break;
    default:
      break;
  }
  if (hasAnnotation(p, 'optional') && options.owner !== 'extern' && options.owner !== 'package') {
    ctx.report(CheckDiagnostics.OptionalNotAllowed, p.name.span, [p.name.name]);
  }
}

/** A method with its signature (type parameters of the method itself are type variables). */
export interface MethodSignature {
  readonly method: MethodPrototype;
  readonly signature: FunctionType;
}

/** An extern object's constructors and methods, in terms of its own type variables. */
export interface ExternInfo {
  readonly decl: ExternObjectDeclaration;
  readonly type: ExternType;
  readonly typeParameters: readonly TypeVariable[];
  readonly constructors: readonly MethodSignature[];
  readonly methods: ReadonlyMap<string, readonly MethodSignature[]>;
  readonly abstractMethods: readonly MethodSignature[];
}

/** Builds the signature of a prototype in a scope where its type parameters are declared. */
export function buildMethodSignature(ctx: CheckContext, method: MethodPrototype, owner: ParameterOptions['owner']): FunctionType {
  return ctx.inScope(`method ${method.name.name}`, () => {
    const typeParameters = declareTypeParameters(ctx, method.typeParameters);
    const returnType = method.returnType === undefined ? VOID : resolveType(ctx, method.returnType);
    if (returnType.kind === 'int' && owner === 'extern' && !method.isAbstract) {
      // p4c rejects `int` results of extern methods, but accepts them for functions; keep quiet.
    }
    const parameters = buildParameters(ctx, method.parameters, { declare: true, isConstructor: false, owner });
    return { kind: 'function', name: method.name.name, decl: method, typeParameters, parameters, returnType };
  });
}
