import { describe, expect, it } from 'vitest';
import { run } from './harness.ts';

/** Our core.p4 and v1model.p4, as a program including them sees them (read from disk). */
function declarations(prelude = ''): string {
  const { code, diagnostics } = run({ 'main.p4': `${prelude}#include <core.p4>\n#include <v1model.p4>\n` }, 'main.p4', { readFile: undefined });
  expect(diagnostics).toEqual([]);
  return code;
}

describe('built-in core.p4 and v1model.p4', () => {
  it('declares the core library', () => {
    const core = declarations();
    for (const member of ['NoError', 'PacketTooShort', 'NoMatch', 'StackOutOfBounds', 'HeaderTooShort', 'ParserTimeout', 'ParserInvalidArgument']) {
      expect(core).toContain(member);
    }
    expect(core).toContain('void extract<T>(out T hdr);');
    expect(core).toContain('void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);');
    expect(core).toContain('T lookahead<T>();');
    expect(core).toContain('void emit<T>(in T hdr);');
    expect(core).toContain('extern void verify(in bool check, in error toSignal);');
    expect(core).toContain('@noWarn("unused") action NoAction() {}');
    expect(core).toMatch(/match_kind \{ exact, ternary, lpm \}/);
  });

  it('defaults to the first v1model version, like the standard file', () => {
    const v1 = declarations();
    expect(v1).toContain('const bit<32> __v1model_version = 20180101;');
    expect(v1).toContain('extern register<T> {');
    expect(v1).toContain('void count(in bit<32> index);');
    expect(v1).not.toContain('PortId_t');
  });

  it('provides the 20200408 declarations when the program asks for them', () => {
    const v1 = declarations('#define V1MODEL_VERSION 20200408\n');
    expect(v1).toContain('const bit<32> __v1model_version = 20200408;');
    expect(v1).toContain('typedef bit<9> PortId_t;');
    expect(v1).toContain('extern register<T, I> {');
    expect(v1).toContain('extern counter <I> {');
    expect(v1).toContain('void execute_meter<T>(in I index, out T result);');
  });

  it('refuses a version it does not know, before the first or after the latest', () => {
    for (const version of ['20000101', '-6419018', '20300101']) {
      const { diagnostics } = run({ 'main.p4': `#define V1MODEL_VERSION ${version}\n#include <v1model.p4>\n` }, 'main.p4', { readFile: undefined });
      expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('V1MODEL_VERSION is not a version of v1model')]);
    }
  });

  it('lets programs test the version with #if', () => {
    const { code } = run({ 'main.p4': '#include <v1model.p4>\n#if V1MODEL_VERSION >= 20180101\nok\n#endif\n' }, 'main.p4', { readFile: undefined });
    expect(code.endsWith('ok')).toBe(true);
  });

  it('has every field of standard_metadata_t', () => {
    const v1 = declarations();
    const struct = /struct standard_metadata_t \{([^}]*)\}/.exec(v1)?.[1] ?? '';
    const fields = [...struct.matchAll(/(\w+);/g)].map((m) => m[1]);
    expect(fields).toEqual([
      'ingress_port', 'egress_spec', 'egress_port', 'instance_type', 'packet_length', 'enq_timestamp', 'enq_qdepth',
      'deq_timedelta', 'deq_qdepth', 'ingress_global_timestamp', 'egress_global_timestamp', 'mcast_grp', 'egress_rid',
      'checksum_error', 'parser_error', 'priority',
    ]);
  });

  it('declares the v1model externs, enums and pipeline', () => {
    const v1 = declarations();
    const expected = [
      'match_kind { range, optional, selector }',
      'enum HashAlgorithm { crc32, crc32_custom, crc16, crc16_custom, random, identity, csum16, xor16 }',
      'enum CounterType { packets, bytes, packets_and_bytes }',
      'enum MeterType { packets, bytes }',
      'enum CloneType { I2E, E2E }',
      'extern direct_counter {',
      'extern direct_meter<T> {',
      'extern action_profile {',
      'action_selector(HashAlgorithm algorithm, bit<32> size, bit<32> outputWidth);',
      'extern Checksum16 {',
      'extern void random<T>(out T result, in T lo, in T hi);',
      'extern void digest<T>(in bit<32> receiver, in T data);',
      'extern void mark_to_drop();',
      '@pure extern void mark_to_drop(inout standard_metadata_t standard_metadata);',
      '@pure extern void hash<O, T, D, M>(out O result, in HashAlgorithm algo, in T base, in D data, in M max);',
      'extern void verify_checksum<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);',
      '@pure extern void update_checksum<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);',
      'extern void verify_checksum_with_payload<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);',
      '@noSideEffects extern void update_checksum_with_payload<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);',
      'extern void clone(in CloneType type, in bit<32> session);',
      'extern void resubmit<T>(in T data);',
      'extern void resubmit_preserving_field_list(bit<8> index);',
      'extern void recirculate<T>(in T data);',
      'extern void recirculate_preserving_field_list(bit<8> index);',
      'extern void clone3<T>(in CloneType type, in bit<32> session, in T data);',
      'extern void clone_preserving_field_list(in CloneType type, in bit<32> session, bit<8> index);',
      'extern void truncate(in bit<32> length);',
      'extern void assert(in bool check);',
      'extern void assume(in bool check);',
      'extern void log_msg(string msg);',
      'extern void log_msg<T>(string msg, in T data);',
      'parser Parser<H, M>(packet_in b, out H parsedHdr, inout M meta, inout standard_metadata_t standard_metadata);',
      'control VerifyChecksum<H, M>(inout H hdr, inout M meta);',
      '@pipeline control Ingress<H, M>(inout H hdr, inout M meta, inout standard_metadata_t standard_metadata);',
      '@pipeline control Egress<H, M>(inout H hdr, inout M meta, inout standard_metadata_t standard_metadata);',
      'control ComputeChecksum<H, M>(inout H hdr, inout M meta);',
      '@deparser control Deparser<H>(packet_out b, in H hdr);',
      'package V1Switch<H, M>(Parser<H, M> p, VerifyChecksum<H, M> vr, Ingress<H, M> ig, Egress<H, M> eg, ComputeChecksum<H, M> ck, Deparser<H> dep);',
    ];
    for (const text of expected) expect(v1).toContain(text);
  });
});
