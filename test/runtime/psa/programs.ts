/**
 * A hand-written "compiled program" against the PSA contract, shaped as the code generator
 * emits them, that exercises every packet path. The Ethernet destination address is a little
 * script, one byte per field:
 *
 *   dst[0] op:      0 unicast to port dst[5] · 1 multicast to group dst[5] · 2 leave ostd alone
 *                   (dropped by default) · 3 resubmit once, then unicast to dst[5] · 4 recirculate
 *                   once (to PSA_PORT_RECIRCULATE), then unicast to dst[5] · 5 unicast to
 *                   PSA_PORT_CPU · 6 unicast to port 0x1000 (no such port) · 7 resubmit forever
 *   dst[1] clone:   bit 0 an ingress-to-egress clone, bit 1 an egress-to-egress clone, bit 2
 *                   drop in egress (neither for an egress clone), bit 3 drop in ingress after deciding
 *   dst[2]          the clone session of either clone
 *   dst[3]          (ingress writes it: the ingress pass count carried by resubmit_meta /
 *                   recirculate_meta)
 *
 * Egress writes what it saw into the source address: src[0] packet_path, src[1] instance,
 * src[2] the bridged value it read (normal_meta / clone_i2e_meta / clone_e2e_meta), src[3]
 * class_of_service, src[4] ingress packet_path of the last ingress pass, src[5] low byte of
 * the last ingress_port. A frame shorter than 14 bytes is a parser error: ingress sees it in
 * parser_error and unicasts the packet, unparsed, to port 9.
 */
import { NamedObjectRegistry, StageStatus, type ExternTask, type PacketDescriptor } from '../../../runtime/v1model/index.ts';
import { YieldTask } from '../../../runtime/support/yield-task.ts';
import { PacketPath, PSA_PORT_CPU, PSA_PORT_RECIRCULATE } from '../../../runtime/psa/constants.ts';
import { Digest } from '../../../runtime/psa/externs/digest.ts';
import { PsaMetadata } from '../../../runtime/psa/metadata.ts';
import type { PsaContextProgram, PsaLongjumpProgram, PsaPacketState, PsaProgram, PsaSyncProgram } from '../../../runtime/psa/program.ts';
import { readU48, writeU48 } from '../v1model/programs.ts';

const PARSER_TOO_SHORT = 1;

class Ethernet {
  valid = false;
  dst = 0;
  src = 0;
  type = 0;
}

function resetEthernet(h: Ethernet): void {
  h.valid = false;
  h.dst = 0;
  h.src = 0;
  h.type = 0;
}

export class ProbeState implements PsaPacketState {
  readonly psa = new PsaMetadata();
  readonly ih = new Ethernet();
  readonly eh = new Ethernet();
  /** ingress user metadata */
  readonly im = { pass: 0 };
  /** egress user metadata */
  readonly em = { seen: 0 };
  readonly resubmit_meta = { pass: 0 };
  readonly recirculate_meta = { pass: 0 };
  readonly normal_meta = { tag: 0 };
  readonly clone_i2e_meta = { tag: 0 };
  readonly clone_e2e_meta = { tag: 0 };
  readonly $task = new YieldTask();
}

type Stage = (d: PacketDescriptor<ProbeState>) => void;

const byte = (v: number, i: number): number => Math.floor(v / 2 ** (8 * (5 - i))) % 256;
const setByte = (v: number, i: number, b: number): number => v - byte(v, i) * 2 ** (8 * (5 - i)) + b * 2 ** (8 * (5 - i));

function parse(d: PacketDescriptor<ProbeState>, h: Ethernet, error: (n: number) => void): void {
  if (d.end - d.cursor < 14) {
    error(PARSER_TOO_SHORT);
    return;
  }
  const b = d.data;
  h.dst = readU48(b, d.cursor);
  h.src = readU48(b, d.cursor + 6);
  h.type = (b[d.cursor + 12]! << 8) | b[d.cursor + 13]!;
  h.valid = true;
  d.cursor += 14;
}

function deparse(d: PacketDescriptor<ProbeState>, h: Ethernet): void {
  if (!h.valid) return;
  const o = d.outLength;
  writeU48(d.out, o, h.dst);
  writeU48(d.out, o + 6, h.src);
  d.out[o + 12] = h.type >>> 8;
  d.out[o + 13] = h.type & 0xff;
  d.outLength += 14;
}

const ingressParser: Stage = (d) => {
  const s = d.state;
  const path = s.psa.ingressParserInput.packet_path;
  s.im.pass = path === PacketPath.RESUBMIT ? s.resubmit_meta.pass : path === PacketPath.RECIRCULATE ? s.recirculate_meta.pass : 0;
  parse(d, s.ih, (e) => (s.psa.ingressInput.parser_error = e));
};

export function createProbeDigest(): Digest {
  return new Digest('ingress.probe');
}

function ingressFor(digest: Digest): Stage {
  return (d) => {
    const s = d.state;
    const { ingressInput: istd, ingressOutput: ostd } = s.psa;
    if (istd.parser_error !== 0) {
      ostd.drop = false;
      ostd.egress_port = 9;
      return;
    }
    const h = s.ih;
    const op = byte(h.dst, 0);
    const flags = byte(h.dst, 1);
    const port = byte(h.dst, 5);
    s.im.pass++;
    h.dst = setByte(h.dst, 3, s.im.pass);
    const unicast = (p: number) => {
      ostd.drop = false;
      ostd.multicast_group = 0;
      ostd.egress_port = p;
    };
    switch (op) {
      case 0:
        unicast(port);
        break;
      case 1:
        ostd.drop = false;
        ostd.multicast_group = port;
        ostd.class_of_service = 3;
        break;
      case 2:
        break;
      case 3:
        if (istd.packet_path === PacketPath.RESUBMIT) unicast(port);
        else {
          ostd.drop = false;
          ostd.resubmit = true;
          h.type = 0xdead; // lost: a resubmitted packet starts from the bytes it arrived with
        }
        break;
      case 4:
        unicast(istd.packet_path === PacketPath.RECIRCULATE ? port : PSA_PORT_RECIRCULATE);
        break;
      case 5:
        unicast(PSA_PORT_CPU);
        break;
      case 6:
        unicast(0x1000);
        break;
      case 7:
        ostd.drop = false;
        ostd.resubmit = true;
        break;
    }
    if ((flags & 1) !== 0) {
      ostd.clone = true;
      ostd.clone_session_id = byte(h.dst, 2);
    }
    if ((flags & 8) !== 0) ostd.drop = true;
    // what egress reports about ingress
    h.src = setByte(setByte(h.src, 4, istd.packet_path), 5, istd.ingress_port & 0xff);
    if (op === 2) digest.pack(d, { pass: s.im.pass });
  };
}

const ingressDeparser: Stage = (d) => {
  const s = d.state;
  const ostd = s.psa.ingressOutput;
  deparse(d, s.ih);
  if (ostd.clone) s.clone_i2e_meta.tag = 0xc1;
  if (!ostd.drop && ostd.resubmit) s.resubmit_meta.pass = s.im.pass;
  if (!ostd.drop && !ostd.resubmit) s.normal_meta.tag = 0x4e;
};

const egressParser: Stage = (d) => {
  const s = d.state;
  const path = s.psa.egressParserInput.packet_path;
  s.em.seen = path === PacketPath.CLONE_I2E ? s.clone_i2e_meta.tag : path === PacketPath.CLONE_E2E ? s.clone_e2e_meta.tag : s.normal_meta.tag;
  parse(d, s.eh, (e) => (s.psa.egressInput.parser_error = e));
};

const egress: Stage = (d) => {
  const s = d.state;
  const { egressInput: istd, egressOutput: ostd } = s.psa;
  const h = s.eh;
  if (!h.valid) return;
  const flags = byte(h.dst, 1);
  let src = h.src;
  src = setByte(src, 0, istd.packet_path);
  src = setByte(src, 1, istd.instance & 0xff);
  src = setByte(src, 2, s.em.seen);
  src = setByte(src, 3, istd.class_of_service);
  h.src = src;
  if ((flags & 2) !== 0 && istd.packet_path !== PacketPath.CLONE_E2E) {
    ostd.clone = true;
    ostd.clone_session_id = byte(h.dst, 2);
  }
  if ((flags & 4) !== 0 && istd.packet_path !== PacketPath.CLONE_E2E) ostd.drop = true;
};

const egressDeparser: Stage = (d) => {
  const s = d.state;
  const { egressOutput: ostd, egressDeparserInput: edstd } = s.psa;
  deparse(d, s.eh);
  if (ostd.clone) s.clone_e2e_meta.tag = 0xe2;
  if (!ostd.drop && edstd.egress_port === PSA_PORT_RECIRCULATE) s.recirculate_meta.pass = s.im.pass;
};

function base(digest: Digest) {
  const objects = new NamedObjectRegistry();
  objects.add(digest.name, 'digest', digest);
  return {
    architecture: 'psa' as const,
    name: 'probe',
    liveNumbers: 0,
    liveBigints: 0,
    liveRefs: 0,
    objects,
    createState: () => new ProbeState(),
    resetIngress: (s: ProbeState) => {
      resetEthernet(s.ih);
      s.im.pass = 0;
    },
    resetEgress: (s: ProbeState) => {
      resetEthernet(s.eh);
      s.em.seen = 0;
    },
    resetBridged: (s: ProbeState) => {
      s.resubmit_meta.pass = 0;
      s.recirculate_meta.pass = 0;
      s.normal_meta.tag = 0;
      s.clone_i2e_meta.tag = 0;
      s.clone_e2e_meta.tag = 0;
    },
    copyState: (dst: ProbeState, src: ProbeState) => {
      Object.assign(dst.ih, src.ih);
      Object.assign(dst.eh, src.eh);
      dst.im.pass = src.im.pass;
      dst.em.seen = src.em.seen;
      dst.resubmit_meta.pass = src.resubmit_meta.pass;
      dst.recirculate_meta.pass = src.recirculate_meta.pass;
      dst.normal_meta.tag = src.normal_meta.tag;
      dst.clone_i2e_meta.tag = src.clone_i2e_meta.tag;
      dst.clone_e2e_meta.tag = src.clone_e2e_meta.tag;
    },
    copyCloneI2E: (dst: ProbeState, src: ProbeState) => {
      dst.clone_i2e_meta.tag = src.clone_i2e_meta.tag;
    },
    copyCloneE2E: (dst: ProbeState, src: ProbeState) => {
      dst.clone_e2e_meta.tag = src.clone_e2e_meta.tag;
    },
  };
}

/** The probe in sync mode. */
export function probeProgram(digest = createProbeDigest()): PsaSyncProgram<ProbeState> {
  return { ...base(digest), mode: 'sync', ingressParser, ingress: ingressFor(digest), ingressDeparser, egressParser, egress, egressDeparser };
}

/** A longjump stage that parks once at its start (site 0), then runs `stage` when re-entered. */
function parkOnce(stage: Stage): (d: PacketDescriptor<ProbeState>) => StageStatus {
  return (d) => {
    if (d.resumeSite === 0) {
      d.task = d.state.$task;
      d.resumeSite = 1;
      return StageStatus.PARKED;
    }
    stage(d);
    return StageStatus.DONE;
  };
}

/** A context stage that yields its task once, then runs `stage`. */
function yieldOnce(stage: Stage): (d: PacketDescriptor<ProbeState>) => Generator<ExternTask, void, ExternTask> {
  return function* (d) {
    yield d.state.$task;
    stage(d);
  };
}

/** The probe with every stage suspending once, in `longjump` or `context` mode. */
export function asyncProbeProgram(mode: 'longjump' | 'context', digest = createProbeDigest()): PsaProgram<ProbeState> {
  const stages = { ingressParser, ingress: ingressFor(digest), ingressDeparser, egressParser, egress, egressDeparser };
  const wrap = mode === 'longjump' ? parkOnce : yieldOnce;
  const wrapped = Object.fromEntries(Object.entries(stages).map(([k, f]) => [k, wrap(f)]));
  if (mode === 'longjump') return { ...base(digest), mode, ...wrapped } as unknown as PsaLongjumpProgram<ProbeState>;
  return { ...base(digest), mode, ...wrapped } as unknown as PsaContextProgram<ProbeState>;
}

/** A script address: op, flags, session, (pass), 0, port. */
export function script(op: number, port: number, flags = 0, session = 0): number {
  return ((op * 256 + flags) * 256 + session) * 2 ** 24 + port;
}

/** Ethernet frame with the script address and a 4-byte payload. */
export function probeFrame(dst: number, src = 0x020000000000): Uint8Array {
  const b = new Uint8Array(18);
  writeU48(b, 0, dst);
  writeU48(b, 6, src);
  b[12] = 0x88;
  b[13] = 0xb5;
  b.set([1, 2, 3, 4], 14);
  return b;
}

/** The fields the probe's egress reported in the source address. */
export function report(bytes: readonly number[]) {
  return { path: bytes[6], instance: bytes[7], bridged: bytes[8], cos: bytes[9], ingressPath: bytes[10], ingressPort: bytes[11], pass: bytes[3], type: (bytes[12]! << 8) | bytes[13]! };
}
