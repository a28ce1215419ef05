/**
 * The IR stage's entry: lowers a checked program into one unit per architecture stage — a
 * v1model program (`main` a `V1Switch`) here, a PSA program (`main` a `PSA_Switch`) in
 * `lower-psa.ts`. The pieces both use (top-level declarations, a stage with its parameters bound
 * to packet-carried variables) are here too.
 */
import { PSA } from '../../contract/psa.ts';
import { V1MODEL } from '../../contract/v1model.ts';
import type { ControlDeclaration, Expression, ParserDeclaration } from '../ast/nodes.ts';
import type { CheckedProgram, ResolvedCall } from '../check/checked-program.ts';
import type { DiagnosticBag } from '../diagnostics/index.ts';
import { LoweringDiagnostics } from '../diagnostics/codes/lowering.ts';
import { computeLiveSets } from './extern-sites.ts';
import { Frame, LoweringError, ProgramLowering, StageBuilder, type ExternSitePolicy } from './lowering-context.ts';
import type { IrExpression, IrProgram, IrProgramCommon, IrStage, IrStatement, IrStructType, IrType, IrV1Program, IrVariable, StageName, V1StageName } from './nodes.ts';
import { lowerPsaSwitch } from './lower-psa.ts';
import { controlPlaneName, lowerControlApply, lowerLocalInstantiation } from './lower-control.ts';
import { lowerExpression } from './lower-expression.ts';
import { lowerParser } from './lower-parser.ts';
import { STAGES } from './nodes.ts';

/** The roles of each stage's parameters, in the order v1model declares them. */
const PARAMETER_ROLES: Record<V1StageName, readonly ('packet' | 'hdr' | 'meta' | 'sm')[]> = {
  parser: ['packet', 'hdr', 'meta', 'sm'],
  verifyChecksum: ['hdr', 'meta'],
  ingress: ['hdr', 'meta', 'sm'],
  egress: ['hdr', 'meta', 'sm'],
  computeChecksum: ['hdr', 'meta'],
  deparser: ['packet', 'hdr'],
};

const NO_SPAN = { start: 0, end: 0 };

export function lowerProgram(
  checked: CheckedProgram,
  diagnostics: DiagnosticBag,
  policy: ExternSitePolicy,
  source: string,
): IrProgram | undefined {
  const main = checked.main;
  if (main === undefined) {
    diagnostics.report(LoweringDiagnostics.NoMain, undefined);
    return undefined;
  }
  const architecture = main.type.name === V1MODEL.packageType ? 'v1model' : main.type.name === PSA.packageType ? 'psa' : undefined;
  if (architecture === undefined) {
    diagnostics.report(LoweringDiagnostics.NotV1Model, main.decl.span, [main.type.name]);
    return undefined;
  }
  const lowering = new ProgramLowering(checked, diagnostics, policy, architecture);
  try {
    return architecture === 'psa' ? lowerPsaSwitch(lowering, source) : lowerV1Switch(lowering, source);
  } catch (error) {
    if (error instanceof LoweringError) {
      lowering.report(error);
      return undefined;
    }
    throw error;
  }
}

/**
 * The program's top-level frame: top-level actions (named as the control plane sees them) and
 * top-level extern instances.
 */
export function topLevelFrame(lowering: ProgramLowering, setupStage: StageName): Frame {
  const checked = lowering.checked;
  const top = new Frame(undefined, '', undefined, undefined);
  const setup = new StageBuilder(lowering, setupStage, top);
  for (const d of checked.program.declarations) {
    if (d.kind === 'ActionDeclaration') top.actions.set(d, { name: controlPlaneName('', d.name.name, d.annotations), frame: top });
    if (d.kind === 'Instantiation' && d !== checked.main?.decl) {
      const resolved = checked.instances.get(d);
      if (resolved?.type.kind === 'extern') lowerLocalInstantiation(setup, d, top);
    }
  }
  return top;
}

function lowerV1Switch(lowering: ProgramLowering, source: string): IrV1Program {
  const checked = lowering.checked;
  const main = checked.main!;
  const top = topLevelFrame(lowering, 'ingress');

  const stageDecls = main.arguments.map((a) => a.declaration);
  const parserDecl = stageDecls[0];
  if (parserDecl?.kind !== 'ParserDeclaration') throw new LoweringError('V1Switch needs a parser implementation', main.decl.span);
  const packetTypes = packetVariableTypes(lowering, parserDecl);
  const packetVariable = (name: string, type: IrType): IrVariable => ({ kind: 'packet', id: lowering.newVariableId(), name, type, span: NO_SPAN });
  const headers = packetVariable('hdr', packetTypes.hdr);
  const metadata = packetVariable('meta', packetTypes.meta);
  const standardMetadata = packetVariable('sm', packetTypes.sm);
  const packetVariables = { hdr: headers, meta: metadata, sm: standardMetadata };

  const stages = {} as Record<V1StageName, IrStage>;
  STAGES.forEach((name, index) => {
    const decl = stageDecls[index];
    if (decl?.kind !== 'ParserDeclaration' && decl?.kind !== 'ControlDeclaration') {
      throw new LoweringError(`V1Switch argument ${index + 1} (${name}) has no implementation`, main.decl.span);
    }
    const argument = main.arguments[index]?.argument;
    const constructorCall = argument?.kind === 'CallExpression' ? checked.calls.get(argument) : undefined;
    const bindings = PARAMETER_ROLES[name].map((role) =>
      role === 'packet' ? role : { kind: 'value' as const, expression: { kind: 'variable' as const, type: packetVariables[role].type, variable: packetVariables[role], span: NO_SPAN } },
    );
    stages[name] = lowerStage(lowering, name, decl, top, bindings, constructorCall);
  });

  computeLiveSets(stages, lowering.sites);
  return {
    architecture: 'v1model',
    ...programCommon(lowering, source),
    headers,
    metadata,
    standardMetadata,
    stages,
    fieldLists: fieldListsOf(packetTypes.meta),
  };
}

/** The parts of a lowered program every architecture has: types, errors, tables, actions, externs, sites. */
export function programCommon(lowering: ProgramLowering, source: string): IrProgramCommon {
  return {
    source,
    structs: lowering.structs.all,
    errors: lowering.checked.errorMembers,
    tables: [...lowering.tables.values()],
    actions: [...lowering.actions.values()],
    externs: [...lowering.externs.values()],
    valueSets: lowering.valueSets,
    sites: lowering.sites,
  };
}

/** The type of parameter `index` of a stage's declaration. */
export function parameterType(lowering: ProgramLowering, decl: ParserDeclaration | ControlDeclaration, index: number): IrType {
  const p = decl.parameters[index];
  const symbol = p ? lowering.checked.declarations.get(p) : undefined;
  if (symbol?.kind !== 'parameter') throw new LoweringError(`${decl.name.name}: parameter ${index + 1} is missing`, decl.span);
  return lowering.structs.lower(symbol.type);
}

function packetVariableTypes(lowering: ProgramLowering, parser: ParserDeclaration) {
  return { hdr: parameterType(lowering, parser, 1), meta: parameterType(lowering, parser, 2), sm: parameterType(lowering, parser, 3) };
}

/** What a stage parameter is bound to: the packet (`packet_in`/`packet_out`) or a value. */
export type StageParameterBinding = 'packet' | { readonly kind: 'value'; readonly expression: IrExpression };

/**
 * Lowers one stage: `decl` with its parameters bound by position to `bindings` (packet-carried
 * variables, so a stage reads and writes them in place) and its constructor arguments (from
 * the call instantiating it in `main`, if any) bound as constants.
 */
export function lowerStage(
  lowering: ProgramLowering,
  name: StageName,
  decl: ParserDeclaration | ControlDeclaration,
  top: Frame,
  bindings: readonly StageParameterBinding[],
  constructorCall: ResolvedCall | Omit<ResolvedCall, 'target'> | undefined,
): IrStage {
  const b = new StageBuilder(lowering, name, top);
  const prefix = controlPlaneName('', decl.name.name, decl.annotations);
  const frame = new Frame(top, prefix, undefined, undefined);
  bindings.forEach((binding, i) => {
    const p = decl.parameters[i];
    if (p === undefined) return;
    if (binding === 'packet') frame.bind(p, { kind: decl.kind === 'ParserDeclaration' ? 'packet_in' : 'packet_out' });
    else frame.bind(p, binding);
  });
  for (const arg of decl.constructorParameters.length > 0 ? (constructorCall?.arguments ?? []) : []) {
    const value = arg.argument?.value ?? arg.defaultValue;
    if (value !== undefined) frame.bind(arg.parameter.decl, { kind: 'value', expression: lowerExpression(b, value, frame, []) });
  }
  if (decl.kind === 'ParserDeclaration') {
    const { prologue, states } = lowerParser(b, decl, frame);
    return { kind: 'parser', name, p4Name: decl.name.name, locals: b.locals, prologue: [...b.clearPerPacketExterns(decl.span), ...prologue], states, span: decl.span };
  }
  const body: IrStatement[] = [];
  lowerControlApply(b, decl, frame, body);
  return { kind: 'control', name, p4Name: decl.name.name, locals: b.locals, body: [...b.clearPerPacketExterns(decl.span), ...body], span: decl.span };
}

/** The resolved call instantiating the parser/control `e` denotes (`P()`, or an instance's name). */
export function instantiationOf(lowering: ProgramLowering, e: Expression | undefined): { decl: ParserDeclaration | ControlDeclaration | undefined; call: ResolvedCall | Omit<ResolvedCall, 'target'> | undefined } {
  const checked = lowering.checked;
  if (e?.kind === 'CallExpression') {
    const call = checked.calls.get(e);
    const decl = call?.target.kind === 'constructor' ? call.target.type.decl : undefined;
    return { decl: decl?.kind === 'ParserDeclaration' || decl?.kind === 'ControlDeclaration' ? decl : undefined, call };
  }
  if (e?.kind === 'PathExpression') {
    const symbol = checked.names.get(e);
    const instance = symbol?.kind === 'instance' ? checked.instances.get(symbol.decl) : undefined;
    const decl = instance?.type.decl;
    return { decl: decl?.kind === 'ParserDeclaration' || decl?.kind === 'ControlDeclaration' ? decl : undefined, call: instance?.call };
  }
  return { decl: undefined, call: undefined };
}

/** `@field_list(N, ...)` annotations on user-metadata fields, by list number. */
function fieldListsOf(meta: IrType): ReadonlyMap<number, readonly string[]> {
  const lists = new Map<number, string[]>();
  if (meta.kind !== 'struct') return lists;
  const visit = (struct: IrStructType, path: string): void => {
    for (const f of struct.fields) {
      const ids = f.annotations.get('field_list');
      for (const id of ids ?? []) {
        if (typeof id !== 'bigint') continue;
        const n = Number(id);
        const list = lists.get(n) ?? [];
        list.push(`${path}${f.name}`);
        lists.set(n, list);
      }
    }
  };
  visit(meta.decl, '');
  return lists;
}
