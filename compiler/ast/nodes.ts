/**
 * The P4-16 abstract syntax tree.
 *
 * Every node is a plain object tagged by `kind` and carries the `span` of source text it came
 * from (offsets into the preprocessed translation unit; see `compiler/source`). Nodes are
 * immutable: later stages keep what they learn (types, resolved declarations, constant values)
 * in side tables keyed by node identity, never on the nodes themselves.
 *
 * Naming follows the P4-16 specification's grammar where it has a name for a thing.
 */
import type { Span } from '../source/span.ts';

export type { Span };

// ---------------------------------------------------------------------------------------------
// Names and annotations
// ---------------------------------------------------------------------------------------------

/** An identifier as written (also type identifiers and the `apply`/`key`/... contextual words). */
export interface Ident {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

/**
 * An annotation `@name`, `@name(expr, ...)`, `@name[key=value, ...]` or `@name[expr, ...]`.
 * Bodies that are not well-formed expressions (p4c keeps them unparsed) are kept as raw text.
 */
export interface Annotation {
  readonly kind: 'Annotation';
  readonly name: Ident;
  readonly body: AnnotationBody;
  /** Written with brackets, `@name[...]`: a structured annotation (spec 18.2.3). */
  readonly structured?: boolean;
  readonly span: Span;
}

export type AnnotationBody =
  | { readonly kind: 'Empty' }
  | { readonly kind: 'Expressions'; readonly items: readonly Expression[] }
  | { readonly kind: 'KeyValues'; readonly items: readonly { readonly key: Ident; readonly value: Expression }[] }
  | { readonly kind: 'Unparsed'; readonly text: string };

// ---------------------------------------------------------------------------------------------
// Type references (types as written in source; the checker turns them into semantic types)
// ---------------------------------------------------------------------------------------------

export type TypeRef =
  | BitTypeRef
  | IntTypeRef
  | VarbitTypeRef
  | BoolTypeRef
  | ErrorTypeRef
  | MatchKindTypeRef
  | StringTypeRef
  | VoidTypeRef
  | DontCareTypeRef
  | NamedTypeRef
  | SpecializedTypeRef
  | HeaderStackTypeRef
  | TupleTypeRef
  | ListTypeRef;

/** `bit`, `bit<W>`, `bit<(expr)>`. `width` is absent for plain `bit` (which is `bit<1>`). */
export interface BitTypeRef {
  readonly kind: 'BitTypeRef';
  readonly width: Expression | undefined;
  readonly span: Span;
}

/** `int` (arbitrary precision, compile-time only) when `width` is absent, else `int<W>`. */
export interface IntTypeRef {
  readonly kind: 'IntTypeRef';
  readonly width: Expression | undefined;
  readonly span: Span;
}

export interface VarbitTypeRef {
  readonly kind: 'VarbitTypeRef';
  readonly maxWidth: Expression;
  readonly span: Span;
}

export interface BoolTypeRef { readonly kind: 'BoolTypeRef'; readonly span: Span }
export interface ErrorTypeRef { readonly kind: 'ErrorTypeRef'; readonly span: Span }
export interface MatchKindTypeRef { readonly kind: 'MatchKindTypeRef'; readonly span: Span }
export interface StringTypeRef { readonly kind: 'StringTypeRef'; readonly span: Span }
export interface VoidTypeRef { readonly kind: 'VoidTypeRef'; readonly span: Span }
/** `_` used as a type (an unnamed type variable in generic contexts). */
export interface DontCareTypeRef { readonly kind: 'DontCareTypeRef'; readonly span: Span }

/** A type named by a (possibly top-level, `.name`) identifier. */
export interface NamedTypeRef {
  readonly kind: 'NamedTypeRef';
  readonly name: PathName;
  readonly span: Span;
}

/** A generic type applied to arguments: `register<bit<32>>`, `Checksum<bit<16>, _>`. */
export interface SpecializedTypeRef {
  readonly kind: 'SpecializedTypeRef';
  readonly base: PathName;
  readonly args: readonly TypeRef[];
  readonly span: Span;
}

/** `T[N]`: a header stack (or array of structs/unions). */
export interface HeaderStackTypeRef {
  readonly kind: 'HeaderStackTypeRef';
  readonly element: TypeRef;
  readonly size: Expression;
  readonly span: Span;
}

export interface TupleTypeRef {
  readonly kind: 'TupleTypeRef';
  readonly elements: readonly TypeRef[];
  readonly span: Span;
}

/** `list<T>` (P4-16 v1.2.4). */
export interface ListTypeRef {
  readonly kind: 'ListTypeRef';
  readonly element: TypeRef;
  readonly span: Span;
}

/** A name, optionally anchored at the top level with a leading dot (`.foo`). */
export interface PathName {
  readonly kind: 'PathName';
  readonly name: Ident;
  readonly global: boolean;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expression =
  | IntLiteral
  | BoolLiteral
  | StringLiteral
  | PathExpression
  | MemberExpression
  | IndexExpression
  | SliceExpression
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | TernaryExpression
  | CastExpression
  | TypeMemberExpression
  | ListExpression
  | StructExpression
  | InvalidHeaderExpression
  | MaskExpression
  | RangeExpression
  | DefaultExpression
  | DontCareExpression
  | ThisExpression;

/**
 * An integer literal. `width`/`signed` are set when the literal is written with a width prefix
 * (`8w255`, `4s-1` is a negation of `4s1`). Values are exact (bigint) whatever their width.
 */
export interface IntLiteral {
  readonly kind: 'IntLiteral';
  readonly value: bigint;
  readonly width: number | undefined;
  readonly signed: boolean;
  /** The literal as written, for messages and for p4c-compatible printing. */
  readonly text: string;
  readonly span: Span;
}

export interface BoolLiteral { readonly kind: 'BoolLiteral'; readonly value: boolean; readonly span: Span }

/** A string literal, `value` with escapes resolved. */
export interface StringLiteral { readonly kind: 'StringLiteral'; readonly value: string; readonly span: Span }

/** A name used as a value (or as a type, in constructor calls; the checker decides). */
export interface PathExpression {
  readonly kind: 'PathExpression';
  readonly path: PathName;
  readonly span: Span;
}

/** `expr.member`; also `hdr.isValid`, `stack.next`, `table.apply`, `error.NoError` (see TypeMember). */
export interface MemberExpression {
  readonly kind: 'MemberExpression';
  readonly object: Expression;
  readonly member: Ident;
  readonly span: Span;
}

/** `expr[index]`: header stack / array element. */
export interface IndexExpression {
  readonly kind: 'IndexExpression';
  readonly object: Expression;
  readonly index: Expression;
  readonly span: Span;
}

/** `expr[hi:lo]`: bit slice. */
export interface SliceExpression {
  readonly kind: 'SliceExpression';
  readonly object: Expression;
  readonly hi: Expression;
  readonly lo: Expression;
  /**
   * Set for an indexed slice `expr[lo +: width]` (P4-16 v1.2.4): `width` as written, and `hi` is
   * the synthesised `lo + width - 1` (whose nodes carry the span of the written `lo +: width`).
   */
  readonly width?: Expression;
  readonly span: Span;
}

/** A call: function, method, action, extern constructor (`Type(args)`), `t.apply()`. */
export interface CallExpression {
  readonly kind: 'CallExpression';
  readonly callee: Expression;
  readonly typeArgs: readonly TypeRef[];
  readonly args: readonly Argument[];
  readonly span: Span;
}

/** A call argument, positional or named (`name = value`); `_` is a don't-care argument. */
export interface Argument {
  readonly kind: 'Argument';
  readonly name: Ident | undefined;
  readonly value: Expression;
  readonly span: Span;
}

export type UnaryOperator = '!' | '~' | '-' | '+';

export interface UnaryExpression {
  readonly kind: 'UnaryExpression';
  readonly op: UnaryOperator;
  readonly operand: Expression;
  readonly span: Span;
}

export type BinaryOperator =
  | '*' | '/' | '%'
  | '+' | '-' | '|+|' | '|-|'
  | '<<' | '>>'
  | '<' | '<=' | '>' | '>='
  | '==' | '!='
  | '&' | '^' | '|'
  | '++'
  | '&&' | '||';

export interface BinaryExpression {
  readonly kind: 'BinaryExpression';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  readonly span: Span;
}

/** `cond ? then : otherwise` */
export interface TernaryExpression {
  readonly kind: 'TernaryExpression';
  readonly condition: Expression;
  readonly then: Expression;
  readonly otherwise: Expression;
  readonly span: Span;
}

/** `(Type) expr` */
export interface CastExpression {
  readonly kind: 'CastExpression';
  readonly type: TypeRef;
  readonly operand: Expression;
  readonly span: Span;
}

/**
 * A member of a type rather than of a value, when the parser can tell from syntax:
 * `error.NoError`, `bit<8>.minSizeInBits` style accesses on a written type. Plain `E.A` for an
 * enum `E` parses as a MemberExpression on a PathExpression; the checker resolves it.
 */
export interface TypeMemberExpression {
  readonly kind: 'TypeMemberExpression';
  readonly type: TypeRef;
  readonly member: Ident;
  readonly span: Span;
}

/** `{ a, b, c }` (tuple / list / header or struct initializer by position). `...` allowed last. */
export interface ListExpression {
  readonly kind: 'ListExpression';
  readonly items: readonly Expression[];
  readonly hasDots: boolean;
  readonly span: Span;
}

/** `{ f1 = a, f2 = b }`, optionally with a type prefix `(T){...}` expressed as a cast. */
export interface StructExpression {
  readonly kind: 'StructExpression';
  readonly fields: readonly NamedExpression[];
  readonly hasDots: boolean;
  readonly span: Span;
}

export interface NamedExpression {
  readonly kind: 'NamedExpression';
  readonly name: Ident;
  readonly value: Expression;
  readonly span: Span;
}

/** `{#}`: an invalid header (or header union) value. */
export interface InvalidHeaderExpression { readonly kind: 'InvalidHeaderExpression'; readonly span: Span }

/** `value &&& mask` (keysets only). */
export interface MaskExpression {
  readonly kind: 'MaskExpression';
  readonly value: Expression;
  readonly mask: Expression;
  readonly span: Span;
}

/** `lo .. hi` (keysets only). */
export interface RangeExpression {
  readonly kind: 'RangeExpression';
  readonly lo: Expression;
  readonly hi: Expression;
  readonly span: Span;
}

/** `default` as a keyset or switch label. */
export interface DefaultExpression { readonly kind: 'DefaultExpression'; readonly span: Span }

/** `_`: don't-care keyset, argument or out-argument sink. */
export interface DontCareExpression { readonly kind: 'DontCareExpression'; readonly span: Span }

/** `this` inside abstract method implementations of an instantiation. */
export interface ThisExpression { readonly kind: 'ThisExpression'; readonly span: Span }

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type Statement =
  | AssignmentStatement
  | CallStatement
  | IfStatement
  | BlockStatement
  | ExitStatement
  | ReturnStatement
  | EmptyStatement
  | SwitchStatement
  | ForStatement
  | ForInStatement
  | BreakStatement
  | ContinueStatement
  | VariableDeclaration
  | ConstantDeclaration
  | Instantiation;

export type CompoundAssignmentOperator =
  | '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '|=' | '^=' | '|+|=' | '|-|=';

/** `left = right;` (and the compound forms of P4-16 v1.2.5, kept as written). */
export interface AssignmentStatement {
  readonly kind: 'AssignmentStatement';
  readonly op: CompoundAssignmentOperator;
  readonly target: Expression;
  readonly value: Expression;
  readonly span: Span;
}

/** A call used as a statement: `f(x);`, `h.setValid();`, `t.apply();`. */
export interface CallStatement {
  readonly kind: 'CallStatement';
  readonly call: CallExpression;
  readonly span: Span;
}

export interface IfStatement {
  readonly kind: 'IfStatement';
  readonly condition: Expression;
  readonly then: Statement;
  readonly otherwise: Statement | undefined;
  readonly span: Span;
}

export interface BlockStatement {
  readonly kind: 'BlockStatement';
  readonly annotations: readonly Annotation[];
  readonly statements: readonly Statement[];
  readonly span: Span;
}

export interface ExitStatement { readonly kind: 'ExitStatement'; readonly span: Span }

export interface ReturnStatement {
  readonly kind: 'ReturnStatement';
  readonly value: Expression | undefined;
  readonly span: Span;
}

export interface EmptyStatement { readonly kind: 'EmptyStatement'; readonly span: Span }

/**
 * `switch (expr) { label: { ... } label2: label3: { ... } default: { ... } }`.
 * A case without a body falls through to the next case's body.
 */
export interface SwitchStatement {
  readonly kind: 'SwitchStatement';
  readonly subject: Expression;
  readonly cases: readonly SwitchCase[];
  readonly span: Span;
}

export interface SwitchCase {
  readonly kind: 'SwitchCase';
  /** An action name (`PathExpression`), a value expression, or `DefaultExpression`. */
  readonly label: Expression;
  readonly body: BlockStatement | undefined;
  readonly span: Span;
}

/** `for (init; cond; update) body` (P4-16 v1.2.5). */
export interface ForStatement {
  readonly kind: 'ForStatement';
  readonly init: readonly Statement[];
  readonly condition: Expression | undefined;
  readonly update: readonly Statement[];
  readonly body: Statement;
  readonly span: Span;
}

/** `for (T x in expr) body` (P4-16 v1.2.5): over a range `a .. b`, a list or a header stack. */
export interface ForInStatement {
  readonly kind: 'ForInStatement';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef | undefined;
  readonly name: Ident;
  readonly collection: Expression;
  readonly body: Statement;
  readonly span: Span;
}

export interface BreakStatement { readonly kind: 'BreakStatement'; readonly span: Span }
export interface ContinueStatement { readonly kind: 'ContinueStatement'; readonly span: Span }

// ---------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------

export type Declaration =
  | ConstantDeclaration
  | VariableDeclaration
  | Instantiation
  | TypedefDeclaration
  | HeaderDeclaration
  | HeaderUnionDeclaration
  | StructDeclaration
  | EnumDeclaration
  | ErrorDeclaration
  | MatchKindDeclaration
  | ExternObjectDeclaration
  | ExternFunctionDeclaration
  | FunctionDeclaration
  | ActionDeclaration
  | ParserTypeDeclaration
  | ParserDeclaration
  | ControlTypeDeclaration
  | ControlDeclaration
  | PackageTypeDeclaration
  | TableDeclaration
  | ValueSetDeclaration;

/** The root: one preprocessed translation unit. */
export interface Program {
  readonly kind: 'Program';
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}

export type Direction = 'in' | 'out' | 'inout' | 'none';

export interface Parameter {
  readonly kind: 'Parameter';
  readonly annotations: readonly Annotation[];
  readonly direction: Direction;
  readonly type: TypeRef;
  readonly name: Ident;
  /** Default value (`in bit<8> x = 5`), P4-16 v1.2. */
  readonly defaultValue: Expression | undefined;
  readonly span: Span;
}

/** `const T name = value;` */
export interface ConstantDeclaration {
  readonly kind: 'ConstantDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Ident;
  readonly value: Expression;
  readonly span: Span;
}

/** `T name;` or `T name = init;` */
export interface VariableDeclaration {
  readonly kind: 'VariableDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Ident;
  readonly initializer: Expression | undefined;
  readonly span: Span;
}

/**
 * `Type(args) name;` or `Type(args) name = { abstract method implementations };`.
 * Top-level `Pkg(args) main;` is an instantiation too.
 */
export interface Instantiation {
  readonly kind: 'Instantiation';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly args: readonly Argument[];
  readonly name: Ident;
  readonly initializer: readonly (FunctionDeclaration | Instantiation)[] | undefined;
  readonly span: Span;
}

/** `typedef T name;` (`isNewType` false) or `type T name;` (true). */
export interface TypedefDeclaration {
  readonly kind: 'TypedefDeclaration';
  readonly annotations: readonly Annotation[];
  readonly isNewType: boolean;
  /** The aliased type: a type reference, or an inline derived type declaration (`typedef header H {...} T`). */
  readonly type: TypeRef | HeaderDeclaration | HeaderUnionDeclaration | StructDeclaration | EnumDeclaration;
  readonly name: Ident;
  readonly span: Span;
}

export interface StructField {
  readonly kind: 'StructField';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Ident;
  readonly span: Span;
}

interface StructLikeDeclaration {
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  /** Generic structures and headers (P4-16 v1.2): `struct S<T> { T f; }` */
  readonly typeParameters: readonly Ident[];
  readonly fields: readonly StructField[];
  readonly span: Span;
}

export interface HeaderDeclaration extends StructLikeDeclaration { readonly kind: 'HeaderDeclaration' }
export interface HeaderUnionDeclaration extends StructLikeDeclaration { readonly kind: 'HeaderUnionDeclaration' }
export interface StructDeclaration extends StructLikeDeclaration { readonly kind: 'StructDeclaration' }

export interface EnumMember {
  readonly kind: 'EnumMember';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  /** Present exactly for serializable enums. */
  readonly value: Expression | undefined;
  readonly span: Span;
}

/** `enum E { A, B }` or serializable `enum bit<8> E { A = 1, B = 2 }`. */
export interface EnumDeclaration {
  readonly kind: 'EnumDeclaration';
  readonly annotations: readonly Annotation[];
  readonly underlyingType: TypeRef | undefined;
  readonly name: Ident;
  readonly members: readonly EnumMember[];
  readonly span: Span;
}

/** `error { A, B }`: adds members to the single global `error` type. */
export interface ErrorDeclaration {
  readonly kind: 'ErrorDeclaration';
  readonly members: readonly Ident[];
  readonly span: Span;
}

/** `match_kind { exact, lpm }`: adds members to the single global `match_kind` type. */
export interface MatchKindDeclaration {
  readonly kind: 'MatchKindDeclaration';
  readonly members: readonly Ident[];
  readonly span: Span;
}

/**
 * A function or method signature. Constructors have `isConstructor` and no return type;
 * abstract methods (`abstract T f();`) have `isAbstract`.
 */
export interface MethodPrototype {
  readonly kind: 'MethodPrototype';
  readonly annotations: readonly Annotation[];
  readonly returnType: TypeRef | undefined;
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly isConstructor: boolean;
  readonly isAbstract: boolean;
  readonly span: Span;
}

/** `extern Name<T> { constructors; methods; }` */
export interface ExternObjectDeclaration {
  readonly kind: 'ExternObjectDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly methods: readonly MethodPrototype[];
  readonly span: Span;
}

/** `extern T f<U>(params);` */
export interface ExternFunctionDeclaration {
  readonly kind: 'ExternFunctionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly prototype: MethodPrototype;
  readonly span: Span;
}

/** `T f<U>(params) { body }` */
export interface FunctionDeclaration {
  readonly kind: 'FunctionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly prototype: MethodPrototype;
  readonly body: BlockStatement;
  readonly span: Span;
}

/** `action a(params) { body }` */
export interface ActionDeclaration {
  readonly kind: 'ActionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly parameters: readonly Parameter[];
  readonly body: BlockStatement;
  readonly span: Span;
}

/** `parser P<T>(params);` (a parser type, as in architecture files). */
export interface ParserTypeDeclaration {
  readonly kind: 'ParserTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly span: Span;
}

export type ParserLocalElement = ConstantDeclaration | VariableDeclaration | Instantiation | ValueSetDeclaration;

/** `parser P(params)(ctorParams) { locals; states }` */
export interface ParserDeclaration {
  readonly kind: 'ParserDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly constructorParameters: readonly Parameter[];
  readonly locals: readonly ParserLocalElement[];
  readonly states: readonly ParserState[];
  readonly span: Span;
}

export interface ParserState {
  readonly kind: 'ParserState';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly statements: readonly Statement[];
  /** Absent means `transition reject` is implied (p4c warns). */
  readonly transition: Transition | undefined;
  readonly span: Span;
}

export type Transition = DirectTransition | SelectTransition;

/** `transition next;` */
export interface DirectTransition {
  readonly kind: 'DirectTransition';
  readonly target: Ident;
  readonly span: Span;
}

/** `transition select(e1, e2) { keyset: state; ... }` */
export interface SelectTransition {
  readonly kind: 'SelectTransition';
  readonly selectors: readonly Expression[];
  readonly cases: readonly SelectCase[];
  readonly span: Span;
}

export interface SelectCase {
  readonly kind: 'SelectCase';
  readonly keyset: Keyset;
  readonly target: Ident;
  readonly span: Span;
}

/**
 * A keyset: one expression (which may be a mask, range, `default`, `_` or a value-set name) or a
 * parenthesised tuple of them, `(k1, k2)`.
 */
export type Keyset = SimpleKeyset | TupleKeyset;

export interface SimpleKeyset {
  readonly kind: 'SimpleKeyset';
  readonly expression: Expression;
  readonly span: Span;
}

export interface TupleKeyset {
  readonly kind: 'TupleKeyset';
  readonly elements: readonly Expression[];
  readonly span: Span;
}

/** `control C<T>(params);` (a control type). */
export interface ControlTypeDeclaration {
  readonly kind: 'ControlTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly span: Span;
}

export type ControlLocalDeclaration =
  | ConstantDeclaration
  | VariableDeclaration
  | Instantiation
  | ActionDeclaration
  | TableDeclaration;

/** `control C(params)(ctorParams) { locals; apply { body } }` */
export interface ControlDeclaration {
  readonly kind: 'ControlDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly constructorParameters: readonly Parameter[];
  readonly locals: readonly ControlLocalDeclaration[];
  readonly apply: BlockStatement;
  readonly span: Span;
}

/** `package Pkg<T>(params);` */
export interface PackageTypeDeclaration {
  readonly kind: 'PackageTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly typeParameters: readonly Ident[];
  readonly parameters: readonly Parameter[];
  readonly span: Span;
}

/** `value_set<T>(size) name;` */
export interface ValueSetDeclaration {
  readonly kind: 'ValueSetDeclaration';
  readonly annotations: readonly Annotation[];
  readonly elementType: TypeRef;
  readonly size: Expression;
  readonly name: Ident;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

export interface TableDeclaration {
  readonly kind: 'TableDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Ident;
  readonly properties: readonly TableProperty[];
  readonly span: Span;
}

export type TableProperty = KeyProperty | ActionsProperty | EntriesProperty | ValueProperty;

/** `key = { expr: match_kind @annotations; ... }` */
export interface KeyProperty {
  readonly kind: 'KeyProperty';
  readonly annotations: readonly Annotation[];
  readonly elements: readonly KeyElement[];
  readonly span: Span;
}

export interface KeyElement {
  readonly kind: 'KeyElement';
  readonly annotations: readonly Annotation[];
  readonly expression: Expression;
  readonly matchKind: Ident;
  readonly span: Span;
}

/** `actions = { a; b(1); @defaultonly c; }` */
export interface ActionsProperty {
  readonly kind: 'ActionsProperty';
  readonly annotations: readonly Annotation[];
  readonly actions: readonly ActionReference[];
  readonly span: Span;
}

/** A reference to an action, with arguments bound at this point if written as a call. */
export interface ActionReference {
  readonly kind: 'ActionReference';
  readonly annotations: readonly Annotation[];
  readonly name: PathName;
  /** `undefined` for a bare name (`a;`), the bound arguments for `a(x, 1);`. */
  readonly args: readonly Argument[] | undefined;
  readonly span: Span;
}

/** `[const] entries = { keyset : action(args); ... }` */
export interface EntriesProperty {
  readonly kind: 'EntriesProperty';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly entries: readonly TableEntry[];
  readonly span: Span;
}

export interface TableEntry {
  readonly kind: 'TableEntry';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  /** `priority = N :` (P4-16 v1.2.4), absent when not written. */
  readonly priority: Expression | undefined;
  readonly keyset: Keyset;
  readonly action: ActionReference;
  readonly span: Span;
}

/**
 * Any other property: `[const] name = expr;`. `default_action = a(1);` is one of these with a
 * call expression; so are `size`, `implementation`, `counters`, `meters`, `support_timeout`...
 */
export interface ValueProperty {
  readonly kind: 'ValueProperty';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly name: Ident;
  readonly value: Expression;
  readonly span: Span;
}

/** Every node kind, for exhaustive visitors. */
export type Node =
  | Program
  | Declaration
  | Statement
  | Expression
  | TypeRef
  | Ident
  | PathName
  | Annotation
  | Argument
  | NamedExpression
  | Parameter
  | StructField
  | EnumMember
  | MethodPrototype
  | ParserState
  | Transition
  | SelectCase
  | Keyset
  | SwitchCase
  | TableProperty
  | KeyElement
  | ActionReference
  | TableEntry;

export type NodeKind = Node['kind'];
