/**
 * The IR stage's entry: lowers a checked v1model program (the `V1Switch` package instance
 * `main`) into one unit per architecture stage.
 */
import { V1MODEL } from '../../contract/v1model.ts';
import type { ControlDeclaration, Declaration, ParserDeclaration } from '../ast/nodes.ts';
import type { CheckedProgram } from '../check/checked-program.ts';
import type { DiagnosticBag } from '../diagnostics/index.ts';
import { LoweringDiagnostics } from '../diagnostics/codes/lowering.ts';
import { computeLiveSets } from './extern-sites.ts';
import { Frame, LoweringError, ProgramLowering, StageBuilder, type ExternSitePolicy } from './lowering-context.ts';
import type { IrProgram, IrStage, IrStatement, IrStructType, IrType, IrVariable, StageName } from './nodes.ts';
import { controlPlaneName, lowerControlApply, lowerLocalInstantiation } from './lower-control.ts';
import { lowerExpression } from './lower-expression.ts';
import { lowerParser } from './lower-parser.ts';
import { STAGES } from './nodes.ts';

/** The roles of each stage's parameters, in the order v1model declares them. */
const PARAMETER_ROLES: Record<StageName, readonly ('packet' | 'hdr' | 'meta' | 'sm')[]> = {
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
  if (main.type.name !== V1MODEL.packageType) {
    diagnostics.report(LoweringDiagnostics.NotV1Model, main.decl.span, [main.type.name]);
    return undefined;
  }
  const lowering = new ProgramLowering(checked, diagnostics, policy);
  try {
    return lowerV1Switch(lowering, source);
  } catch (error) {
    if (error instanceof LoweringError) {
      lowering.report(error);
      return undefined;
    }
    throw error;
  }
}

function lowerV1Switch(lowering: ProgramLowering, source: string): IrProgram {
  const checked = lowering.checked;
  const main = checked.main!;
  const top = new Frame(undefined, '', undefined, undefined);
  const setup = new StageBuilder(lowering, 'ingress', top);
  for (const d of checked.program.declarations) {
    if (d.kind === 'ActionDeclaration') top.actions.set(d, { name: controlPlaneName('', d.name.name, d.annotations), frame: top });
    if (d.kind === 'Instantiation' && d !== main.decl) {
      const resolved = checked.instances.get(d);
      if (resolved?.type.kind === 'extern') lowerLocalInstantiation(setup, d, top);
    }
  }

  const stageDecls = main.arguments.map((a) => a.declaration);
  const parserDecl = stageDecls[0];
  if (parserDecl?.kind !== 'ParserDeclaration') throw new LoweringError('V1Switch needs a parser implementation', main.decl.span);
  const packetTypes = packetVariableTypes(lowering, parserDecl);
  const packetVariable = (name: string, type: IrType): IrVariable => ({ kind: 'packet', id: lowering.newVariableId(), name, type, span: NO_SPAN });
  const headers = packetVariable('hdr', packetTypes.hdr);
  const metadata = packetVariable('meta', packetTypes.meta);
  const standardMetadata = packetVariable('sm', packetTypes.sm);
  const packetVariables = { hdr: headers, meta: metadata, sm: standardMetadata };

  const stages = {} as Record<StageName, IrStage>;
  STAGES.forEach((name, index) => {
    const decl = stageDecls[index];
    if (decl?.kind !== 'ParserDeclaration' && decl?.kind !== 'ControlDeclaration') {
      throw new LoweringError(`V1Switch argument ${index + 1} (${name}) has no implementation`, main.decl.span);
    }
    stages[name] = lowerStage(lowering, name, decl, top, packetVariables, index);
  });

  computeLiveSets(stages, lowering.sites);
  return {
    source,
    structs: lowering.structs.all,
    errors: checked.errorMembers,
    headers,
    metadata,
    standardMetadata,
    stages,
    tables: [...lowering.tables.values()],
    actions: [...lowering.actions.values()],
    externs: [...lowering.externs.values()],
    valueSets: lowering.valueSets,
    sites: lowering.sites,
    fieldLists: fieldListsOf(packetTypes.meta),
  };
}

function parameterType(lowering: ProgramLowering, decl: ParserDeclaration | ControlDeclaration, index: number): IrType {
  const p = decl.parameters[index];
  const symbol = p ? lowering.checked.declarations.get(p) : undefined;
  if (symbol?.kind !== 'parameter') throw new LoweringError(`${decl.name.name}: parameter ${index + 1} is missing`, decl.span);
  return lowering.structs.lower(symbol.type);
}

function packetVariableTypes(lowering: ProgramLowering, parser: ParserDeclaration) {
  return { hdr: parameterType(lowering, parser, 1), meta: parameterType(lowering, parser, 2), sm: parameterType(lowering, parser, 3) };
}

function lowerStage(
  lowering: ProgramLowering,
  name: StageName,
  decl: ParserDeclaration | ControlDeclaration,
  top: Frame,
  packetVariables: Record<'hdr' | 'meta' | 'sm', IrVariable>,
  argumentIndex: number,
): IrStage {
  const b = new StageBuilder(lowering, name, top);
  const prefix = controlPlaneName('', decl.name.name, decl.annotations);
  const frame = new Frame(top, prefix, undefined, undefined);
  PARAMETER_ROLES[name].forEach((role, i) => {
    const p = decl.parameters[i];
    if (p === undefined) return;
    if (role === 'packet') {
      frame.bind(p, { kind: decl.kind === 'ParserDeclaration' ? 'packet_in' : 'packet_out' });
      return;
    }
    const v = packetVariables[role];
    frame.bind(p, { kind: 'value', expression: { kind: 'variable', type: v.type, variable: v, span: p.span } });
  });
  bindConstructorArguments(lowering, b, decl, frame, argumentIndex);
  if (decl.kind === 'ParserDeclaration') {
    const { prologue, states } = lowerParser(b, decl, frame);
    return { kind: 'parser', name, p4Name: decl.name.name, locals: b.locals, prologue, states, span: decl.span };
  }
  const body: IrStatement[] = [];
  lowerControlApply(b, decl, frame, body);
  return { kind: 'control', name, p4Name: decl.name.name, locals: b.locals, body, span: decl.span };
}

/** Constructor arguments of a stage instance in `main` (`MyIngress(5)`) bind as constants. */
function bindConstructorArguments(
  lowering: ProgramLowering,
  b: StageBuilder,
  decl: Declaration & (ParserDeclaration | ControlDeclaration),
  frame: Frame,
  argumentIndex: number,
): void {
  if (decl.constructorParameters.length === 0) return;
  const argument = lowering.checked.main!.arguments[argumentIndex]?.argument;
  if (argument?.kind !== 'CallExpression') return;
  const call = lowering.checked.calls.get(argument);
  for (const arg of call?.arguments ?? []) {
    const value = arg.argument?.value ?? arg.defaultValue;
    if (value !== undefined) frame.bind(arg.parameter.decl, { kind: 'value', expression: lowerExpression(b, value, frame, []) });
  }
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
