/**
 * Semantic types of P4-16, as the checker computes them from written `TypeRef`s and expressions.
 *
 * Types are plain kind-tagged objects. Named types (headers, structs, enums, externs, parsers...)
 * keep a reference to their declaration node, which is their identity: two struct types are the
 * same type exactly when they come from the same declaration (with the same type arguments, for
 * generic ones). `typedef` is transparent and never appears here; `type` (a new type) does.
 * Widths are resolved to numbers.
 */
import type {
  ActionDeclaration,
  ControlDeclaration,
  ControlTypeDeclaration,
  Direction,
  EnumDeclaration,
  ExternObjectDeclaration,
  FunctionDeclaration,
  ExternFunctionDeclaration,
  HeaderDeclaration,
  HeaderUnionDeclaration,
  MethodPrototype,
  PackageTypeDeclaration,
  Parameter,
  ParserDeclaration,
  ParserTypeDeclaration,
  StructDeclaration,
  TableDeclaration,
  TypedefDeclaration,
  ValueSetDeclaration,
} from '../ast/nodes.ts';

/** `bit<W>` (signed false) and `int<W>` (signed true). */
export interface FixedBitsType { readonly kind: 'bits'; readonly width: number; readonly signed: boolean }
export interface VarbitType { readonly kind: 'varbit'; readonly maxWidth: number }
/** `int`: arbitrary precision, compile-time only (integer literals without width). */
export interface InfIntType { readonly kind: 'int' }
export interface BoolType { readonly kind: 'bool' }
export interface StringType { readonly kind: 'string' }
export interface ErrorType { readonly kind: 'error' }
export interface MatchKindType { readonly kind: 'match_kind' }
export interface VoidType { readonly kind: 'void' }

export interface Field { readonly name: string; readonly type: Type }

/** A header, header union or struct (possibly a generic one specialized with `typeArgs`). */
export interface StructLikeType {
  readonly kind: 'header' | 'header_union' | 'struct';
  readonly name: string;
  readonly decl: HeaderDeclaration | HeaderUnionDeclaration | StructDeclaration;
  readonly typeArgs: readonly Type[];
  readonly fields: readonly Field[];
}

/** The type of an untyped `{ f = e, ... }` expression before it is converted to a struct/header. */
export interface AnonymousStructType { readonly kind: 'anonymous_struct'; readonly fields: readonly Field[] }

export interface EnumType {
  readonly kind: 'enum';
  readonly name: string;
  readonly decl: EnumDeclaration;
  readonly members: readonly string[];
}

/** `enum bit<8> E { A = 1 }`: `members` maps each member to its (wrapped) value. */
export interface SerializableEnumType {
  readonly kind: 'serializable_enum';
  readonly name: string;
  readonly decl: EnumDeclaration;
  readonly underlying: FixedBitsType;
  readonly members: ReadonlyMap<string, bigint>;
}

/** `T[N]`: header stack (or array of structs / unions). */
export interface StackType { readonly kind: 'stack'; readonly element: Type; readonly size: number }
export interface TupleType { readonly kind: 'tuple'; readonly elements: readonly Type[] }
/** `list<T>`; also the type of a `{...}` expression whose items share one type when needed. */
export interface ListType { readonly kind: 'list'; readonly element: Type }

/** `type T N;`: a distinct type with the representation of `underlying`. */
export interface NewType { readonly kind: 'newtype'; readonly name: string; readonly decl: TypedefDeclaration; readonly underlying: Type }

/** An extern object type, with its type arguments (type variables until specialized). */
export interface ExternType {
  readonly kind: 'extern';
  readonly name: string;
  readonly decl: ExternObjectDeclaration;
  readonly typeArgs: readonly Type[];
}

/** A parameter of a callable (parser/control apply, package, action, function, method). */
export interface ParameterInfo {
  readonly name: string;
  readonly direction: Direction;
  readonly type: Type;
  readonly hasDefault: boolean;
  /** Undefined for the parameters of built-in methods. */
  readonly decl: Parameter | undefined;
}

/**
 * A parser or control, either a type declaration (`parser P<H>(...)`) or an implementation
 * (`parser P(...)(ctor) {...}`). `typeArgs` are filled when a generic type is specialized.
 */
export interface BlockType {
  readonly kind: 'parser' | 'control';
  readonly name: string;
  readonly decl: ParserDeclaration | ParserTypeDeclaration | ControlDeclaration | ControlTypeDeclaration;
  readonly typeParameters: readonly TypeVariable[];
  readonly typeArgs: readonly Type[];
  /** The `apply` parameters (substituted with typeArgs). */
  readonly parameters: readonly ParameterInfo[];
  readonly constructorParameters: readonly ParameterInfo[];
}

export interface PackageType {
  readonly kind: 'package';
  readonly name: string;
  readonly decl: PackageTypeDeclaration;
  readonly typeParameters: readonly TypeVariable[];
  readonly typeArgs: readonly Type[];
  readonly parameters: readonly ParameterInfo[];
}

export interface ActionType {
  readonly kind: 'action';
  readonly name: string;
  readonly decl: ActionDeclaration;
  readonly parameters: readonly ParameterInfo[];
}

/** Functions, extern functions, and extern methods (`owner` set for methods). */
export interface FunctionType {
  readonly kind: 'function';
  readonly name: string;
  /** Undefined for built-in methods (`isValid`, `push_front`, `apply`...). */
  readonly decl: FunctionDeclaration | ExternFunctionDeclaration | MethodPrototype | undefined;
  readonly typeParameters: readonly TypeVariable[];
  readonly parameters: readonly ParameterInfo[];
  readonly returnType: Type;
}

export interface TableType { readonly kind: 'table'; readonly name: string; readonly decl: TableDeclaration }
/** The result of `t.apply()`: a struct with `hit`, `miss` and `action_run`. */
export interface TableResultType { readonly kind: 'table_result'; readonly table: TableType }
/** The type of `t.apply().action_run`: an enum whose members are the table's actions. */
export interface ActionRunType { readonly kind: 'action_run'; readonly table: TableType }

/** A type parameter (`T` of `extern E<T>`, `H` of `parser P<H>`). Identity by `id`. */
export interface TypeVariable { readonly kind: 'typevar'; readonly name: string; readonly id: number }

/** `value_set<T>(N)` and keyset expressions: a set of `element` values. */
export interface SetType { readonly kind: 'set'; readonly element: Type; readonly decl?: ValueSetDeclaration }

/** A type used where a value may appear: `E` of `E.A`, `H` of `H.minSizeInBits()`, constructors. */
export interface TypeNameType { readonly kind: 'type_name'; readonly type: Type }

/** The type of `{#}`: converts to any header or header union. */
export interface InvalidHeaderValueType { readonly kind: 'invalid_header' }
/** `_` as an expression or type argument. */
export interface DontCareType { readonly kind: 'dontcare' }
/** A parser state name. */
export interface StateType { readonly kind: 'state' }
/** Result of an erroneous expression: compatible with everything, so errors do not cascade. */
export interface UnknownType { readonly kind: 'unknown' }

export type Type =
  | FixedBitsType
  | VarbitType
  | InfIntType
  | BoolType
  | StringType
  | ErrorType
  | MatchKindType
  | VoidType
  | StructLikeType
  | AnonymousStructType
  | EnumType
  | SerializableEnumType
  | StackType
  | TupleType
  | ListType
  | NewType
  | ExternType
  | BlockType
  | PackageType
  | ActionType
  | FunctionType
  | TableType
  | TableResultType
  | ActionRunType
  | TypeVariable
  | SetType
  | TypeNameType
  | InvalidHeaderValueType
  | DontCareType
  | StateType
  | UnknownType;

export const INT: InfIntType = { kind: 'int' };
export const BOOL: BoolType = { kind: 'bool' };
export const STRING: StringType = { kind: 'string' };
export const ERROR: ErrorType = { kind: 'error' };
export const MATCH_KIND: MatchKindType = { kind: 'match_kind' };
export const VOID: VoidType = { kind: 'void' };
export const UNKNOWN: UnknownType = { kind: 'unknown' };
export const DONTCARE: DontCareType = { kind: 'dontcare' };
export const INVALID_HEADER: InvalidHeaderValueType = { kind: 'invalid_header' };
export const STATE: StateType = { kind: 'state' };

const bitsCache = new Map<number, FixedBitsType>();
const intsCache = new Map<number, FixedBitsType>();

export function bits(width: number, signed = false): FixedBitsType {
  const cache = signed ? intsCache : bitsCache;
  let t = cache.get(width);
  if (t === undefined) {
    t = { kind: 'bits', width, signed };
    cache.set(width, t);
  }
  return t;
}

let nextTypeVariableId = 1;
export function freshTypeVariable(name: string): TypeVariable {
  return { kind: 'typevar', name, id: nextTypeVariableId++ };
}

/** Printed the way p4c prints types in messages: `bit<8>`, `header H`, `struct S`, `tuple<...>`. */
export function typeToString(type: Type): string {
  switch (type.kind) {
    case 'bits': return `${type.signed ? 'int' : 'bit'}<${type.width}>`;
    case 'varbit': return `varbit<${type.maxWidth}>`;
    case 'int': return 'int';
    case 'bool': return 'bool';
    case 'string': return 'string';
    case 'error': return 'error';
    case 'match_kind': return 'match_kind';
    case 'void': return 'void';
    case 'header':
    case 'struct':
    case 'header_union': {
      const keyword = type.kind === 'header_union' ? 'header_union' : type.kind;
      const args = type.typeArgs.length > 0 ? `<${type.typeArgs.map(typeToString).join(', ')}>` : '';
      return `${keyword} ${type.name}${args}`;
    }
    case 'anonymous_struct': return `struct { ${type.fields.map((f) => `${typeToString(f.type)} ${f.name};`).join(' ')} }`;
    case 'enum': return `enum ${type.name}`;
    case 'serializable_enum': return `enum ${typeToString(type.underlying)} ${type.name}`;
    case 'stack': return `${typeToString(type.element)}[${type.size}]`;
    case 'tuple': return `tuple<${type.elements.map(typeToString).join(', ')}>`;
    case 'list': return `list<${typeToString(type.element)}>`;
    case 'newtype': return type.name;
    case 'extern':
      return type.typeArgs.length > 0 ? `${type.name}<${type.typeArgs.map(typeToString).join(', ')}>` : type.name;
    case 'parser':
    case 'control':
    case 'package':
      return type.typeArgs.length > 0 ? `${type.name}<${type.typeArgs.map(typeToString).join(', ')}>` : type.name;
    case 'action': return `action ${type.name}`;
    case 'function': return `${typeToString(type.returnType)} ${type.name}(...)`;
    case 'table': return `table ${type.name}`;
    case 'table_result': return `struct apply_result_${type.table.name}`;
    case 'action_run': return `enum action_list_${type.table.name}`;
    case 'typevar': return type.name;
    case 'set': return `set<${typeToString(type.element)}>`;
    case 'type_name': return typeToString(type.type);
    case 'invalid_header': return 'invalid header';
    case 'dontcare': return '_';
    case 'state': return 'state';
    case 'unknown': return '<unknown>';
  }
}

/** Structural identity of types (declarations compared by identity, type variables by id). */
export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'bits': return b.kind === 'bits' && a.width === b.width && a.signed === b.signed;
    case 'varbit': return b.kind === 'varbit' && a.maxWidth === b.maxWidth;
    case 'int':
    case 'bool':
    case 'string':
    case 'error':
    case 'match_kind':
    case 'void':
    case 'invalid_header':
    case 'dontcare':
    case 'state':
    case 'unknown':
      return a.kind === b.kind;
    case 'header':
    case 'struct':
    case 'header_union':
      return b.kind === a.kind && a.decl === b.decl && sameTypeList(a.typeArgs, b.typeArgs);
    case 'anonymous_struct':
      return b.kind === 'anonymous_struct' && a.fields.length === b.fields.length &&
        a.fields.every((f, i) => f.name === b.fields[i]!.name && sameType(f.type, b.fields[i]!.type));
    case 'enum':
    case 'serializable_enum':
      return b.kind === a.kind && a.decl === b.decl;
    case 'stack': return b.kind === 'stack' && a.size === b.size && sameType(a.element, b.element);
    case 'tuple': return b.kind === 'tuple' && sameTypeList(a.elements, b.elements);
    case 'list': return b.kind === 'list' && sameType(a.element, b.element);
    case 'newtype': return b.kind === 'newtype' && a.decl === b.decl;
    case 'extern': return b.kind === 'extern' && a.decl === b.decl && sameTypeList(a.typeArgs, b.typeArgs);
    case 'parser':
    case 'control':
    case 'package':
      return b.kind === a.kind && a.decl === b.decl && sameTypeList(a.typeArgs, b.typeArgs);
    case 'action': return b.kind === 'action' && a.decl === b.decl;
    case 'function': return b.kind === 'function' && a.decl === b.decl;
    case 'table': return b.kind === 'table' && a.decl === b.decl;
    case 'table_result': return b.kind === 'table_result' && a.table.decl === b.table.decl;
    case 'action_run': return b.kind === 'action_run' && a.table.decl === b.table.decl;
    case 'typevar': return b.kind === 'typevar' && a.id === b.id;
    case 'set': return b.kind === 'set' && sameType(a.element, b.element);
    case 'type_name': return b.kind === 'type_name' && sameType(a.type, b.type);
  }
}

function sameTypeList(a: readonly Type[], b: readonly Type[]): boolean {
  return a.length === b.length && a.every((t, i) => sameType(t, b[i]!));
}

export function isHeaderLike(t: Type): boolean {
  return t.kind === 'header' || t.kind === 'header_union';
}

/** `bit<W>`, `int<W>` or `int`. */
export function isNumeric(t: Type): boolean {
  return t.kind === 'bits' || t.kind === 'int';
}

/** Types whose values can be compared with `==` / `!=`. */
export function isEqualityComparable(t: Type): boolean {
  switch (t.kind) {
    case 'bits': case 'varbit': case 'int': case 'bool': case 'string': case 'error': case 'match_kind':
    case 'header': case 'header_union': case 'struct': case 'anonymous_struct': case 'enum': case 'serializable_enum':
    case 'stack': case 'tuple': case 'list': case 'newtype': case 'action_run': case 'typevar': case 'unknown':
    case 'invalid_header':
      return true;
    default:
      return false;
  }
}

/** A field of a header/struct/union (or anonymous struct) by name. */
export function fieldOf(t: Type, name: string): Field | undefined {
  if (t.kind === 'header' || t.kind === 'struct' || t.kind === 'header_union' || t.kind === 'anonymous_struct') {
    return t.fields.find((f) => f.name === name);
  }
  return undefined;
}

/** Replaces type variables by their bindings, recursively. */
export function substitute(type: Type, bindings: ReadonlyMap<number, Type>): Type {
  if (bindings.size === 0) return type;
  switch (type.kind) {
    case 'typevar': {
      const bound = bindings.get(type.id);
      return bound === undefined ? type : bound;
    }
    case 'header':
    case 'struct':
    case 'header_union':
      if (type.typeArgs.length === 0) return type;
      return {
        ...type,
        typeArgs: type.typeArgs.map((t) => substitute(t, bindings)),
        fields: type.fields.map((f) => ({ name: f.name, type: substitute(f.type, bindings) })),
      };
    case 'anonymous_struct':
      return { kind: 'anonymous_struct', fields: type.fields.map((f) => ({ name: f.name, type: substitute(f.type, bindings) })) };
    case 'stack': return { kind: 'stack', element: substitute(type.element, bindings), size: type.size };
    case 'tuple': return { kind: 'tuple', elements: type.elements.map((t) => substitute(t, bindings)) };
    case 'list': return { kind: 'list', element: substitute(type.element, bindings) };
    case 'set': return { ...type, element: substitute(type.element, bindings) };
    case 'extern':
      if (type.typeArgs.length === 0) return type;
      return { ...type, typeArgs: type.typeArgs.map((t) => substitute(t, bindings)) };
    case 'parser':
    case 'control':
      return {
        ...type,
        typeArgs: type.typeArgs.map((t) => substitute(t, bindings)),
        parameters: type.parameters.map((p) => substituteParameter(p, bindings)),
        constructorParameters: type.constructorParameters.map((p) => substituteParameter(p, bindings)),
      };
    case 'package':
      return {
        ...type,
        typeArgs: type.typeArgs.map((t) => substitute(t, bindings)),
        parameters: type.parameters.map((p) => substituteParameter(p, bindings)),
      };
    case 'function':
      return {
        ...type,
        parameters: type.parameters.map((p) => substituteParameter(p, bindings)),
        returnType: substitute(type.returnType, bindings),
      };
    case 'type_name': return { kind: 'type_name', type: substitute(type.type, bindings) };
    default:
      return type;
  }
}

export function substituteParameter(p: ParameterInfo, bindings: ReadonlyMap<number, Type>): ParameterInfo {
  return { ...p, type: substitute(p.type, bindings) };
}

/** Whether a type mentions a type variable not yet bound. */
export function hasTypeVariables(type: Type): boolean {
  switch (type.kind) {
    case 'typevar': return true;
    case 'header': case 'struct': case 'header_union': return type.typeArgs.some(hasTypeVariables);
    case 'stack': return hasTypeVariables(type.element);
    case 'tuple': return type.elements.some(hasTypeVariables);
    case 'list': return hasTypeVariables(type.element);
    case 'extern': case 'parser': case 'control': case 'package': return type.typeArgs.some(hasTypeVariables);
    default: return false;
  }
}

/**
 * Width in bits of a fixed-size serializable type (`bit<W>`, `bool` is 1, headers/structs sum of
 * fields, serializable enums their underlying type); `undefined` for types without one.
 * `varbit` fields count as 0 (min) or their max width (max).
 */
export function widthInBits(type: Type, useMaxForVarbit: boolean): number | undefined {
  switch (type.kind) {
    case 'bits': return type.width;
    case 'bool': return 1;
    case 'varbit': return useMaxForVarbit ? type.maxWidth : 0;
    case 'serializable_enum': return type.underlying.width;
    case 'newtype': return widthInBits(type.underlying, useMaxForVarbit);
    case 'header':
    case 'struct': {
      let sum = 0;
      for (const f of type.fields) {
        const w = widthInBits(f.type, useMaxForVarbit);
        if (w === undefined) return undefined;
        sum += w;
      }
      return sum;
    }
    case 'header_union': {
      let max = 0;
      for (const f of type.fields) {
        const w = widthInBits(f.type, useMaxForVarbit);
        if (w === undefined) return undefined;
        max = Math.max(max, w);
      }
      return max;
    }
    case 'stack': {
      const w = widthInBits(type.element, useMaxForVarbit);
      return w === undefined ? undefined : w * type.size;
    }
    case 'tuple': {
      let sum = 0;
      for (const e of type.elements) {
        const w = widthInBits(e, useMaxForVarbit);
        if (w === undefined) return undefined;
        sum += w;
      }
      return sum;
    }
    default:
      return undefined;
  }
}
