/**
 * State shared while lowering one program: the checker's tables, the struct registry, the
 * program-wide tables/actions/externs (named as the control plane sees them), and the numbering
 * of extern sites. Plus `Frame`: what names mean inside one inlined parser/control/action body.
 */
import type {
  ActionDeclaration,
  ControlDeclaration,
  Expression,
  Node,
  ParserDeclaration,
  TableDeclaration,
} from '../ast/nodes.ts';
import type { CheckedProgram } from '../check/checked-program.ts';
import type { Type } from '../check/types.ts';
import type { DiagnosticBag } from '../diagnostics/index.ts';
import { LoweringDiagnostics } from '../diagnostics/codes/lowering.ts';
import type { Span } from '../source/span.ts';
import type {
  ExternSite,
  InliningStep,
  IrAction,
  IrExpression,
  IrExternInstance,
  IrStatement,
  IrTable,
  IrType,
  IrValueSet,
  IrArchitecture,
  IrVariable,
  StageName,
} from './nodes.ts';
import { PSA_PER_PACKET_EXTERNS } from '../../contract/psa.ts';
import { StructRegistry } from './types.ts';

/** Which extern calls become extern sites. */
export interface ExternSitePolicy {
  /** Every extern call (hash, checksum, registers, counters...) is a site (test switch). */
  readonly asyncAll: boolean;
}

/** Raised when lowering meets something it cannot express; reported as a diagnostic. */
export class LoweringError extends Error {
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

/**
 * How many statements lowering may produce in one program, counting each statement of an
 * inlined body once per inlining. Every action, function and sub-control call is inlined, so calls
 * that each call the next twice double the program per level; past this budget lowering stops
 * with a diagnostic naming the call chain.
 */
export const MAX_LOWERED_STATEMENTS = 200_000;

export class ProgramLowering {
  readonly structs = new StructRegistry();
  readonly tables = new Map<string, IrTable>();
  readonly actions = new Map<string, IrAction>();
  readonly externs = new Map<string, IrExternInstance>();
  readonly sites: ExternSite[] = [];
  readonly valueSets: IrValueSet[] = [];
  private nextVariableId = 0;
  /** Statements lowered so far, and the chain of calls being inlined now (outermost first). */
  private loweredStatements = 0;
  private readonly inlining: { readonly name: string; readonly span: Span }[] = [];

  constructor(
    readonly checked: CheckedProgram,
    readonly diagnostics: DiagnosticBag,
    readonly policy: ExternSitePolicy,
    readonly architecture: IrArchitecture = 'v1model',
  ) {}

  /** The type an expression has where it is used (after the checker's implicit conversions). */
  typeOf(e: Expression): IrType {
    const t = this.checked.conversions.get(e) ?? this.checked.types.get(e);
    if (t === undefined) throw new LoweringError('expression has no type (checker did not reach it)', e.span);
    return this.structs.lower(t);
  }

  semanticTypeOf(e: Expression): Type | undefined {
    return this.checked.conversions.get(e) ?? this.checked.types.get(e);
  }

  /** Runs `lower`, which inlines the body of `name` called at `span` (for `countStatement`). */
  inline<T>(name: string, span: Span, lower: () => T): T {
    this.inlining.push({ name, span });
    try {
      return lower();
    } finally {
      this.inlining.pop();
    }
  }

  /** Counts one statement lowered at `span`; stops lowering past `MAX_LOWERED_STATEMENTS`. */
  countStatement(span: Span): void {
    if (++this.loweredStatements <= MAX_LOWERED_STATEMENTS) return;
    const chain = this.inlining.map((c) => c.name);
    if (chain.length === 0) throw new LoweringError(`the program has more than ${MAX_LOWERED_STATEMENTS} statements`, span);
    const shown = chain.length <= 12 ? chain : [...chain.slice(0, 6), `… ${chain.length - 11} more …`, ...chain.slice(-5)];
    throw new LoweringError(
      `inlining makes the program more than ${MAX_LOWERED_STATEMENTS} statements long: every call is inlined, and calls that each call the next more than once multiply it (call chain: ${shown.join(' → ')})`,
      this.inlining[0]!.span,
    );
  }

  newVariableId(): number {
    return this.nextVariableId++;
  }

  errorNumber(member: string): number {
    const i = this.checked.errorMembers.indexOf(member);
    return i < 0 ? 0 : i;
  }

  /** A new extern site; site numbers start at 1 (0 is "not resuming"). */
  newSite(stage: StageName, extern: string, span: Span, via: readonly InliningStep[]): ExternSite {
    const site: ExternSite = { id: this.sites.length + 1, stage, extern, live: [], span, via };
    this.sites.push(site);
    return site;
  }

  unsupported(what: string, span: Span): never {
    throw new LoweringError(`${what} is not supported by p4ts yet`, span);
  }

  report(error: LoweringError): void {
    this.diagnostics.report(LoweringDiagnostics.Unsupported, error.span, [error.message]);
  }
}


/** The locals and labels of one stage being built. */
export class StageBuilder {
  readonly locals: IrVariable[] = [];
  /** Extern instances of this stage whose state is the packet's (PSA Checksum, InternetChecksum). */
  private readonly perPacketExterns: IrExternInstance[] = [];
  private readonly usedNames = new Set<string>();
  private labelCount = 0;

  constructor(
    readonly program: ProgramLowering,
    readonly stage: StageName,
    /** The program's top-level frame: top-level actions, functions and constants resolve here. */
    readonly topFrame: Frame,
  ) {}

  newLocal(hint: string, type: IrType, span: Span): IrVariable {
    const base = hint.replace(/[^A-Za-z0-9_]/g, '_') || 'tmp';
    let name = base;
    for (let n = 1; this.usedNames.has(name) || RESERVED.has(name); n++) name = `${base}_${n}`;
    this.usedNames.add(name);
    const v: IrVariable = { kind: 'local', id: this.program.newVariableId(), name, type, span };
    this.locals.push(v);
    return v;
  }

  /** Forgets a local nothing refers to any more. */
  dropLocal(v: IrVariable): void {
    const i = this.locals.indexOf(v);
    if (i >= 0) this.locals.splice(i, 1);
  }

  newLabel(hint: string): string {
    return `${hint}_${this.labelCount++}`;
  }

  /** The inlined bodies being lowered, outermost first. */
  private readonly steps: InliningStep[] = [];

  /** Lowers `body` as the inlined body `step` (extern sites inside it record the chain). */
  within<T>(step: InliningStep, body: () => T): T {
    this.steps.push(step);
    try {
      return body();
    } finally {
      this.steps.pop();
    }
  }

  /** The chain of inlined bodies at this point, outermost first. */
  get inlining(): readonly InliningStep[] {
    return [...this.steps];
  }

  /** Notes an extern instance declared in this stage (those with per-packet state are cleared at its start). */
  declaredExtern(instance: IrExternInstance): void {
    if (PSA_PER_PACKET_EXTERNS.has(instance.type) && !this.perPacketExterns.includes(instance)) this.perPacketExterns.push(instance);
  }

  /**
   * The statements that start the stage's per-packet extern instances cleared, as the PSA
   * specification has it for every run of their block (never extern sites: they touch only the
   * packet's own state).
   */
  clearPerPacketExterns(span: Span): IrStatement[] {
    return this.perPacketExterns.map((instance) => ({
      kind: 'callExtern',
      call: { name: `${instance.type}.clear`, instance, typeArguments: [], arguments: [], result: undefined, site: undefined },
      span,
    }));
  }
}

/** Names generated code uses for itself; locals never take them. */
const RESERVED = new Set([
  'd', 'rt', 'p', 'hdr', 'meta', 'sm', 'frame', 'state', 'entry', 'task', 'site', 'pkt',
  // PSA's packet-carried variables (see lower-psa.ts)
  'ihdr', 'imeta', 'ehdr', 'emeta', 'resubmit_meta', 'recirculate_meta', 'normal_meta', 'clone_i2e_meta', 'clone_e2e_meta',
  'ingress_parser_input', 'ingress_input', 'ingress_output', 'egress_parser_input', 'egress_input', 'egress_output', 'egress_deparser_input',
]);

/** What a name denotes inside an inlined body. */
export type Binding =
  | { readonly kind: 'value'; readonly expression: IrExpression }
  | { readonly kind: 'extern'; readonly instance: IrExternInstance }
  | { readonly kind: 'block'; readonly decl: ParserDeclaration | ControlDeclaration; readonly prefix: string; readonly constructorFrame: Frame }
  | { readonly kind: 'packet_in' }
  | { readonly kind: 'packet_out' }
  | { readonly kind: 'value_set'; readonly name: string }
  | { readonly kind: 'table'; readonly instance: TableInstance };

/** A table declared in a control instance: its control-plane description and its home frame. */
export interface TableInstance {
  readonly table: IrTable;
  readonly decl: TableDeclaration;
  /** The frame of the control instance that declares the table (keys and actions resolve there). */
  readonly frame: Frame;
  /** The table's P4 name, for readable generated locals. */
  readonly localName: string;
}

/**
 * A lexical frame of the inlined code: bindings of parameters, locals and instances, the
 * control-plane name prefix, and where `return` goes.
 */
export class Frame {
  private readonly bindings = new Map<Node, Binding>();
  /** Actions declared in this control frame (for control-plane names and their scope). */
  readonly actions = new Map<ActionDeclaration, { readonly name: string; readonly frame: Frame }>();
  /**
   * The copy-out statements `exit` runs before it ends the stage: those of every inlined call
   * (action, function, sub-control) this body runs in, innermost first. P4 copies `out`/`inout`
   * parameters out on `exit` too. Set by whoever inlines a call; inherited by nested frames.
   */
  exitCopyOut: readonly IrStatement[];

  constructor(
    readonly parent: Frame | undefined,
    /** Control-plane name prefix (`MyIngress.` or '' at top level). */
    readonly prefix: string,
    /** Where `return` in this body jumps, and the variable receiving a returned value. */
    readonly returnLabel: string | undefined,
    readonly returnValue: IrVariable | undefined,
    /** The innermost loop, for `break` / `continue`. */
    readonly loopLabel: string | undefined = parent?.loopLabel,
  ) {
    this.exitCopyOut = parent?.exitCopyOut ?? [];
  }

  /** Binds a declaration (nothing to bind for parameters without a declaration). */
  bind(node: Node | undefined, binding: Binding): void {
    if (node !== undefined) this.bindings.set(node, binding);
  }

  lookup(node: Node): Binding | undefined {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      const b = f.bindings.get(node);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  action(decl: ActionDeclaration): { readonly name: string; readonly frame: Frame } | undefined {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      const a = f.actions.get(decl);
      if (a !== undefined) return a;
    }
    return undefined;
  }

  /** A child frame for an inlined body. */
  child(prefix: string = this.prefix, returnLabel = this.returnLabel, returnValue = this.returnValue): Frame {
    return new Frame(this, prefix, returnLabel, returnValue);
  }

  withLoop(label: string): Frame {
    return new Frame(this, this.prefix, this.returnLabel, this.returnValue, label);
  }
}

/** Statements being collected for one block of IR. */
export type StatementSink = IrStatement[];
