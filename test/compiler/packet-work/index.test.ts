import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IrProgram } from '../../../compiler/ir/index.ts';
import { lowerFile } from '../../../compiler/lower-file.ts';
import { derivePacketWork, hmacCompressions } from '../../../compiler/packet-work/index.ts';
import { PayloadOp } from '../../../contract/p4ts-operations.ts';

function lower(path: string, text?: string): IrProgram {
  const lowered = lowerFile(path, {
    readFile: (p) => (p === path && text !== undefined ? text : (() => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } })()),
  });
  expect(lowered.diagnostics.map((d) => d.message)).toEqual([]);
  return lowered.ir!;
}

const example = (name: string): string => new URL(`../../../examples/${name}/${name}.p4`, import.meta.url).pathname;

/** A v1model program around an ingress body, with Ethernet + IPv4 parsed and emitted. */
function program(ingress: string, declarations = ''): string {
  return `#include <core.p4>
#include <v1model.p4>
#include <p4ts.p4>
header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h { bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len; bit<16> identification;
  bit<3> flags; bit<13> frag_offset; bit<8> ttl; bit<8> protocol; bit<16> hdr_checksum; bit<32> src_addr; bit<32> dst_addr; }
struct headers_t { ethernet_h ethernet; ipv4_h ipv4; }
struct meta_t { bit<32> cycles; bit<8> flag; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.ethernet); transition select(hdr.ethernet.ether_type) { 0x0800: ipv4; default: accept; } }
  state ipv4 { pkt.extract(hdr.ipv4); transition accept; }
}
control V(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  ${declarations}
  action forward(bit<9> port) { sm.egress_spec = port; }
  table mac { key = { hdr.ethernet.dst : exact; } actions = { forward; NoAction; } default_action = NoAction(); }
  apply { ${ingress} }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), I(), E(), C(), D()) main;
`;
}

describe('derivePacketWork: examples', () => {
  it('l2fwd: one header parsed and emitted, one exact lookup, one primitive', () => {
    const d = derivePacketWork(lower(example('l2fwd')));
    expect(d.hasSites).toBe(false);
    expect(d.work.plain).toBe(d.work.extern);
    const p = d.work.plain;
    expect([p.headersParsed, p.bytesParsed, p.headersEmitted, p.bytesEmitted]).toEqual([1, 14, 1, 14]);
    expect(p.lookups).toEqual({ exact: 1 });
    expect([p.actionPrimitives, p.checksumBytes, p.bytesCopied]).toEqual([1, 0, 0]);
    expect([p.frameBytesIn, p.frameBytesOut]).toEqual([60, 60]);
    expect(p.externCalls).toEqual([]);
    expect(d.traces.plain.parserStates).toEqual(['start']);
    // the configured table is hit: forward, not the flood default; egress's flood check is false
    expect(d.traces.plain.tables).toEqual([{ table: 'L2Ingress.mac_table', action: 'L2Ingress.forward', hit: true }]);
    expect(d.traces.plain.dropped).toBe(false);
    expect(d.notes).toEqual([]);
  });

  it('l3-router: hand-computed counts along the routed path', () => {
    const d = derivePacketWork(lower(example('l3-router')));
    const p = d.work.plain;
    // Ethernet (14) + IPv4 (20) parsed and emitted
    expect([p.headersParsed, p.bytesParsed, p.headersEmitted, p.bytesEmitted]).toEqual([2, 34, 2, 34]);
    // ipv4_lpm (lpm) then next_hop_macs (exact)
    expect(p.lookups).toEqual({ lpm: 1, exact: 1 });
    // route: next_hop, egress_spec, ttl (3); set_macs: src, dst (2)
    expect(p.actionPrimitives).toBe(5);
    // verify_checksum + update_checksum over 11 fields, 144 bits = 18 bytes each
    expect(p.checksumBytes).toBe(36);
    expect(d.traces.plain.externs).toEqual({ verify_checksum: 1, update_checksum: 1 });
    expect(p.bytesCopied).toBe(0);
    expect([p.frameBytesIn, p.frameBytesOut]).toEqual([60, 60]);
    expect(p.externCalls).toEqual([]);
    expect(d.traces.plain.parserStates).toEqual(['start', 'parse_ipv4']);
    // the drop branch (bad checksum, no IPv4, ttl <= 1) is not taken
    expect(d.traces.plain.tables.map((t) => t.action)).toEqual(['RouterIngress.route', 'RouterIngress.set_macs']);
    expect(d.traces.plain.dropped).toBe(false);
  });

  it('ipsec-esp: plain packets forward; extern packets call esp_encapsulate, priced by its operation with the runtime\u2019s ESP sizes', () => {
    const d = derivePacketWork(lower(example('ipsec-esp')));
    expect(d.hasSites).toBe(true);
    const { plain, extern } = d.work;
    expect(plain.externCalls).toEqual([]);
    expect(d.traces.plain.tables[0]?.action).toBe('GatewayIngress.forward');
    expect(d.traces.extern.tables[0]?.action).toBe('GatewayIngress.encapsulate');
    // Ethernet extracted, IPv4 read by lookahead (parse work, but it stays payload)
    expect([extern.headersParsed, extern.bytesParsed]).toEqual([2, 34]);
    expect(extern.externCalls).toHaveLength(1);
    const call = extern.externCalls[0]!;
    expect([call.name, call.op]).toEqual(['esp_encapsulate', PayloadOp.EspEncapsulate]);
    // the 46-byte inner packet + 2-byte trailer padded to 48 = 3 AES blocks; HMAC over ESP header
    // + IV + ciphertext = 72 bytes = 2 inner compressions + 1 outer
    expect(call.ops).toEqual([{ kind: 'aes-cbc', keyBits: 128, blocks: 3 }, { kind: 'hmac', hash: 'md5', blocks: 3 }]);
    // reads the inner packet, writes outer IPv4 (20) + ESP (8) + IV (16) + ciphertext (48) + ICV (12)
    expect([call.taskBytes, call.resultBytes]).toEqual([46, 104]);
    expect([extern.frameBytesOut, extern.bytesCopied]).toEqual([14 + 104, 0]);
    // the program's own work: only Ethernet emitted; no framing (the operation does it)
    expect([extern.headersEmitted, extern.bytesEmitted, extern.checksumBytes]).toEqual([1, 14, 0]);
    // the parser's local and four metadata writes, the counter, the egress port
    expect(extern.actionPrimitives).toBe(7);
    expect(extern.lookups).toEqual({ range: 1 });
    expect([extern.reparseHeaders, extern.reparseBytes]).toEqual([2, 34]);
    expect(extern.liveStateBytes).toBeGreaterThan(40);
    // after the call: the egress port assignment and the deparser's Ethernet header
    expect([extern.afterLastCall.actionPrimitives, extern.afterLastCall.headersEmitted, extern.afterLastCall.bytesEmitted]).toEqual([1, 1, 14]);
    expect(extern.afterLastCall.lookups).toEqual({});
  });
});

describe('derivePacketWork: extern sites', () => {
  it('burn: cycles from the constant argument; a conditional site splits plain and extern paths', () => {
    const d = derivePacketWork(lower('burn.p4', program('mac.apply(); if (hdr.ipv4.ttl == 7) { burn(2500); }')));
    expect(d.work.plain.externCalls).toEqual([]);
    expect(d.work.extern.externCalls).toEqual([{ site: 1, name: 'burn', op: PayloadOp.Burn, ops: [{ kind: 'burn', cycles: 2500 }], taskBytes: 0, resultBytes: 0 }]);
    expect(d.traces.extern.sites).toEqual([{ id: 1, extern: 'burn', op: PayloadOp.Burn }]);
    expect(d.notes).toEqual([]);
  });

  it('burn on every path: the plain path leaves it out and says so; a non-constant argument takes burnCycles', () => {
    const d = derivePacketWork(lower('burn2.p4', program('mac.apply(); burn(meta.cycles);')), { burnCycles: 7000 });
    expect(d.work.plain.externCalls).toEqual([]);
    expect(d.work.extern.externCalls[0]?.ops).toEqual([{ kind: 'burn', cycles: 7000 }]);
    expect(d.notes.some((n) => /on every path/.test(n))).toBe(true);
    expect(d.notes.some((n) => /not a constant; assumed 7000/.test(n))).toBe(true);
  });

  it('aes_encrypt_payload: the payload after the parsed headers (minus offset), padded to whole blocks', () => {
    const d = derivePacketWork(lower('aes.p4', program('mac.apply(); if (hdr.ipv4.isValid()) { aes_encrypt_payload(1, 2); }')));
    const call = d.work.extern.externCalls[0]!;
    // 60 - 34 = 26 payload bytes, offset 2: 24 bytes -> PKCS#7 pads to 32 = 2 blocks
    expect(call.ops).toEqual([{ kind: 'aes-cbc', keyBits: 128, blocks: 2 }]);
    expect([call.taskBytes, call.resultBytes]).toEqual([24, 32]);
    expect(d.work.extern.frameBytesOut).toBe(60 + 8);
    expect(d.traces.extern.sites[0]?.op).toBe(PayloadOp.AesEncrypt);
  });

  it('hmac_append: HMAC-MD5 compressions of the payload; the frame grows by the 12-byte tag', () => {
    const d = derivePacketWork(lower('hmac.p4', program('mac.apply(); hmac_append(0, 0);')));
    const call = d.work.extern.externCalls[0]!;
    // 26 payload bytes: one inner compression (26 + 9 <= 64) and the outer one
    expect(call.ops).toEqual([{ kind: 'hmac', hash: 'md5', blocks: 2 }]);
    expect(hmacCompressions(26)).toBe(2);
    expect(d.work.extern.frameBytesOut).toBe(72);
  });

});

describe('derivePacketWork: path choice', () => {
  it('prefers a table hit that does not drop, and skips tables without keys as lookups', () => {
    const d = derivePacketWork(
      lower(
        'drop.p4',
        program(
          'acl.apply(); mac.apply(); defaults.apply();',
          `action deny() { mark_to_drop(sm); }
           action allow() { meta.flag = 1; }
           table acl { key = { hdr.ipv4.src_addr : ternary; hdr.ipv4.protocol : exact; } actions = { deny; allow; } default_action = deny(); }
           table defaults { actions = { allow; } default_action = allow(); }`,
        ),
      ),
    );
    const p = d.work.plain;
    expect(d.traces.plain.tables.map((t) => `${t.table}:${t.action}:${t.hit}`)).toEqual(['I.acl:I.allow:true', 'I.mac:I.forward:true', 'I.defaults:I.allow:false']);
    // the table with a ternary and an exact key counts as its costliest kind
    expect(p.lookups).toEqual({ ternary: 1, exact: 1 });
    expect(p.actionPrimitives).toBe(3);
  });

  it('a packet every path drops ends with no output frame and skips egress and the deparser', () => {
    const d = derivePacketWork(lower('alldrop.p4', program('mark_to_drop(sm);')));
    expect(d.traces.plain.dropped).toBe(true);
    expect(d.work.plain.frameBytesOut).toBe(0);
    expect(d.work.plain.headersEmitted).toBe(0);
  });

  it('switch on action_run follows the action the table ran; frame size is an option', () => {
    const d = derivePacketWork(
      lower('switch.p4', program('switch (mac.apply().action_run) { forward: { meta.flag = 2; hdr.ipv4.ttl = 1; } default: { mark_to_drop(sm); } }')),
      { frameBytes: 128 },
    );
    expect(d.traces.plain.dropped).toBe(false);
    expect(d.work.plain.actionPrimitives).toBe(3);
    expect([d.work.plain.frameBytesIn, d.work.plain.frameBytesOut]).toEqual([128, 128]);
  });
});
