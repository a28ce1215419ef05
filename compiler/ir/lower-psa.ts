/**
 * Lowering of a PSA program: `main` is a `PSA_Switch(ingress, pre, egress, bqe)` whose pipelines
 * are `IngressPipeline(parser, control, deparser)` and `EgressPipeline(parser, control,
 * deparser)` instances (named, or written in place). Each of the six blocks becomes a stage
 * whose parameters are bound to packet-carried variables (`IrPsaPacket`):
 *
 * | stage            | parameters, in order                                                         |
 * |------------------|------------------------------------------------------------------------------|
 * | ingressParser    | packet, ihdr, imeta, ingress_parser_input, resubmit_meta, recirculate_meta   |
 * | ingress          | ihdr, imeta, ingress_input, ingress_output                                   |
 * | ingressDeparser  | packet, clone_i2e_meta, resubmit_meta, normal_meta, ihdr, imeta, ingress_output |
 * | egressParser     | packet, ehdr, emeta, egress_parser_input, normal_meta, clone_i2e_meta, clone_e2e_meta |
 * | egress           | ehdr, emeta, egress_input, egress_output                                     |
 * | egressDeparser   | packet, clone_e2e_meta, recirculate_meta, ehdr, emeta, egress_output, egress_deparser_input |
 *
 * The intrinsic structs must be laid out as `contract/psa.ts` says (the runtime owns them).
 */
import { PSA_METADATA_LAYOUT, type PsaFieldKind, type PsaIntrinsicName, type PsaStageName } from '../../contract/psa.ts';
import type { Expression } from '../ast/nodes.ts';
import type { BoundArgument } from '../check/checked-program.ts';
import { computeLiveSets } from './extern-sites.ts';
import { LoweringError, type ProgramLowering } from './lowering-context.ts';
import { instantiationOf, lowerStage, parameterType, programCommon, topLevelFrame, type StageParameterBinding } from './lower-program.ts';
import type { IrPsaPacket, IrPsaProgram, IrStage, IrVariable } from './nodes.ts';

const NO_SPAN = { start: 0, end: 0 };

/** The packet-carried variables, by the names generated code gives them. */
type PacketRole =
  | 'ihdr' | 'imeta' | 'ehdr' | 'emeta'
  | 'resubmit_meta' | 'recirculate_meta' | 'normal_meta' | 'clone_i2e_meta' | 'clone_e2e_meta'
  | 'ingress_parser_input' | 'ingress_input' | 'ingress_output'
  | 'egress_parser_input' | 'egress_input' | 'egress_output' | 'egress_deparser_input';

const INTRINSIC_ROLES: Readonly<Record<PsaIntrinsicName, PacketRole>> = {
  ingressParserInput: 'ingress_parser_input',
  ingressInput: 'ingress_input',
  ingressOutput: 'ingress_output',
  egressParserInput: 'egress_parser_input',
  egressInput: 'egress_input',
  egressOutput: 'egress_output',
  egressDeparserInput: 'egress_deparser_input',
};

/** Each stage's parameters (`packet` for packet_in / packet_out). */
const PARAMETER_ROLES: Readonly<Record<PsaStageName, readonly (PacketRole | 'packet')[]>> = {
  ingressParser: ['packet', 'ihdr', 'imeta', 'ingress_parser_input', 'resubmit_meta', 'recirculate_meta'],
  ingress: ['ihdr', 'imeta', 'ingress_input', 'ingress_output'],
  ingressDeparser: ['packet', 'clone_i2e_meta', 'resubmit_meta', 'normal_meta', 'ihdr', 'imeta', 'ingress_output'],
  egressParser: ['packet', 'ehdr', 'emeta', 'egress_parser_input', 'normal_meta', 'clone_i2e_meta', 'clone_e2e_meta'],
  egress: ['ehdr', 'emeta', 'egress_input', 'egress_output'],
  egressDeparser: ['packet', 'clone_e2e_meta', 'recirculate_meta', 'ehdr', 'emeta', 'egress_output', 'egress_deparser_input'],
};

/** Where each stage sits: package argument of PSA_Switch (0 ingress, 2 egress), then of the pipeline. */
const STAGE_PLACES: readonly { readonly stage: PsaStageName; readonly pipeline: 0 | 2; readonly block: number }[] = [
  { stage: 'ingressParser', pipeline: 0, block: 0 },
  { stage: 'ingress', pipeline: 0, block: 1 },
  { stage: 'ingressDeparser', pipeline: 0, block: 2 },
  { stage: 'egressParser', pipeline: 2, block: 0 },
  { stage: 'egress', pipeline: 2, block: 1 },
  { stage: 'egressDeparser', pipeline: 2, block: 2 },
];

export function lowerPsaSwitch(lowering: ProgramLowering, source: string): IrPsaProgram {
  const checked = lowering.checked;
  const main = checked.main!;
  const top = topLevelFrame(lowering, 'ingress');

  // The six blocks with their constructor calls, through the two pipeline packages.
  const blocks = STAGE_PLACES.map(({ stage, pipeline, block }) => {
    const pipelineArgs = packageArguments(lowering, main.arguments[pipeline]?.argument);
    if (pipelineArgs === undefined) throw new LoweringError(`PSA_Switch argument ${pipeline + 1} is not an ${pipeline === 0 ? 'IngressPipeline' : 'EgressPipeline'}`, main.decl.span);
    const found = instantiationOf(lowering, pipelineArgs[block]?.argument?.value);
    if (found.decl === undefined) throw new LoweringError(`${stage}: the pipeline's argument ${block + 1} has no implementation`, main.decl.span);
    return { stage, ...found, decl: found.decl };
  });

  // Packet-carried variables, typed by the parameters that carry them.
  const roles = new Map<PacketRole, IrVariable>();
  for (const { stage, decl } of blocks) {
    PARAMETER_ROLES[stage].forEach((role, i) => {
      if (role === 'packet' || roles.has(role)) return;
      roles.set(role, { kind: 'packet', id: lowering.newVariableId(), name: role, type: parameterType(lowering, decl, i), span: NO_SPAN });
    });
  }
  const variable = (role: PacketRole): IrVariable => roles.get(role)!;
  for (const struct of PSA_METADATA_LAYOUT) checkIntrinsic(variable(INTRINSIC_ROLES[struct.property]), struct.p4Name, struct.fields, main.decl.span);

  const stages = {} as Record<PsaStageName, IrStage>;
  for (const { stage, decl, call } of blocks) {
    const bindings: StageParameterBinding[] = PARAMETER_ROLES[stage].map((role) => {
      if (role === 'packet') return 'packet';
      const v = variable(role);
      return { kind: 'value', expression: { kind: 'variable', type: v.type, variable: v, span: NO_SPAN } };
    });
    stages[stage] = lowerStage(lowering, stage, decl, top, bindings, call);
  }
  computeLiveSets(stages, lowering.sites);

  const intrinsics = Object.fromEntries(Object.entries(INTRINSIC_ROLES).map(([name, role]) => [name, variable(role)])) as Record<PsaIntrinsicName, IrVariable>;
  const packet: IrPsaPacket = {
    ingressHeaders: variable('ihdr'),
    ingressMetadata: variable('imeta'),
    egressHeaders: variable('ehdr'),
    egressMetadata: variable('emeta'),
    resubmitMeta: variable('resubmit_meta'),
    recirculateMeta: variable('recirculate_meta'),
    normalMeta: variable('normal_meta'),
    cloneI2EMeta: variable('clone_i2e_meta'),
    cloneE2EMeta: variable('clone_e2e_meta'),
    intrinsics,
  };
  return { architecture: 'psa', ...programCommon(lowering, source), packet, stages };
}

/** The arguments of the pipeline package `e` denotes (`ip`, or `IngressPipeline(...)` in place). */
function packageArguments(lowering: ProgramLowering, e: Expression | undefined): readonly BoundArgument[] | undefined {
  const checked = lowering.checked;
  if (e?.kind === 'CallExpression') {
    const call = checked.calls.get(e);
    return call?.target.kind === 'constructor' && call.target.type.kind === 'package' ? call.arguments : undefined;
  }
  if (e?.kind === 'PathExpression') {
    const symbol = checked.names.get(e);
    const instance = symbol?.kind === 'instance' ? checked.instances.get(symbol.decl) : undefined;
    return instance?.type.kind === 'package' ? instance.call.arguments : undefined;
  }
  return undefined;
}

/** The runtime holds the intrinsic structs: their fields must be the contract's. */
function checkIntrinsic(v: IrVariable, p4Name: string, fields: readonly { readonly name: string; readonly kind: PsaFieldKind }[], span: { start: number; end: number }): void {
  const type = v.type;
  const problem = (what: string) => new LoweringError(`${p4Name}: ${what}; p4ts runs PSA programs with the widths of its own psa.p4`, span);
  if (type.kind !== 'struct') throw problem(`expected a struct, found a ${type.kind}`);
  const actual = type.decl.fields;
  if (actual.length !== fields.length) throw problem(`expected ${fields.length} fields, found ${actual.length}`);
  fields.forEach((expected, i) => {
    const f = actual[i]!;
    const t = f.type;
    const ok =
      f.name === expected.name &&
      (expected.kind.kind === 'bits'
        ? t.kind === 'bits' && !t.signed && t.width === expected.kind.width
        : expected.kind.kind === 'enum'
          ? t.kind === 'enum'
          : t.kind === expected.kind.kind);
    if (!ok) throw problem(`field ${i + 1} should be ${describe(expected.name, expected.kind)}`);
  });
}

function describe(name: string, kind: PsaFieldKind): string {
  switch (kind.kind) {
    case 'bits':
      return `${name}: bit<${kind.width}>`;
    case 'enum':
      return `${name}: ${kind.name}`;
    default:
      return `${name}: ${kind.kind}`;
  }
}
