import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../../../compiler/frontend.ts';
import { lowerProgram, type IrProgram } from '../../../compiler/ir/index.ts';
import { PSA_STAGES } from '../../../contract/psa.ts';

const FORWARD = new URL('../../fixtures/psa/forward.p4', import.meta.url).pathname;
const PSA_P4 = new URL('../../../compiler/p4include/psa.p4', import.meta.url).pathname;

function read(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Lowers `text` as `path`; `files` replaces other files (an include, say). */
function lower(path: string, text: string, files: Readonly<Record<string, string>> = {}, asyncAll = false): { ir: IrProgram | undefined; messages: string[] } {
  const result = runFrontEnd(path, { readFile: (p) => (p === path ? text : (files[p] ?? read(p))) });
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  const bag = new DiagnosticBag(result.unit!.sourceMap);
  const ir = lowerProgram(result.checked!, bag, { asyncAll }, path);
  return { ir, messages: bag.all.map((d) => d.message) };
}

describe('lowering a PSA program', () => {
  const source = readFileSync(FORWARD, 'utf8');

  it('makes the six PSA stages from the blocks of the two pipelines', () => {
    const { ir, messages } = lower(FORWARD, source);
    expect(messages).toEqual([]);
    expect(ir?.architecture).toBe('psa');
    if (ir?.architecture !== 'psa') return;
    expect(Object.keys(ir.stages)).toEqual([...PSA_STAGES]);
    expect(PSA_STAGES.map((s) => ir.stages[s].p4Name)).toEqual([
      'IngressParserImpl', 'IngressImpl', 'IngressDeparserImpl', 'EgressParserImpl', 'EgressImpl', 'EgressDeparserImpl',
    ]);
    expect([ir.stages.ingressParser.kind, ir.stages.ingress.kind, ir.stages.egressParser.kind]).toEqual(['parser', 'control', 'parser']);
  });

  it('gives ingress and egress their own headers and metadata, and binds the intrinsic structs', () => {
    const { ir } = lower(FORWARD, source);
    if (ir?.architecture !== 'psa') throw new Error('not PSA');
    const p = ir.packet;
    expect(p.ingressHeaders).not.toBe(p.egressHeaders);
    expect(p.ingressHeaders.type).toEqual(p.egressHeaders.type);
    expect(Object.fromEntries(Object.entries(p.intrinsics).map(([k, v]) => [k, v.type.kind === 'struct' ? v.type.decl.name : v.type.kind]))).toEqual({
      ingressParserInput: 'psa_ingress_parser_input_metadata_t',
      ingressInput: 'psa_ingress_input_metadata_t',
      ingressOutput: 'psa_ingress_output_metadata_t',
      egressParserInput: 'psa_egress_parser_input_metadata_t',
      egressInput: 'psa_egress_input_metadata_t',
      egressOutput: 'psa_egress_output_metadata_t',
      egressDeparserInput: 'psa_egress_deparser_input_metadata_t',
    });
  });

  it('accepts the pipelines written in place in main', () => {
    const inPlace = source
      .replace(/IngressPipeline\(([^;]*)\) ip;\n/, '')
      .replace(/EgressPipeline\(([^;]*)\) ep;\n/, '')
      .replace(
        'PSA_Switch(ip, PacketReplicationEngine(), ep, BufferingQueueingEngine()) main;',
        'PSA_Switch(IngressPipeline(IngressParserImpl(), IngressImpl(), IngressDeparserImpl()), PacketReplicationEngine(), EgressPipeline(EgressParserImpl(), EgressImpl(), EgressDeparserImpl()), BufferingQueueingEngine()) main;',
      );
    expect(inPlace).not.toContain(') ip;');
    const { ir, messages } = lower(FORWARD, inPlace);
    expect(messages).toEqual([]);
    expect(ir?.architecture).toBe('psa');
  });

  it('starts per-packet checksum externs cleared in the stage that declares them', () => {
    const withChecksum = source.replace('                         in empty_t resubmit_meta, in empty_t recirculate_meta) {\n', '                         in empty_t resubmit_meta, in empty_t recirculate_meta) {\n    InternetChecksum() ck;\n').replace('        pkt.extract(hdr.ethernet);\n        transition accept;', '        pkt.extract(hdr.ethernet);\n        ck.add(hdr.ethernet);\n        transition accept;');
    expect(withChecksum).toContain('InternetChecksum() ck;');
    const { ir } = lower(FORWARD, withChecksum, {}, true);
    if (ir?.architecture !== 'psa') throw new Error('not PSA');
    const first = ir.stages.ingressParser.kind === 'parser' ? ir.stages.ingressParser.prologue[0] : undefined;
    expect(first?.kind === 'callExtern' ? [first.call.name, first.call.instance?.name, first.call.site] : first).toEqual(['InternetChecksum.clear', 'IngressParserImpl.ck', undefined]);
    // with asyncAll the program's own calls are sites, the architecture's clear is not
    expect(ir.sites.map((s) => s.extern)).toEqual(['InternetChecksum.add']);
  });

  it('refuses a psa.p4 whose intrinsic metadata the runtime cannot hold', () => {
    const narrow = readFileSync(PSA_P4, 'utf8').replace('typedef bit<64> TimestampUint_t;', 'typedef bit<48> TimestampUint_t;');
    const local = FORWARD.replace(/forward\.p4$/, 'psa.p4');
    const { ir, messages } = lower(FORWARD, source.replace('#include <psa.p4>', '#include "psa.p4"'), { [local]: narrow });
    expect(ir).toBeUndefined();
    expect(messages.join('\n')).toContain('psa_ingress_input_metadata_t: field 3 should be ingress_timestamp: bit<64>');
  });
});
