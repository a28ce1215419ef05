import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runFrontEnd } from '../../../../compiler/frontend.ts';
import { run } from './harness.ts';

/** Our psa.p4 as a program including it by `name` sees it (read from disk). */
function declarations(name: string): string {
  const { code, diagnostics } = run({ 'main.p4': `#include <core.p4>\n#include <${name}>\n` }, 'main.p4', { readFile: undefined });
  expect(diagnostics).toEqual([]);
  return code;
}

const FORWARD = new URL('../../../fixtures/psa/forward.p4', import.meta.url).pathname;

describe('built-in psa.p4', () => {
  it('is the same file under psa.p4 and bmv2/psa.p4 (the BMv2 widths)', () => {
    const psa = declarations('psa.p4');
    expect(declarations('bmv2/psa.p4')).toBe(psa);
    for (const text of [
      'typedef bit<32> PortIdUint_t;',
      'typedef bit<32> MulticastGroupUint_t;',
      'typedef bit<16> CloneSessionIdUint_t;',
      'typedef bit<8> ClassOfServiceUint_t;',
      'typedef bit<16> PacketLengthUint_t;',
      'typedef bit<16> EgressInstanceUint_t;',
      'typedef bit<64> TimestampUint_t;',
      'const PortId_t PSA_PORT_RECIRCULATE = (PortId_t) 0xfffffffa;',
      'const PortId_t PSA_PORT_CPU = (PortId_t) 0xfffffffd;',
      'enum PSA_PacketPath_t { NORMAL, NORMAL_UNICAST, NORMAL_MULTICAST, CLONE_I2E, CLONE_E2E, RESUBMIT, RECIRCULATE }',
      'enum PSA_MeterColor_t { RED, GREEN, YELLOW }',
      'enum PSA_HashAlgorithm_t { IDENTITY, CRC32, CRC32_CUSTOM, CRC16, CRC16_CUSTOM, ONES_COMPLEMENT16, TARGET_DEFAULT }',
      'package PSA_Switch<IH, IM, EH, EM, NM, CI2EM, CE2EM, RESUBM, RECIRCM>(',
    ]) {
      expect(psa).toContain(text);
    }
    expect(psa).not.toContain('dpdk_execute');
  });

  it('declares every field of the metadata structs in the specification order', () => {
    const psa = declarations('psa.p4');
    const fields = (struct: string) => [...(new RegExp(`struct ${struct} \\{([^}]*)\\}`).exec(psa)?.[1] ?? '').matchAll(/(\w+);/g)].map((m) => m[1]);
    expect(fields('psa_ingress_parser_input_metadata_t')).toEqual(['ingress_port', 'packet_path']);
    expect(fields('psa_ingress_input_metadata_t')).toEqual(['ingress_port', 'packet_path', 'ingress_timestamp', 'parser_error']);
    expect(fields('psa_ingress_output_metadata_t')).toEqual(['class_of_service', 'clone', 'clone_session_id', 'drop', 'resubmit', 'multicast_group', 'egress_port']);
    expect(fields('psa_egress_parser_input_metadata_t')).toEqual(['egress_port', 'packet_path']);
    expect(fields('psa_egress_input_metadata_t')).toEqual(['class_of_service', 'egress_port', 'packet_path', 'instance', 'egress_timestamp', 'parser_error']);
    expect(fields('psa_egress_deparser_input_metadata_t')).toEqual(['egress_port']);
    expect(fields('psa_egress_output_metadata_t')).toEqual(['clone', 'clone_session_id', 'drop']);
  });

  it('adds the DPDK forms of count and execute under dpdk/psa.p4 only', () => {
    const dpdk = declarations('dpdk/psa.p4');
    expect(dpdk).toContain('void count(in S index, in bit<32> pkt_len);');
    expect(dpdk).toContain('PSA_MeterColor_t dpdk_execute(in S index, in PSA_MeterColor_t color, in bit<32> pkt_len);');
    expect(dpdk).toContain('PSA_MeterColor_t dpdk_execute(in bit<32> pkt_len);');
  });

  it('checks a complete PSA program without a diagnostic', () => {
    const result = runFrontEnd(FORWARD);
    expect(result.diagnostics).toEqual([]);
    expect(result.checked?.main?.type.name).toBe('PSA_Switch');
  });

  it('checks the same program through bmv2/psa.p4 and dpdk/psa.p4', () => {
    const text = readFileSync(FORWARD, 'utf8');
    for (const include of ['bmv2/psa.p4', 'dpdk/psa.p4']) {
      const source = text.replace('#include <psa.p4>', `#include <${include}>`);
      const result = runFrontEnd('/virtual/forward.p4', { readFile: (p) => (p === '/virtual/forward.p4' ? source : safeRead(p)) });
      expect(result.diagnostics).toEqual([]);
    }
  });
});

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
