/**
 * Symbols (what a name denotes) and lexical scopes.
 *
 * P4 requires declaration before use (except parser states), so the checker adds a symbol to its
 * scope only once its declaration has been checked; a lookup therefore sees exactly what has been
 * declared so far. Functions, extern functions and extern objects may be overloaded (by number of
 * parameters / type parameters), so a scope maps a name to a list of symbols.
 */
import type {
  ActionDeclaration,
  ConstantDeclaration,
  ControlDeclaration,
  ControlTypeDeclaration,
  EnumDeclaration,
  ExternFunctionDeclaration,
  ExternObjectDeclaration,
  ForInStatement,
  FunctionDeclaration,
  HeaderDeclaration,
  HeaderUnionDeclaration,
  Ident,
  Instantiation,
  PackageTypeDeclaration,
  Parameter,
  ParserDeclaration,
  ParserState,
  ParserTypeDeclaration,
  StructDeclaration,
  TableDeclaration,
  TypedefDeclaration,
  ValueSetDeclaration,
  VariableDeclaration,
  Direction,
} from '../ast/nodes.ts';
import type { ActionType, FunctionType, SetType, TableType, Type, TypeVariable } from './types.ts';
import type { ConstValue } from './values.ts';

export interface ConstantSymbol {
  readonly kind: 'constant';
  readonly name: string;
  readonly decl: ConstantDeclaration;
  readonly type: Type;
  /** The folded value; `undefined` if it could not be computed (an error was reported). */
  readonly value: ConstValue | undefined;
}

/** A local or top-level variable, or the loop variable of `for (T x in ...)`. */
export interface VariableSymbol {
  readonly kind: 'variable';
  readonly name: string;
  readonly decl: VariableDeclaration | ForInStatement;
  readonly type: Type;
}

export interface ParameterSymbol {
  readonly kind: 'parameter';
  readonly name: string;
  readonly decl: Parameter;
  readonly type: Type;
  readonly direction: Direction;
  /** Constructor parameters of parsers/controls/packages: compile-time values. */
  readonly isConstructorParameter: boolean;
}

/** An instance: `Type(args) name;` (externs, parsers, controls, packages). */
export interface InstanceSymbol {
  readonly kind: 'instance';
  readonly name: string;
  readonly decl: Instantiation;
  readonly type: Type;
}

export interface ValueSetSymbol {
  readonly kind: 'value_set';
  readonly name: string;
  readonly decl: ValueSetDeclaration;
  readonly type: SetType;
}

export type TypeDeclarationNode =
  | TypedefDeclaration
  | HeaderDeclaration
  | HeaderUnionDeclaration
  | StructDeclaration
  | EnumDeclaration
  | ExternObjectDeclaration
  | ParserTypeDeclaration
  | ParserDeclaration
  | ControlTypeDeclaration
  | ControlDeclaration
  | PackageTypeDeclaration;

/**
 * A named type: declared types, parsers/controls (which are also types for constructor calls),
 * and type parameters (`decl` is the type parameter's `Ident`). Generic declarations list their
 * `typeParameters`; `type` mentions them as type variables.
 */
export interface TypeSymbol {
  readonly kind: 'type';
  readonly name: string;
  readonly decl: TypeDeclarationNode | Ident;
  readonly type: Type;
  readonly typeParameters: readonly TypeVariable[];
}

export interface ActionSymbol {
  readonly kind: 'action';
  readonly name: string;
  readonly decl: ActionDeclaration;
  readonly type: ActionType;
}

/** A function or extern function (possibly one of several overloads). */
export interface FunctionSymbol {
  readonly kind: 'function';
  readonly name: string;
  readonly decl: FunctionDeclaration | ExternFunctionDeclaration;
  readonly type: FunctionType;
}

export interface TableSymbol {
  readonly kind: 'table';
  readonly name: string;
  readonly decl: TableDeclaration;
  readonly type: TableType;
}

/** A member of the global `match_kind` type (declared at top level, like p4c does). */
export interface MatchKindMemberSymbol {
  readonly kind: 'match_kind_member';
  readonly name: string;
  readonly decl: Ident;
}

/** A parser state; `decl` is undefined for the built-in `accept` and `reject`. */
export interface StateSymbol {
  readonly kind: 'state';
  readonly name: string;
  readonly decl: ParserState | undefined;
}

export type Symbol =
  | ConstantSymbol
  | VariableSymbol
  | ParameterSymbol
  | InstanceSymbol
  | ValueSetSymbol
  | TypeSymbol
  | ActionSymbol
  | FunctionSymbol
  | TableSymbol
  | MatchKindMemberSymbol
  | StateSymbol;

/** Whether two symbols of the same name may coexist in one scope (overloading). */
export function canOverload(a: Symbol, b: Symbol): boolean {
  if (a.kind === 'function' && b.kind === 'function') {
    return a.type.parameters.length !== b.type.parameters.length ||
      a.type.parameters.some((p, i) => p.name !== b.type.parameters[i]!.name);
  }
  if (a.kind === 'type' && b.kind === 'type' && a.type.kind === 'extern' && b.type.kind === 'extern') {
    return a.typeParameters.length !== b.typeParameters.length;
  }
  if (a.kind === 'type' && b.kind === 'type' && a.type.kind === 'package' && b.type.kind === 'package') {
    return a.type.parameters.length !== b.type.parameters.length;
  }
  return false;
}

export class Scope {
  private readonly names = new Map<string, Symbol[]>();

  constructor(readonly parent: Scope | undefined, readonly description: string) {}

  /** Adds a symbol; returns the existing conflicting symbol if the name is already taken here. */
  declare(symbol: Symbol): Symbol | undefined {
    const existing = this.names.get(symbol.name);
    if (existing === undefined) {
      this.names.set(symbol.name, [symbol]);
      return undefined;
    }
    for (const other of existing) {
      if (!canOverload(other, symbol)) return other;
    }
    existing.push(symbol);
    return undefined;
  }

  /** Symbols of this scope only. */
  own(name: string): readonly Symbol[] | undefined {
    return this.names.get(name);
  }

  /** The symbols a name denotes here: the innermost scope that declares it wins. */
  lookup(name: string): readonly Symbol[] | undefined {
    for (let scope: Scope | undefined = this; scope !== undefined; scope = scope.parent) {
      const found = scope.names.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The outermost (top-level) scope, for `.name`. */
  get root(): Scope {
    let scope: Scope = this;
    while (scope.parent !== undefined) scope = scope.parent;
    return scope;
  }
}
