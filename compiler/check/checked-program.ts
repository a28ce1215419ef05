/**
 * The checker's result: the program plus side tables keyed by AST node identity. This is what
 * the IR lowering consumes. Every table only holds entries for nodes the checker could make sense
 * of; when `DiagnosticBag.hasErrors` is false after checking, all of the following hold:
 *
 * - every checked `Expression` has an entry in `types`;
 * - every `PathExpression`, `NamedTypeRef`, `SpecializedTypeRef` naming a declaration, every
 *   `ActionReference`, and every transition target (`DirectTransition`, `SelectCase`) has an entry
 *   in `names`;
 * - every `MemberExpression` / `TypeMemberExpression` has an entry in `members`;
 * - every `CallExpression` has an entry in `calls`; every `Instantiation` in `instances`;
 * - every `TypeRef` the checker resolved has an entry in `typeRefs`.
 */
import type {
  ActionDeclaration,
  ActionReference,
  Argument,
  CallExpression,
  ControlDeclaration,
  Declaration,
  EntriesProperty,
  Expression,
  Instantiation,
  KeyElement,
  MemberExpression,
  MethodPrototype,
  Node,
  Parameter,
  ParserDeclaration,
  ParserState,
  Program,
  TableDeclaration,
  TableEntry,
  TypeMemberExpression,
  TypeRef,
} from '../ast/nodes.ts';
import type { ActionSymbol, StateSymbol, Symbol } from './scope.ts';
import type {
  BlockType,
  ExternType,
  Field,
  FunctionType,
  PackageType,
  ParameterInfo,
  StackType,
  TableType,
  Type,
} from './types.ts';
import type { ConstValue } from './values.ts';

/** What `object.member` denotes. */
export type MemberResolution =
  /** A field of a header, struct, header union (or a `{...}` value). */
  | { readonly kind: 'field'; readonly field: Field }
  /** `stack.size`, `.lastIndex`, `.next`, `.last`, `.nextIndex` (`next`/`last` only in parsers). */
  | { readonly kind: 'stack_property'; readonly name: 'size' | 'lastIndex' | 'next' | 'last' | 'nextIndex'; readonly stack: StackType }
  | { readonly kind: 'enum_member'; readonly member: string }
  | { readonly kind: 'error_member'; readonly member: string }
  /** `t.apply().hit` / `.miss` / `.action_run`. */
  | { readonly kind: 'table_result'; readonly name: 'hit' | 'miss' | 'action_run' }
  /** A method used as a callee (see `calls` for the full resolution). */
  | { readonly kind: 'method'; readonly name: string };

/** Which built-in method a call invokes. */
export type BuiltinMethodName =
  | 'isValid'
  | 'setValid'
  | 'setInvalid'
  | 'push_front'
  | 'pop_front'
  | 'minSizeInBits'
  | 'minSizeInBytes'
  | 'maxSizeInBits'
  | 'maxSizeInBytes';

/** The callee of a call, resolved. */
export type CallTarget =
  | { readonly kind: 'action'; readonly action: ActionSymbol }
  /** A P4 function or extern function (a specific overload). */
  | { readonly kind: 'function'; readonly symbol: Symbol & { kind: 'function' } }
  /** A method of an extern instance; `object` is the instance expression (`r` of `r.read(...)`). */
  | { readonly kind: 'extern_method'; readonly object: Expression; readonly externType: ExternType; readonly method: MethodPrototype }
  | { readonly kind: 'builtin_method'; readonly object: Expression; readonly name: BuiltinMethodName }
  /** `t.apply()`, `p.apply(...)` of a parser/control instance (or a control parameter). */
  | { readonly kind: 'table_apply'; readonly object: Expression; readonly table: TableType }
  | { readonly kind: 'block_apply'; readonly object: Expression; readonly block: BlockType }
  /** `Type(args)` in an expression: an extern, parser, control or package instantiation. */
  | { readonly kind: 'constructor'; readonly type: ExternType | BlockType | PackageType; readonly method: MethodPrototype | undefined };

/** One parameter of a call, with what it is bound to. */
export interface BoundArgument {
  readonly parameter: ParameterInfo;
  /** The argument written for this parameter, if any (positional or named). */
  readonly argument: Argument | undefined;
  /** Otherwise the parameter's default value (`undefined` for optional/unbound action data). */
  readonly defaultValue: Expression | undefined;
}

export interface ResolvedCall {
  readonly target: CallTarget;
  /** The signature after type arguments were substituted. */
  readonly signature: FunctionType;
  /** Type arguments, written or inferred, in the order of the callee's type parameters. */
  readonly typeArguments: readonly Type[];
  /** The callee's parameters in declaration order with their bindings. */
  readonly arguments: readonly BoundArgument[];
}

/** An instantiation `T(args) name;` resolved. */
export interface ResolvedInstance {
  readonly type: ExternType | BlockType | PackageType;
  /** Constructor arguments; `method` is the chosen extern constructor overload. */
  readonly call: Omit<ResolvedCall, 'target'> & { readonly method: MethodPrototype | undefined };
}

export interface TableKeyInfo {
  readonly element: KeyElement;
  readonly type: Type;
  readonly matchKind: string;
}

export interface TableActionInfo {
  readonly reference: ActionReference;
  readonly action: ActionSymbol;
  /** Arguments bound in the actions list; the remaining directionless params are action data. */
  readonly boundArguments: readonly BoundArgument[];
}

export interface TableEntryInfo {
  readonly entry: TableEntry;
  /** Per key, the keyset expression (`_`/`default` as DontCare/Default expressions). */
  readonly keys: readonly Expression[];
  readonly action: ActionSymbol;
  readonly priority: bigint | undefined;
}

export interface TableInfo {
  readonly decl: TableDeclaration;
  readonly type: TableType;
  readonly keys: readonly TableKeyInfo[];
  readonly actions: readonly TableActionInfo[];
  /** The default action: written, or `NoAction` when the table has none and core.p4's exists. */
  readonly defaultAction: { readonly action: ActionSymbol; readonly call: ResolvedCall | undefined; readonly isConst: boolean } | undefined;
  readonly entries: readonly TableEntryInfo[];
  readonly entriesProperty: EntriesProperty | undefined;
  /** Other properties (`size`, `implementation`, ...) with their checked value expressions. */
  readonly otherProperties: ReadonlyMap<string, Expression>;
}

export interface ParserInfo {
  readonly decl: ParserDeclaration;
  readonly states: ReadonlyMap<string, StateSymbol>;
  readonly start: ParserState | undefined;
}

/** The top-level `main` package instance. */
export interface MainPackage {
  readonly decl: Instantiation;
  readonly type: PackageType;
  /** The package's parameters with what each argument instantiates. */
  readonly arguments: readonly {
    readonly parameter: ParameterInfo;
    readonly argument: Expression | undefined;
    /** The parser/control/extern/package declaration instantiated for this argument. */
    readonly declaration: Declaration | undefined;
    readonly type: Type | undefined;
  }[];
}

export interface CheckedProgram {
  readonly program: Program;
  /** The type of every checked expression, as computed bottom-up (before implicit casts). */
  readonly types: Map<Expression, Type>;
  /**
   * Implicit casts inserted by the checker: the expression's value is converted to this type
   * (e.g. an `int` literal to `bit<8>`, a `{...}` list to a struct, `{#}` to a header).
   */
  readonly conversions: Map<Expression, Type>;
  /** Compile-time values of constant expressions (literals, constants, widths, enum members...). */
  readonly constants: Map<Expression, ConstValue>;
  /**
   * The declaration each name denotes: `PathExpression`, `NamedTypeRef`, `SpecializedTypeRef`,
   * `ActionReference`, `DirectTransition` / `SelectCase` (to their target state), `KeyElement`
   * (to its match_kind member, as a constant-free symbol is not needed, this is omitted).
   */
  readonly names: Map<Node, Symbol>;
  readonly members: Map<MemberExpression | TypeMemberExpression, MemberResolution>;
  /** The semantic type of every resolved written type reference. */
  readonly typeRefs: Map<TypeRef, Type>;
  /** The symbol each declaration introduced (parameters, locals, states included). */
  readonly declarations: Map<Declaration | Parameter | ParserState, Symbol>;
  readonly calls: Map<CallExpression, ResolvedCall>;
  readonly instances: Map<Instantiation, ResolvedInstance>;
  readonly tables: Map<TableDeclaration, TableInfo>;
  readonly parsers: Map<ParserDeclaration, ParserInfo>;
  /** Actions and the control (or `undefined` for top-level actions) they belong to. */
  readonly actionOwners: Map<ActionDeclaration, ControlDeclaration | undefined>;
  /** All members of the `error` type, in declaration order. */
  readonly errorMembers: readonly string[];
  /** All `match_kind` members, in declaration order. */
  readonly matchKinds: readonly string[];
  readonly main: MainPackage | undefined;
}

export function emptyCheckedProgram(program: Program): CheckedProgram & {
  errorMembers: string[];
  matchKinds: string[];
  main: MainPackage | undefined;
} {
  return {
    program,
    types: new Map(),
    conversions: new Map(),
    constants: new Map(),
    names: new Map(),
    members: new Map(),
    typeRefs: new Map(),
    declarations: new Map(),
    calls: new Map(),
    instances: new Map(),
    tables: new Map(),
    parsers: new Map(),
    actionOwners: new Map(),
    errorMembers: [],
    matchKinds: [],
    main: undefined,
  };
}
