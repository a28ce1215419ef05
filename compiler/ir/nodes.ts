/**
 * The p4ts intermediate representation: what the three backends (`sync`, `context`, `longjump`)
 * share.
 *
 * Lowering (see `lower-program.ts`) turns the checked AST of a v1model program into one unit per
 * architecture stage (parser, verifyChecksum, ingress, egress, computeChecksum, deparser).
 * Actions, functions, sub-controls and sub-parsers are inlined into the stage that uses them,
 * with P4's copy-in/copy-out semantics made explicit, so a stage is one straight piece of
 * structured code: the unit a backend turns into one TypeScript function.
 *
 * Every call of an extern that may run asynchronously is an `ExternSite` with a number unique in
 * the program and the set of locals live across it.
 *
 * Like the AST, the IR is made of kind-tagged plain objects, and every node keeps the span of the
 * P4 source it came from, so generated code can point back at P4 lines.
 */
import { V1MODEL_STAGES, type V1StageName } from '../../contract/v1model.ts';
import { PSA_STAGES, type PsaIntrinsicName, type PsaStageName } from '../../contract/psa.ts';
import type { Span } from '../source/span.ts';

// ---------------------------------------------------------------------------------------------
// Types and their runtime representation
// ---------------------------------------------------------------------------------------------

/** How a `bit<W>`/`int<W>` value is held at run time: the contract of `contract/value-representation.ts`. */
export type { BitsRepresentation } from '../../contract/value-representation.ts';

export type IrType =
  | { readonly kind: 'bits'; readonly width: number; readonly signed: boolean }
  | { readonly kind: 'varbit'; readonly maxWidth: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'string' }
  /** `error` values are numbered in declaration order (NoError is 0). */
  | { readonly kind: 'error' }
  /** Non-serializable enums are numbered in declaration order; serializable ones are `bits`. */
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: 'header'; readonly decl: IrStructType }
  | { readonly kind: 'union'; readonly decl: IrStructType }
  | { readonly kind: 'struct'; readonly decl: IrStructType }
  | { readonly kind: 'stack'; readonly element: IrType; readonly size: number }
  | { readonly kind: 'tuple'; readonly elements: readonly IrType[] }
  | { readonly kind: 'void' };

export type IrStructKind = 'header' | 'union' | 'struct';

/**
 * A header, header union or struct type, once per distinct P4 type (a generic struct gives one
 * per specialization). Headers know their wire layout: every field's bit offset.
 */
export interface IrStructType {
  readonly kind: IrStructKind;
  /** The P4 name (`ethernet_t`), made unique if specializations collide. */
  readonly name: string;
  readonly fields: readonly IrField[];
  /** Headers: the fixed part's width in bits (excluding a varbit field's content). */
  readonly fixedWidth: number;
  /** The declaration's annotations (`@controller_header("packet_in")`, `@name`, ...). */
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
  readonly span: Span;
}

export interface IrField {
  readonly name: string;
  readonly type: IrType;
  /** Headers only: the field's bit offset from the start of the header. */
  readonly bitOffset: number;
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
}

// ---------------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------------

/**
 * A storage location of a stage.
 * - `packet`: state carried with the packet between stages: the architecture's headers, user
 *   metadata and standard metadata parameters (bound by the switch, one per packet descriptor).
 * - `local`: a local of the stage: declared variables, inlined parameters, temporaries.
 *   Scalars become JS locals; composites live in the stage's pooled frame.
 */
export interface IrVariable {
  readonly kind: 'packet' | 'local';
  readonly id: number;
  /** A readable, unique-in-its-stage name for generated code. */
  readonly name: string;
  readonly type: IrType;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type IrUnaryOperator = 'not' | 'complement' | 'negate';

export type IrBinaryOperator =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  | 'addSat' | 'subSat'
  | 'shl' | 'shr'
  | 'and' | 'or' | 'xor'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'land' | 'lor';

export type IrExpression =
  | { readonly kind: 'constant'; readonly type: IrType; readonly value: bigint | boolean | string; readonly span: Span }
  | { readonly kind: 'variable'; readonly type: IrType; readonly variable: IrVariable; readonly span: Span }
  | { readonly kind: 'field'; readonly type: IrType; readonly base: IrExpression; readonly field: string; readonly span: Span }
  | { readonly kind: 'element'; readonly type: IrType; readonly base: IrExpression; readonly index: IrExpression; readonly span: Span }
  | { readonly kind: 'slice'; readonly type: IrType; readonly base: IrExpression; readonly hi: number; readonly lo: number; readonly span: Span }
  | { readonly kind: 'unary'; readonly type: IrType; readonly op: IrUnaryOperator; readonly operand: IrExpression; readonly span: Span }
  | { readonly kind: 'binary'; readonly type: IrType; readonly op: IrBinaryOperator; readonly left: IrExpression; readonly right: IrExpression; readonly span: Span }
  | { readonly kind: 'concat'; readonly type: IrType; readonly left: IrExpression; readonly right: IrExpression; readonly span: Span }
  | { readonly kind: 'cast'; readonly type: IrType; readonly operand: IrExpression; readonly span: Span }
  | { readonly kind: 'conditional'; readonly type: IrType; readonly condition: IrExpression; readonly then: IrExpression; readonly otherwise: IrExpression; readonly span: Span }
  | { readonly kind: 'isValid'; readonly type: IrType; readonly header: IrExpression; readonly span: Span }
  /** `stack.nextIndex` / `lastIndex` / `size`; `next`/`last` are `element` with these indices. */
  | { readonly kind: 'stackIndex'; readonly type: IrType; readonly stack: IrExpression; readonly which: 'nextIndex' | 'lastIndex'; readonly span: Span }
  /** An aggregate value: a list/tuple/struct/header initializer, by field order of `type`. */
  | { readonly kind: 'aggregate'; readonly type: IrType; readonly items: readonly IrExpression[]; readonly span: Span }
  | { readonly kind: 'invalidHeader'; readonly type: IrType; readonly span: Span };

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type IrStatement =
  | { readonly kind: 'assign'; readonly target: IrExpression; readonly value: IrExpression; readonly span: Span }
  | { readonly kind: 'if'; readonly condition: IrExpression; readonly then: readonly IrStatement[]; readonly otherwise: readonly IrStatement[]; readonly span: Span }
  /** A value switch (also `action_run` switches, on action numbers). `values` empty = default. */
  | { readonly kind: 'switch'; readonly subject: IrExpression; readonly cases: readonly IrSwitchCase[]; readonly span: Span }
  /** A block that `break` can leave: how inlined `return`s and `exit` within a stage are made. */
  | { readonly kind: 'labeled'; readonly label: string; readonly body: readonly IrStatement[]; readonly span: Span }
  | { readonly kind: 'break'; readonly label: string; readonly span: Span }
  /** Ends the stage (P4 `exit`, or the end of the parser's accept/reject). */
  | { readonly kind: 'exitStage'; readonly span: Span }
  | { readonly kind: 'loop'; readonly init: readonly IrStatement[]; readonly condition: IrExpression | undefined; readonly update: readonly IrStatement[]; readonly body: readonly IrStatement[]; readonly label: string; readonly span: Span }
  | { readonly kind: 'continue'; readonly label: string; readonly span: Span }
  | { readonly kind: 'setValidity'; readonly header: IrExpression; readonly valid: boolean; readonly span: Span }
  | { readonly kind: 'stackShift'; readonly stack: IrExpression; readonly direction: 'push_front' | 'pop_front'; readonly count: number; readonly span: Span }
  | { readonly kind: 'applyTable'; readonly table: IrTable; readonly keys: readonly IrExpression[]; readonly result: IrTableResult; readonly actions: readonly IrTableActionBody[]; readonly span: Span }
  | { readonly kind: 'callExtern'; readonly call: IrExternCall; readonly span: Span }
  // Packet I/O (parser and deparser)
  | { readonly kind: 'extract'; readonly header: IrExpression; readonly varbitBits: IrExpression | undefined; readonly span: Span }
  | { readonly kind: 'lookahead'; readonly target: IrExpression; readonly span: Span }
  | { readonly kind: 'advance'; readonly bits: IrExpression; readonly span: Span }
  | { readonly kind: 'verify'; readonly condition: IrExpression; readonly error: IrExpression; readonly span: Span }
  | { readonly kind: 'emit'; readonly header: IrExpression; readonly span: Span };

export interface IrSwitchCase {
  /** Constant values; empty for `default`. Several values share one body (fall-through labels). */
  readonly values: readonly IrExpression[];
  readonly isDefault: boolean;
  readonly body: readonly IrStatement[];
  readonly span: Span;
}

/** Where a table application writes what it found (each optional: only what P4 reads). */
export interface IrTableResult {
  readonly hit: IrVariable | undefined;
  readonly actionRun: IrVariable | undefined;
}

/** The inlined body of one action of a table, with its action data bound to locals. */
export interface IrTableActionBody {
  readonly action: IrAction;
  /** Locals receiving the entry's action data, in the action's directionless parameter order. */
  readonly parameters: readonly IrVariable[];
  readonly body: readonly IrStatement[];
}

// ---------------------------------------------------------------------------------------------
// Externs and extern sites
// ---------------------------------------------------------------------------------------------

export interface IrExternCall {
  /** The extern function (`mark_to_drop`) or `Type.method` (`register.read`). */
  readonly name: string;
  /** The instance for methods of extern objects. */
  readonly instance: IrExternInstance | undefined;
  readonly typeArguments: readonly IrType[];
  readonly arguments: readonly IrExternArgument[];
  /** Where the result goes, for externs that return a value. */
  readonly result: IrExpression | undefined;
  /** Set when this call may run asynchronously: the site's number and live set. */
  readonly site: ExternSite | undefined;
}

export interface IrExternArgument {
  readonly name: string;
  readonly direction: 'in' | 'out' | 'inout' | 'none';
  readonly type: IrType;
  /** `undefined` for an omitted optional argument. */
  readonly value: IrExpression | undefined;
}

/** An extern object instance, named as the control plane sees it (`MyIngress.port_counter`). */
export interface IrExternInstance {
  readonly name: string;
  readonly type: string;
  readonly typeArguments: readonly IrType[];
  readonly constructorArguments: readonly IrConstant[];
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
  readonly span: Span;
}

export type IrConstant = bigint | boolean | string;

/**
 * A numbered resume point. `live` lists exactly the locals whose values are read after the site
 * (on some path) and written before it: they are saved with the parked packet.
 */
export interface ExternSite {
  /** Unique in the program, from 1: the number the stage is re-entered with (`d.resumeSite`). */
  readonly id: number;
  readonly stage: StageName;
  readonly extern: string;
  live: readonly IrVariable[];
  readonly span: Span;
  /** The inlined bodies the call sits in, outermost first (its call chain within the stage). */
  readonly via: readonly InliningStep[];
}

/**
 * One inlined body on the way from a stage to an extern site: an action, function, sub-control
 * or sub-parser called, or a table applied (whose action then runs). `span` is where it was
 * entered: the call, or the table's `apply`.
 */
export interface InliningStep {
  readonly kind: 'action' | 'function' | 'control' | 'parser' | 'table';
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tables and actions
// ---------------------------------------------------------------------------------------------

export interface IrActionParameter {
  readonly name: string;
  readonly type: IrType;
  /** `@id`, `@brief`, ... on the parameter (P4Info). */
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
}

/** An action as the control plane sees it (name, id, action data parameters). */
export interface IrAction {
  /** Control-plane name, as the reference compiler forms it (`MyIngress.forward`, `NoAction`). */
  readonly name: string;
  readonly id: number;
  readonly parameters: readonly IrActionParameter[];
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
  readonly span: Span;
}

export interface IrTableKey {
  /** Control-plane name of the key field (`hdr.ipv4.dstAddr`, or its `@name`). */
  readonly name: string;
  readonly matchKind: string;
  readonly type: IrType;
  /** `@id`, `@name`, `@brief`, ... on the key element (P4Info). */
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
}

export interface IrTableEntry {
  /** Per key: the match, by the key's match kind. */
  readonly matches: readonly IrEntryMatch[];
  readonly action: IrAction;
  readonly actionArguments: readonly IrConstant[];
  readonly priority: number | undefined;
  /**
   * Marked `const` in the source (P4-16 1.2.4), in either kind of list. What it changes is an entry
   * of a non-const `entries` list: the control plane may not change it (every entry of a
   * `const entries` list is const anyway, so the description of the table carries it only there).
   */
  readonly isConst: boolean;
}

export type IrEntryMatch =
  | { readonly kind: 'exact'; readonly value: bigint | boolean }
  | { readonly kind: 'ternary'; readonly value: bigint; readonly mask: bigint }
  | { readonly kind: 'lpm'; readonly value: bigint; readonly prefixLength: number }
  | { readonly kind: 'range'; readonly lo: bigint; readonly hi: bigint }
  | { readonly kind: 'any' };

export interface IrTable {
  /** Control-plane name (`MyIngress.ipv4_lpm`). */
  readonly name: string;
  readonly id: number;
  readonly keys: readonly IrTableKey[];
  readonly actions: readonly IrAction[];
  /** Actions marked `@defaultonly` / `@tableonly`. */
  readonly defaultOnly: readonly IrAction[];
  readonly tableOnly: readonly IrAction[];
  readonly defaultAction: { readonly action: IrAction; readonly arguments: readonly IrConstant[]; readonly isConst: boolean };
  readonly constEntries: readonly IrTableEntry[] | undefined;
  /** Non-const `entries` (P4-16 v1.2.4): installed at start, changeable by the control plane. */
  readonly initialEntries: readonly IrTableEntry[];
  readonly size: number | undefined;
  /** The `largest_priority_wins` property (P4-16 1.2.2): `false` makes the smallest priority win. */
  readonly largestPriorityWins?: boolean;
  readonly directCounter: IrExternInstance | undefined;
  readonly directMeter: IrExternInstance | undefined;
  readonly implementation: IrExternInstance | undefined;
  /** The v1model `support_timeout = true` property: entries age (P4Runtime idle timeout). */
  readonly supportTimeout: boolean;
  readonly annotations: ReadonlyMap<string, readonly unknown[]>;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Stages and the program
// ---------------------------------------------------------------------------------------------

/** The v1model stages, in pipeline order (`contract/v1model.ts`). */
export type { V1StageName };

export const STAGES: readonly V1StageName[] = V1MODEL_STAGES;

/** A stage of either architecture. */
export type StageName = V1StageName | PsaStageName;

/** The architectures p4ts compiles for. */
export type IrArchitecture = 'v1model' | 'psa';

/** The stages of a program, in pipeline order. */
export function stageOrder(ir: IrProgram): readonly StageName[] {
  return ir.architecture === 'psa' ? PSA_STAGES : STAGES;
}

export interface IrParserState {
  readonly name: string;
  readonly id: number;
  readonly body: readonly IrStatement[];
  readonly transition: IrTransition;
  readonly span: Span;
}

export type IrTransition =
  | { readonly kind: 'goto'; readonly state: string; readonly span: Span }
  | { readonly kind: 'select'; readonly selectors: readonly IrExpression[]; readonly cases: readonly IrSelectCase[]; readonly span: Span };

export interface IrSelectCase {
  /** Per selector; `any` for `_`/`default`. */
  readonly keys: readonly IrSelectKey[];
  readonly state: string;
  readonly span: Span;
}

export type IrSelectKey =
  | { readonly kind: 'value'; readonly value: IrExpression }
  | { readonly kind: 'mask'; readonly value: IrExpression; readonly mask: IrExpression }
  | { readonly kind: 'range'; readonly lo: IrExpression; readonly hi: IrExpression }
  | { readonly kind: 'valueSet'; readonly name: string }
  | { readonly kind: 'any' };

interface IrStageBase {
  readonly name: StageName;
  /** The P4 declaration the stage comes from (`MyIngress`). */
  readonly p4Name: string;
  readonly locals: readonly IrVariable[];
  readonly span: Span;
}

export interface IrParserStage extends IrStageBase {
  readonly kind: 'parser';
  /** Statements of the parser's locals' initialisation, run before `start`. */
  readonly prologue: readonly IrStatement[];
  readonly states: readonly IrParserState[];
}

export interface IrControlStage extends IrStageBase {
  readonly kind: 'control';
  readonly body: readonly IrStatement[];
}

export type IrStage = IrParserStage | IrControlStage;

export interface IrValueSet {
  readonly name: string;
  readonly type: IrType;
  readonly size: number;
}

/** What a program of every architecture has. */
export interface IrProgramCommon {
  readonly source: string;
  readonly structs: readonly IrStructType[];
  readonly errors: readonly string[];
  readonly tables: readonly IrTable[];
  readonly actions: readonly IrAction[];
  readonly externs: readonly IrExternInstance[];
  readonly valueSets: readonly IrValueSet[];
  readonly sites: readonly ExternSite[];
}

/** A v1model program (`main` is a `V1Switch`). */
export interface IrV1Program extends IrProgramCommon {
  readonly architecture: 'v1model';
  /** The packet-carried variables: headers, user metadata, standard metadata. */
  readonly headers: IrVariable;
  readonly metadata: IrVariable;
  readonly standardMetadata: IrVariable;
  readonly stages: Readonly<Record<V1StageName, IrStage>>;
  /** `@field_list(N)` user-metadata fields per field list, for clone/resubmit/recirculate. */
  readonly fieldLists: ReadonlyMap<number, readonly string[]>;
}

/**
 * The packet-carried variables of a PSA program: each pipeline's headers and user metadata
 * (separate storage, even for the same types), the bridged metadata the deparsers hand to the
 * next parser, and the intrinsic structs (owned by the runtime's `PsaMetadata`).
 */
export interface IrPsaPacket {
  readonly ingressHeaders: IrVariable;
  readonly ingressMetadata: IrVariable;
  readonly egressHeaders: IrVariable;
  readonly egressMetadata: IrVariable;
  readonly resubmitMeta: IrVariable;
  readonly recirculateMeta: IrVariable;
  readonly normalMeta: IrVariable;
  readonly cloneI2EMeta: IrVariable;
  readonly cloneE2EMeta: IrVariable;
  readonly intrinsics: Readonly<Record<PsaIntrinsicName, IrVariable>>;
}

/** A PSA program (`main` is a `PSA_Switch`). */
export interface IrPsaProgram extends IrProgramCommon {
  readonly architecture: 'psa';
  readonly packet: IrPsaPacket;
  readonly stages: Readonly<Record<PsaStageName, IrStage>>;
}

export type IrProgram = IrV1Program | IrPsaProgram;

/** A program's stage by name (the name is one of its architecture's). */
export function stageOf(ir: IrProgram, name: StageName): IrStage {
  const stage = (ir.stages as Readonly<Record<string, IrStage>>)[name];
  if (stage === undefined) throw new Error(`${ir.architecture} has no stage ${name}`);
  return stage;
}
