/**
 * The state shared by the checker's passes: the diagnostics, the result tables being filled, the
 * current scope, and what kind of body is being checked (which decides what statements and calls
 * are legal there).
 */
import type { ExternObjectDeclaration, Node, ParserDeclaration, TableDeclaration } from '../ast/nodes.ts';
import type { ExternInfo } from './signatures.ts';
import { formatTemplate, type Diagnostic, type DiagnosticBag, type DiagnosticMessage, type MessageArgument } from '../diagnostics/index.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';

const NAME_RESOLUTION_CODES: ReadonlySet<number> = new Set([
  CheckDiagnostics.DeclarationNotFound.code,
  CheckDiagnostics.UnknownMatchKind.code,
  CheckDiagnostics.StateNotFound.code,
]);
import type { Span } from '../source/span.ts';
import { emptyCheckedProgram } from './checked-program.ts';
import { Scope, type Symbol } from './scope.ts';
import type { Type } from './types.ts';
import type { Program } from '../ast/nodes.ts';

export type BodyKind = 'toplevel' | 'parser' | 'control' | 'action' | 'function' | 'table' | 'initializer';

/** What the statements being checked are the body of. */
export interface BodyContext {
  readonly kind: BodyKind;
  /** Declared return type of a function (void for actions, controls, parsers). */
  readonly returnType: Type | undefined;
  /** The enclosing parser, for `next`/`last`/state lookups. */
  readonly parser: ParserDeclaration | undefined;
  /** The table whose properties are being checked (for self-reference errors). */
  readonly table: TableDeclaration | undefined;
  /** Nesting depth of loops (for `break`/`continue`). */
  loopDepth: number;
}

export class CheckContext {
  readonly result;
  scope: Scope;
  body: BodyContext = { kind: 'toplevel', returnType: undefined, parser: undefined, table: undefined, loopDepth: 0 };
  /** Members of the single `error` type and the single `match_kind` type. */
  readonly errorMembers = new Set<string>();
  readonly matchKinds = new Set<string>();
  /** Constructors and methods of every extern object declared so far. */
  readonly externs = new Map<ExternObjectDeclaration, ExternInfo>();
  /** The extern type `this` denotes inside an instance initializer. */
  thisType: Type | undefined = undefined;
  /** Set while checking a switch subject so `action_run` is permitted. */
  allowActionRun = false;
  /** Whether the program declares `error { ... }` anywhere (otherwise the type does not exist). */
  readonly hasErrorType: boolean;
  /** Set while typing the object of a member expression, which may name a type. */
  allowTypeName = false;
  /** Set while checking the arguments of an action call (tables may not be applied there). */
  inActionArgument = false;
  /** Set while checking table key/entry/select keysets so `&&&`, `..`, `_`, `default` are allowed. */
  inKeyset = false;

  constructor(readonly program: Program, readonly diagnostics: DiagnosticBag) {
    this.result = emptyCheckedProgram(program);
    this.scope = new Scope(undefined, 'top level');
    this.hasErrorType = program.declarations.some((d) => d.kind === 'ErrorDeclaration');
  }

  /** Diagnostics held back until the end, so they can be emitted in p4c's pass order. */
  private readonly pending: { phase: number; diagnostic: Diagnostic }[] = [];

  report(
    message: DiagnosticMessage,
    site: Span,
    args: readonly MessageArgument[] = [],
    related: readonly { readonly message: string; readonly site: Span }[] = [],
  ): void {
    const location = this.diagnostics.resolve(site);
    const diagnostic: Diagnostic = {
      code: message.code,
      severity: message.severity,
      message: formatTemplate(message.template, args),
      location,
      related: related.flatMap((r) => {
        const l = this.diagnostics.resolve(r.site);
        return l === undefined ? [] : [{ message: r.message, location: l }];
      }),
    };
    this.pending.push({ phase: NAME_RESOLUTION_CODES.has(message.code) ? 0 : 1, diagnostic });
  }

  /**
   * Emits the collected diagnostics: unresolved names first (p4c resolves all names before it
   * type-checks anything), then the rest in the order found.
   */
  flush(): void {
    for (const phase of [0, 1]) {
      for (const p of this.pending) if (p.phase === phase) this.diagnostics.add(p.diagnostic);
    }
    this.pending.length = 0;
  }

  /** Runs `fn` in a new nested scope. */
  inScope<T>(description: string, fn: (scope: Scope) => T): T {
    const saved = this.scope;
    this.scope = new Scope(saved, description);
    try {
      return fn(this.scope);
    } finally {
      this.scope = saved;
    }
  }

  /** Runs `fn` with a different body context. */
  inBody<T>(body: Omit<BodyContext, 'loopDepth'>, fn: () => T): T {
    const saved = this.body;
    this.body = { ...body, loopDepth: 0 };
    try {
      return fn();
    } finally {
      this.body = saved;
    }
  }

  recordName(node: Node, symbol: Symbol): void {
    this.result.names.set(node, symbol);
  }
}
