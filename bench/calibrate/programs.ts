/**
 * The synthetic P4 programs the calibration measures: each differs from the smallest one by a
 * known amount of one kind of work (headers extracted and emitted, headers looked ahead at,
 * action primitives, one table of a match kind, an extern site), so the cost of that kind can be
 * told apart. None of them is a program `npm run bench` measures.
 *
 * Every program forwards to port 2; the streaming harness's program has one `burn` site that runs
 * only for frames of EtherType 0x88B6 (an extern packet), so it measures plain and extern packets.
 */

/** Frames the programs get: 60 bytes (64 on the wire), EtherType 0x0800 (plain) or 0x88B6 (extern). */
export const PLAIN_ETHERTYPE = 0x0800;
export const EXTERN_ETHERTYPE = 0x88b6;

export type TableKind = 'exact' | 'lpm' | 'ternary' | 'range';

export interface SyntheticShape {
  readonly name: string;
  /** IPv4-like 20-byte headers (fields of 32 bits or fewer) extracted and emitted after the Ethernet-like first one. */
  readonly ipv4?: number;
  /** Further Ethernet-like 14-byte headers (48-bit fields) extracted and emitted. */
  readonly ethernet?: number;
  /** Lookaheads of the IPv4-like header, each read into metadata (one primitive). */
  readonly lookaheadsIpv4?: number;
  /** Lookaheads of the Ethernet-like header, each read into metadata (one primitive). */
  readonly lookaheadsEthernet?: number;
  /** Extra 32-bit assignments to metadata. */
  readonly primitives?: number;
  /** The further Ethernet-like headers are changed in ingress (one field each), so the deparser must write them. */
  readonly rewrite?: boolean;
  /** Tables `t0`.. of one match kind, each applied once. */
  readonly table?: TableKind;
  readonly tables?: number;
  /** Whether the program has the extern site (the streaming harness needs it; a site changes the generated code). */
  readonly site?: boolean;
  /** Cycles of the burn site (a constant, so the analysis prices it). */
  readonly burnCycles?: number;
  /**
   * The p4ts operation at the site (default `burn`): `esp` (esp_encapsulate with SA 0) and `aes`
   * (aes_encrypt_payload with key 0) work on the 46 bytes after the header, which the extern
   * frames then hold as an IPv4 packet (`syntheticFrames(..., { ipv4: true })`).
   */
  readonly siteOp?: SiteOp;
}

export type SiteOp = 'burn' | 'esp' | 'aes';

/**
 * The program shapes the per-operation costs are solved from (without the extern site, as the
 * run-to-completion scenario's program has none). Each adds enough of one kind of work (tens of
 * ns) to stand out of the noise of a busy machine; headers are Ethernet-like (48-bit fields) and
 * IPv4-like (32 bits and fewer), as the examples parse.
 */
export const OPERATION_SHAPES: readonly SyntheticShape[] = ([
  { name: 'one-header' },
  { name: 'ipv4-1', ipv4: 1 },
  { name: 'ipv4-2', ipv4: 2 },
  { name: 'ethernet-3', ethernet: 3 },
  { name: 'rewrite-ethernet-3', ethernet: 3, rewrite: true },
  { name: 'lookahead-ipv4-3', lookaheadsIpv4: 3 },
  { name: 'lookahead-ipv4-6', lookaheadsIpv4: 6 },
  { name: 'lookahead-ethernet-4', lookaheadsEthernet: 4 },
  { name: 'primitives-24', primitives: 24 },
  { name: 'tables-exact-4', table: 'exact', tables: 4 },
  { name: 'tables-lpm-4', table: 'lpm', tables: 4 },
  { name: 'tables-ternary-4', table: 'ternary', tables: 4 },
  { name: 'tables-range-4', table: 'range', tables: 4 },
] satisfies SyntheticShape[]).map((s) => ({ ...s, site: false }));

/** The streaming harness's program: one header and the extern site. */
export const STREAM_SHAPE: SyntheticShape = { name: 'one-header-site', site: true };

/**
 * The same with an ESP encapsulation and an AES encryption site: what the switch does around those
 * operations on the main thread (task set-up, the packet's growth, writing it out) beyond what it
 * does around a `burn`, measured in sync-inline against the operation's kernel alone.
 */
export const OP_SITE_SHAPES: Readonly<Record<Exclude<SiteOp, 'burn'>, SyntheticShape>> = {
  esp: { name: 'one-header-esp-site', site: true, siteOp: 'esp' },
  aes: { name: 'one-header-aes-site', site: true, siteOp: 'aes' },
};

/** Names of the tables of a shape. */
export function tableNames(s: SyntheticShape): string[] {
  return s.table === undefined ? [] : Array.from({ length: s.tables ?? 1 }, (_, i) => `t${i}`);
}

function tableText(kind: TableKind, names: readonly string[]): { decl: string; apply: string } {
  const key = {
    exact: 'hdr.h0.a : exact;',
    lpm: 'meta.addr : lpm;',
    ternary: 'meta.addr : ternary; hdr.h0.t : ternary;',
    range: 'sm.ingress_port : exact; meta.flow : range;',
  }[kind];
  return {
    decl: `action fwd(bit<9> port) { sm.egress_spec = port; }
  ${names.map((n) => `table ${n} { key = { ${key} } actions = { fwd; NoAction; } default_action = NoAction(); size = 1024; }`).join('\n  ')}`,
    apply: names.map((n) => `${n}.apply();`).join(' '),
  };
}

/**
 * The reads that keep a shape's lookahead and primitive work alive: one comparison per metadata
 * field they write, against a value no calibration frame gives, its branch a drop, which the
 * analysis never takes on the plain path (it prefers a branch that does not drop), so the op
 * counts stay the work's. Without them the values were never read, V8 dropped the loads and
 * assignments, and the lookahead and primitive shapes measured the one-header program's time
 * (13.0-13.9 ns against 13.0 in the calibrations of 2026-12-07 06:19 and 06:32): the solver then
 * priced parsing at 0 ns a header and a primitive at 0.
 *
 * The value compared must lie inside the range V8's typer gives the field, or the test is typed
 * as the constant `false` and folded, and the work is dead again. The lookahead fields are whole
 * header fields (32-bit XORs, 16- and 48-bit fields against their own all-ones): inside. A
 * primitive `meta.p{i} = meta.addr + (i+1)` is not: `meta.addr` is a 16-bit EtherType, so V8 can
 * prove `meta.p{i}` in [i+1, 65536+i], and the all-ones check used until 2026-12-07 08:50 was
 * provably false (primitives-24 then measured 1.2 ns over one-header, a primitive solved at 0).
 * Each primitive is now compared with `meta.addr` itself, a value V8 cannot relate to it by range
 * (the ranges overlap) nor fold by a constant rewrite (no constant side); `addr + (i+1)` never
 * equals `addr` (no 32-bit wrap from a 16-bit value), so no frame takes the drop.
 */
export function liveChecks(s: SyntheticShape): string[] {
  const fields = [
    ...Array.from({ length: s.lookaheadsIpv4 ?? 0 }, (_, i) => ({ f: `meta.m${i}`, never: '32w0xFFFFFFFF' })),
    ...Array.from({ length: s.lookaheadsEthernet ?? 0 }, (_, i) => [
      { f: `meta.n${i}`, never: '16w0xFFFF' },
      { f: `meta.a${i}`, never: '48w0xFFFFFFFFFFFF' },
      { f: `meta.b${i}`, never: '48w0xFFFFFFFFFFFF' },
    ]).flat(),
    ...Array.from({ length: s.primitives ?? 0 }, (_, i) => ({ f: `meta.p${i}`, never: 'meta.addr' })),
  ];
  return fields.map(({ f, never }) => `if (${f} == ${never}) { mark_to_drop(sm); }`);
}

/**
 * The fields of the IPv4-like header. A lookahead shape reads every one of them (folded into one
 * metadata field, one primitive; an Ethernet-like lookahead's three fields each into a metadata
 * field of its width: a 48-bit field cast to 16 bits takes a helper call that cost 14 ns a
 * lookahead, 08:00): the analysis counts a lookahead as a header parsed, its fields decoded as an
 * extract decodes them, and the straight path decodes only the fields the program reads, so a
 * lookahead read for one field measured 1.5 ns where an extract measured 10 (2026-12-07 07:53),
 * and the least squares could not price both as one parse.
 */
const IPV4_FIELDS = ['version', 'ihl', 'tos', 'len', 'id', 'flags', 'frag', 'ttl', 'proto', 'csum', 'src', 'dst'] as const;

/** The P4 source of a shape. */
export function syntheticProgram(s: SyntheticShape): string {
  const ipv4 = s.ipv4 ?? 0;
  const ethernet = s.ethernet ?? 0;
  const fields = ['eth_t h0;', ...Array.from({ length: ethernet }, (_, i) => `eth_t e${i};`), ...Array.from({ length: ipv4 }, (_, i) => `ip_t i${i};`)];
  const extracts = [...Array.from({ length: ethernet }, (_, i) => `pkt.extract(hdr.e${i});`), ...Array.from({ length: ipv4 }, (_, i) => `pkt.extract(hdr.i${i});`)];
  const looks = [
    ...Array.from({ length: s.lookaheadsIpv4 ?? 0 }, (_, i) => `ip_t l${i} = pkt.lookahead<ip_t>(); meta.m${i} = ${IPV4_FIELDS.map((f) => `(bit<32>)l${i}.${f}`).join(' ^ ')};`),
    ...Array.from({ length: s.lookaheadsEthernet ?? 0 }, (_, i) => `eth_t k${i} = pkt.lookahead<eth_t>(); meta.n${i} = k${i}.t; meta.a${i} = k${i}.a; meta.b${i} = k${i}.b;`),
  ];
  const metaFields = [
    ...Array.from({ length: s.lookaheadsIpv4 ?? 0 }, (_, i) => `bit<32> m${i};`),
    ...Array.from({ length: s.lookaheadsEthernet ?? 0 }, (_, i) => `bit<16> n${i}; bit<48> a${i}; bit<48> b${i};`),
    ...Array.from({ length: s.primitives ?? 0 }, (_, i) => `bit<32> p${i};`),
  ];
  const prims = [
    ...Array.from({ length: s.primitives ?? 0 }, (_, i) => `meta.p${i} = meta.addr + ${i + 1};`),
    ...(s.rewrite === true ? Array.from({ length: ethernet }, (_, i) => `hdr.e${i}.t = hdr.e${i}.t + ${i + 1};`) : []),
  ];
  // every value the lookaheads and the primitives write is read again (a check no frame meets: it
  // would drop the packet), so the JIT cannot drop the work as dead code: until 2026-12-07 nothing
  // read them, and these shapes measured the one-header program's time (see `liveChecks`)
  const uses = liveChecks(s);
  const table = s.table === undefined ? undefined : tableText(s.table, tableNames(s));
  const emits = ['pkt.emit(hdr.h0);', ...Array.from({ length: ethernet }, (_, i) => `pkt.emit(hdr.e${i});`), ...Array.from({ length: ipv4 }, (_, i) => `pkt.emit(hdr.i${i});`)];
  const call = { burn: `burn(${s.burnCycles ?? 0});`, esp: 'esp_encapsulate(0);', aes: 'aes_encrypt_payload(0, 0);' }[s.siteOp ?? 'burn'];
  const site = s.site === false ? '' : `if (hdr.h0.t == 0x${EXTERN_ETHERTYPE.toString(16)}) { ${call} }`;
  return `#include <core.p4>
#include <v1model.p4>
#include <p4ts.p4>
header eth_t { bit<48> a; bit<48> b; bit<16> t; }
header ip_t { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; bit<16> id; bit<3> flags; bit<13> frag; bit<8> ttl; bit<8> proto; bit<16> csum; bit<32> src; bit<32> dst; }
struct headers_t { ${fields.join(' ')} }
struct meta_t { bit<32> addr; bit<8> flow; ${metaFields.join(' ')} }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  state start {
    pkt.extract(hdr.h0);
    meta.addr = (bit<32>)hdr.h0.t;
    meta.flow = hdr.h0.t[7:0];
    ${extracts.join('\n    ')}
    ${looks.join('\n    ')}
    transition accept;
  }
}
control V(inout headers_t hdr, inout meta_t meta) { apply { } }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  ${table?.decl ?? ''}
  apply {
    sm.egress_spec = 2;
    ${table?.apply ?? ''}
    ${prims.join('\n    ')}
    ${uses.join('\n    ')}
    ${site}
  }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control C(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { ${emits.join(' ')} } }
V1Switch(P(), V(), I(), E(), C(), D()) main;
`;
}

/** An IPv4 packet of `length` bytes (a 20-byte header, then zeros): what the ESP and AES kernels work on. */
export function ipv4Payload(length: number): Uint8Array {
  const p = new Uint8Array(length);
  p.set([0x45, 0, length >> 8, length & 0xff, 0, 1, 0, 0, 64, 17, 0, 0, 192, 168, 1, 10, 192, 168, 2, 7]);
  return p;
}

/**
 * 60-byte frames: `count` distinct ones (the low byte of `a` cycles), of one EtherType; the 46 bytes
 * after the header are patterned, or with `ipv4` a 46-byte IPv4 packet (for the ESP and AES sites).
 */
export function syntheticFrames(etherType: number, count = 256, o: { readonly ipv4?: boolean } = {}): Uint8Array[] {
  const inner = o.ipv4 === true ? ipv4Payload(46) : undefined;
  return Array.from({ length: count }, (_, i) => {
    const f = new Uint8Array(60);
    f.set([0x02, 0, 0, 0, (i >> 8) & 0xff, i & 0xff, 0x02, 0, 0, 0, 0, 1, etherType >> 8, etherType & 0xff]);
    if (inner !== undefined) f.set(inner, 14);
    else for (let k = 14; k < 60; k++) f[k] = (k * 7 + i) & 0xff;
    return f;
  });
}
