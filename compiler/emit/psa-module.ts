/**
 * What a PSA program adds to the generated module (see `ModuleParts` in `emit-module.ts`): the
 * packet's state holds the runtime's intrinsic metadata (`psa`), each pipeline's headers and
 * user metadata, the five bridged metadata values and the per-packet extern objects; the
 * program object tells the switch how to reset and copy them (`runtime/psa/program.ts`).
 */
import { variablesUsedIn } from '../ir/extern-sites.ts';
import type { IrPsaProgram, IrStage, IrVariable } from '../ir/nodes.ts';
import type { EmitOptions } from './index.ts';
import type { ModuleParts } from './emit-module.ts';
import { maxEmitBytes } from './emit-module.ts';
import type { RuntimeImports } from './imports.ts';
import { isPerPacketExtern, perPacketExternField } from './psa-externs.ts';
import { tsType } from './representation.ts';
import type { PacketAccess } from './stages.ts';
import { copyStatements, initialValue, resetStatements } from './state-classes.ts';

const PROGRAM_TYPES = { sync: 'PsaSyncProgram', context: 'PsaContextProgram', longjump: 'PsaLongjumpProgram' } as const;

export function psaModuleParts(ir: IrPsaProgram, imports: RuntimeImports, mode: EmitOptions['mode']): ModuleParts {
  const p = ir.packet;
  // Storage of the program's own: headers and user metadata, then the bridged metadata.
  const owned: readonly IrVariable[] = [
    p.ingressHeaders, p.ingressMetadata, p.egressHeaders, p.egressMetadata,
    p.resubmitMeta, p.recirculateMeta, p.normalMeta, p.cloneI2EMeta, p.cloneE2EMeta,
  ];
  const intrinsic = new Map<IrVariable, string>(Object.entries(p.intrinsics).map(([property, v]) => [v, property]));
  const accessOf = (v: IrVariable): string => {
    const property = intrinsic.get(v);
    return property === undefined ? `d.state.${v.name}` : `d.state.psa.${property}`;
  };
  const programType = imports.useType('psa', PROGRAM_TYPES[mode]);
  const reset = (vars: readonly IrVariable[]) => vars.flatMap((v) => resetStatements(`s.${v.name}`, v.type)).join(' ');
  const copy = (vars: readonly IrVariable[]) => vars.flatMap((v) => copyStatements(`dst.${v.name}`, `src.${v.name}`, v.type)).join(' ');
  const emitBound = (stage: IrStage): number | undefined => (stage.kind === 'control' ? maxEmitBytes(stage.body) : undefined);

  return {
    description: ['// Each stage function below is one block of the PSA PSA_Switch package; comments name', '// the P4 source line each piece comes from.'],
    programType,
    packetAccess(stage: IrStage): PacketAccess {
      const used = variablesUsedIn(stage);
      const aliases = [...used]
        .filter((v) => v.kind === 'packet')
        .sort((a, b) => a.id - b.id)
        .map((v) => ({ name: v.name, access: accessOf(v) }));
      const parserError = stage.name === 'egressParser' ? 'd.state.psa.egressInput.parser_error' : 'd.state.psa.ingressInput.parser_error';
      return { aliases, parserError };
    },
    stateFields() {
      const lines = [`readonly psa = new ${imports.use('psa', 'PsaMetadata')}();`];
      for (const v of owned) lines.push(`readonly ${v.name}: ${tsType(v.type)} = ${initialValue(v.type)};`);
      for (const x of ir.externs) if (isPerPacketExtern(x)) lines.push(`/** ${x.type} ${x.name}: its state is the packet's */`, perPacketExternField(x, imports));
      return lines;
    },
    beforeReturn: () => [],
    properties() {
      const lines = [
        "architecture: 'psa',",
        `resetIngress: (s: State) => { ${reset([p.ingressHeaders, p.ingressMetadata])} },`,
        `resetEgress: (s: State) => { ${reset([p.egressHeaders, p.egressMetadata])} },`,
        `resetBridged: (s: State) => { ${reset([p.resubmitMeta, p.recirculateMeta, p.normalMeta, p.cloneI2EMeta, p.cloneE2EMeta])} },`,
        `copyState: (dst: State, src: State) => { ${copy(owned)} },`,
        `copyCloneI2E: (dst: State, src: State) => { ${copy([p.cloneI2EMeta])} },`,
        `copyCloneE2E: (dst: State, src: State) => { ${copy([p.cloneE2EMeta])} },`,
      ];
      const ingressBound = emitBound(ir.stages.ingressDeparser);
      const egressBound = emitBound(ir.stages.egressDeparser);
      if (ingressBound !== undefined) lines.push(`ingressMaxEmitBytes: ${ingressBound},`);
      if (egressBound !== undefined) lines.push(`egressMaxEmitBytes: ${egressBound},`);
      return lines;
    },
  };
}
