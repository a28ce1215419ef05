/**
 * Hand-written "compiled programs" against the v1model contract, shaped as the code generator
 * would emit them: headers read and written with byte arithmetic, state objects created once per
 * descriptor, extern sites in the three execution shapes.
 */
import {
  Counter,
  CounterType,
  NamedObjectRegistry,
  ParserError,
  Register,
  StageStatus,
  clonePreservingFieldList,
  digest,
  logMsg,
  markToDrop,
  recirculatePreservingFieldList,
  resubmitPreservingFieldList,
  truncate,
  v1Assert,
  type ContextProgram,
  type ExternTask,
  type LongjumpProgram,
  type PacketDescriptor,
  type SyncProgram,
  type V1Program,
  type V1ProgramBase,
} from '../../../runtime/v1model/index.ts';

// ---- byte helpers (what the generator emits inline) ----------------------------------------
export function readU48(b: Uint8Array, o: number): number {
  return b[o]! * 0x10000000000 + b[o + 1]! * 0x100000000 + ((b[o + 2]! << 24) >>> 0) + (b[o + 3]! << 16) + (b[o + 4]! << 8) + b[o + 5]!;
}
export function writeU48(b: Uint8Array, o: number, v: number): void {
  const hi = Math.floor(v / 0x100000000);
  const lo = v >>> 0;
  b[o] = hi >>> 8;
  b[o + 1] = hi & 0xff;
  b[o + 2] = lo >>> 24;
  b[o + 3] = (lo >>> 16) & 0xff;
  b[o + 4] = (lo >>> 8) & 0xff;
  b[o + 5] = lo & 0xff;
}

/** ethernet(dst, src, type) + payload bytes. */
export function frame(dst: number, src: number, type: number, payload: readonly number[] = []): Uint8Array {
  const b = new Uint8Array(14 + payload.length);
  writeU48(b, 0, dst);
  writeU48(b, 6, src);
  b[12] = type >>> 8;
  b[13] = type & 0xff;
  b.set(payload, 14);
  return b;
}

export const TAG_TYPE = 0x88b5;

/** ethernet + tag { ttl: 8, op: 8, value: 16 } + payload. */
export function tagFrame(dst: number, ttl: number, op: number, value: number, payload: readonly number[] = []): Uint8Array {
  return frame(dst, 0x020000000001, TAG_TYPE, [ttl, op, value >>> 8, value & 0xff, ...payload]);
}

// ---- state layout ------------------------------------------------------------------------------
export interface Ethernet {
  valid: boolean;
  dst: number;
  src: number;
  type: number;
}
export interface Tag {
  valid: boolean;
  ttl: number;
  op: number;
  value: number;
}
export interface Meta {
  /** @field_list(0) */
  passes: number;
  /** @field_list(0), @field_list(1) */
  mark: number;
  scratch: number;
}
/** An extern task the test programs issue: value' = (value ^ key) & 0xffff. */
export class XorTask implements ExternTask {
  handle = -1;
  failure: string | null = null;
  input = 0;
  key = 0x5a5a;
  result = 0;
  runs = 0;
  failWith: string | null = null;
  runInline(): void {
    this.runs++;
    if (this.failWith !== null) {
      this.failure = this.failWith;
      return;
    }
    this.result = (this.input ^ this.key) & 0xffff;
  }
}
export interface State {
  eth: Ethernet;
  tag: Tag;
  meta: Meta;
  /** Pre-allocated extern task objects, one per site kind (no allocation per packet). */
  task: XorTask;
}

function createState(): State {
  return {
    eth: { valid: false, dst: 0, src: 0, type: 0 },
    tag: { valid: false, ttl: 0, op: 0, value: 0 },
    meta: { passes: 0, mark: 0, scratch: 0 },
    task: new XorTask(),
  };
}
function resetMetadata(s: State): void {
  s.meta.passes = 0;
  s.meta.mark = 0;
  s.meta.scratch = 0;
}
function resetState(s: State): void {
  s.eth.valid = false;
  s.tag.valid = false;
  resetMetadata(s);
}
function copyState(dst: State, src: State): void {
  Object.assign(dst.eth, src.eth);
  Object.assign(dst.tag, src.tag);
  Object.assign(dst.meta, src.meta);
}

function base(name: string, objects = new NamedObjectRegistry()): Omit<V1ProgramBase<State>, never> {
  return {
    name,
    liveNumbers: 4,
    liveBigints: 0,
    liveRefs: 0,
    objects,
    createState,
    resetState,
    resetMetadata,
    copyState,
    fieldLists: [
      (dst, src) => {
        dst.meta.passes = src.meta.passes;
        dst.meta.mark = src.meta.mark;
      },
      (dst, src) => {
        dst.meta.mark = src.meta.mark;
      },
    ],
  };
}

// ---- parser / deparser shared by the programs (sync shape) ----------------------------------
function parse(d: PacketDescriptor<State>): void {
  const b = d.data;
  const s = d.state;
  let c = d.cursor;
  if (d.end - c < 14) {
    d.std.parser_error = ParserError.PacketTooShort;
    return;
  }
  s.eth.dst = readU48(b, c);
  s.eth.src = readU48(b, c + 6);
  s.eth.type = (b[c + 12]! << 8) | b[c + 13]!;
  s.eth.valid = true;
  c += 14;
  d.cursor = c;
  if (s.eth.type !== TAG_TYPE) return;
  if (d.end - c < 4) {
    d.std.parser_error = ParserError.PacketTooShort;
    return;
  }
  s.tag.ttl = b[c]!;
  s.tag.op = b[c + 1]!;
  s.tag.value = (b[c + 2]! << 8) | b[c + 3]!;
  s.tag.valid = true;
  d.cursor = c + 4;
}

function deparse(d: PacketDescriptor<State>): void {
  const o = d.out;
  const s = d.state;
  let n = 0;
  if (s.eth.valid) {
    writeU48(o, n, s.eth.dst);
    writeU48(o, n + 6, s.eth.src);
    o[n + 12] = s.eth.type >>> 8;
    o[n + 13] = s.eth.type & 0xff;
    n += 14;
  }
  if (s.tag.valid) {
    o[n] = s.tag.ttl;
    o[n + 1] = s.tag.op;
    o[n + 2] = s.tag.value >>> 8;
    o[n + 3] = s.tag.value & 0xff;
    n += 4;
  }
  d.outLength = n;
}

const nothing = (): void => {};

// ---- 1. L2 forwarder -------------------------------------------------------------------------
/**
 * Known destination MAC → its port; unknown or broadcast → multicast group 1 (flood), the copy
 * going back to the ingress port is dropped in egress. A parser error sends the packet to port 9
 * (proves ingress still runs). Egress rewrites the source MAC to 0x0a0000000000 | egress_port.
 */
export function makeL2(): { program: SyncProgram<State>; macTable: Map<number, number>; rx: Counter } {
  const objects = new NamedObjectRegistry();
  const macTable = new Map<number, number>();
  const rx = objects.add('MyIngress.rx', 'counter', new Counter('MyIngress.rx', 512, CounterType.packets_and_bytes));
  const program: SyncProgram<State> = {
    ...base('l2', objects),
    mode: 'sync',
    parser: parse,
    verifyChecksum: nothing,
    ingress(d) {
      rx.count(d.std.ingress_port, d);
      if (d.std.parser_error !== ParserError.NoError) {
        d.std.egress_spec = 9;
        return;
      }
      const port = macTable.get(d.state.eth.dst);
      if (port === undefined) d.std.mcast_grp = 1;
      else d.std.egress_spec = port;
    },
    egress(d) {
      if (d.std.instance_type === 5 && d.std.egress_port === d.std.ingress_port) {
        markToDrop(d);
        return;
      }
      if (d.state.eth.valid) d.state.eth.src = 0x0a0000000000 + d.std.egress_port;
    },
    computeChecksum: nothing,
    deparser: deparse,
  };
  return { program, macTable, rx };
}

// ---- 2. special operations ---------------------------------------------------------------------
/**
 * Driven by tag.op:
 *  1: clone I2E to session 5 with field list 1 (mark = 77), forward to port 2
 *  2: resubmit with field list 0 until meta.passes reaches tag.value, then forward to port 3
 *     (tag.ttl records the number of passes seen: written in egress)
 *  3: forward to port 4 and recirculate in egress until tag.ttl is 0 (ttl-- per pass);
 *     the final pass goes out on port 4
 *  4: E2E clone to session 6 (field list 1), forward to port 2
 *  5: multicast to group tag.value
 *  6: resubmit forever (loop limit)
 *  7: digest(receiver 1, {dst, port}) and forward to port 1
 *  8: log_msg then forward to port 1
 *  9: assert(false)
 * 10: throws (program bug)
 * 11: truncate(16), forward to port 1
 * 12: clone I2E to session 5 and also mark_to_drop (the clone still goes out)
 * Egress sets the low byte of eth.type to instance_type so tests read it from the output; clones
 * carry the preserved meta.mark in tag.value; multicast copies carry egress_rid in tag.value.
 */
export function makeOps(): { program: SyncProgram<State>; reg: Register } {
  const objects = new NamedObjectRegistry();
  const reg = objects.add('MyEgress.marks', 'register', new Register('MyEgress.marks', 8, 16));
  const program: SyncProgram<State> = {
    ...base('ops', objects),
    mode: 'sync',
    parser: parse,
    verifyChecksum: nothing,
    ingress(d) {
      const s = d.state;
      const std = d.std;
      if (!s.tag.valid) {
        std.egress_spec = 1;
        return;
      }
      switch (s.tag.op) {
        case 1:
          s.meta.mark = 77;
          clonePreservingFieldList(d, 0, 5, 1);
          std.egress_spec = 2;
          break;
        case 2:
          if (s.meta.passes < s.tag.value) {
            s.meta.passes++;
            resubmitPreservingFieldList(d, 0);
          } else {
            s.tag.ttl = s.meta.passes;
            std.egress_spec = 3;
          }
          break;
        case 3:
          std.egress_spec = 4;
          break;
        case 4:
          s.meta.mark = 99;
          std.egress_spec = 2;
          break;
        case 5:
          std.mcast_grp = s.tag.value;
          break;
        case 6:
          resubmitPreservingFieldList(d, 0);
          break;
        case 7:
          digest(d, 1, { dst: s.eth.dst, port: std.ingress_port });
          std.egress_spec = 1;
          break;
        case 8:
          logMsg(d, 'ttl={} op={} \\{literal\\}', [s.tag.ttl, s.tag.op]);
          std.egress_spec = 1;
          break;
        case 9:
          v1Assert(d, s.tag.ttl === 255);
          std.egress_spec = 1;
          break;
        case 10:
          throw new Error('bug in generated code');
        case 11:
          truncate(d, 16);
          std.egress_spec = 1;
          break;
        case 12:
          s.meta.mark = 55;
          clonePreservingFieldList(d, 0, 5, 1);
          markToDrop(d);
          break;
        default:
          std.egress_spec = 1;
      }
    },
    egress(d) {
      const s = d.state;
      const std = d.std;
      if (s.tag.valid && s.tag.op === 3 && s.tag.ttl > 0 && std.instance_type === 0) {
        s.tag.ttl--;
        recirculatePreservingFieldList(d, 0);
        return; // the packet must parse again: leave eth.type alone
      }
      if (s.eth.valid) s.eth.type = 0x8800 | std.instance_type;
      if (!s.tag.valid) return;
      if (std.instance_type === 1 || std.instance_type === 2) {
        // clones carry the preserved mark in tag.value
        s.tag.value = s.meta.mark;
        reg.write(std.instance_type, s.meta.mark);
        return;
      }
      if (s.tag.op === 4) {
        clonePreservingFieldList(d, 1, 6, 1);
      } else if (s.tag.op === 5) {
        s.tag.value = std.egress_rid;
      }
    },
    computeChecksum: nothing,
    deparser: deparse,
  };
  return { program, reg };
}

// ---- 3. extern sites in the three shapes -------------------------------------------------------
/**
 * ingress: count the packet, decrement tag.ttl, then (when tag.op is 1 or 2) call the XOR extern
 * on tag.value; op 2 calls it a second time on the result with another key (two sites, one live
 * local across both). egress_spec = 2. Everything before a site must run exactly once per packet.
 */
export interface SitesFixture<P> {
  program: P;
  before: Counter;
  after: Counter;
}

function sitesObjects(): { objects: NamedObjectRegistry; before: Counter; after: Counter } {
  const objects = new NamedObjectRegistry();
  const before = objects.add('MyIngress.before', 'counter', new Counter('MyIngress.before', 1, CounterType.packets));
  const after = objects.add('MyIngress.after', 'counter', new Counter('MyIngress.after', 1, CounterType.packets));
  return { objects, before, after };
}

export function makeSitesSync(): SitesFixture<SyncProgram<State>> {
  const { objects, before, after } = sitesObjects();
  const program: SyncProgram<State> = {
    ...base('sites-sync', objects),
    mode: 'sync',
    parser: parse,
    verifyChecksum: nothing,
    ingress(d) {
      const s = d.state;
      before.count(0, d);
      s.tag.ttl = (s.tag.ttl - 1) & 0xff;
      if (s.tag.valid && (s.tag.op === 1 || s.tag.op === 2)) {
        const live = s.tag.ttl * 2;
        const t = s.task;
        t.input = s.tag.value;
        t.key = 0x5a5a;
        d.services.runSync(t);
        s.tag.value = t.result;
        if (s.tag.op === 2) {
          t.input = s.tag.value;
          t.key = 0x0ff0;
          d.services.runSync(t);
          s.tag.value = t.result;
        }
        s.meta.scratch = live;
      }
      after.count(0, d);
      d.std.egress_spec = 2;
    },
    egress(d) {
      d.state.eth.src = d.state.meta.scratch;
    },
    computeChecksum: nothing,
    deparser: deparse,
  };
  return { program, before, after };
}

export function makeSitesLongjump(): SitesFixture<LongjumpProgram<State>> {
  const { objects, before, after } = sitesObjects();
  const DONE = StageStatus.DONE;
  const PARKED = StageStatus.PARKED;
  const program: LongjumpProgram<State> = {
    ...base('sites-longjump', objects),
    mode: 'longjump',
    parser: (d) => (parse(d), DONE),
    verifyChecksum: () => DONE,
    ingress(d) {
      const s = d.state;
      const L = d.locals.num;
      const site = d.resumeSite;
      if (site === 0) {
        before.count(0, d);
        s.tag.ttl = (s.tag.ttl - 1) & 0xff;
        if (s.tag.valid && (s.tag.op === 1 || s.tag.op === 2)) {
          L[0] = s.tag.ttl * 2; // live across both sites
          const t = s.task;
          t.input = s.tag.value;
          t.key = 0x5a5a;
          d.task = t;
          d.resumeSite = 1;
          return PARKED;
        }
      } else if (site === 1) {
        s.tag.value = (d.task as XorTask).result;
        if (s.tag.op === 2) {
          const t = s.task;
          t.input = s.tag.value;
          t.key = 0x0ff0;
          d.task = t;
          d.resumeSite = 2;
          return PARKED;
        }
        s.meta.scratch = L[0]!;
      } else if (site === 2) {
        s.tag.value = (d.task as XorTask).result;
        s.meta.scratch = L[0]!;
      }
      after.count(0, d);
      d.std.egress_spec = 2;
      return DONE;
    },
    egress(d) {
      d.state.eth.src = d.state.meta.scratch;
      return DONE;
    },
    computeChecksum: () => DONE,
    deparser: (d) => (deparse(d), DONE),
  };
  return { program, before, after };
}

export function makeSitesContext(): SitesFixture<ContextProgram<State>> {
  const { objects, before, after } = sitesObjects();
  const program: ContextProgram<State> = {
    ...base('sites-context', objects),
    mode: 'context',
    parser: parse,
    verifyChecksum: nothing,
    *ingress(d) {
      const s = d.state;
      before.count(0, d);
      s.tag.ttl = (s.tag.ttl - 1) & 0xff;
      if (s.tag.valid && (s.tag.op === 1 || s.tag.op === 2)) {
        const live = s.tag.ttl * 2;
        const t = s.task;
        t.input = s.tag.value;
        t.key = 0x5a5a;
        const r1 = (yield t) as XorTask;
        s.tag.value = r1.result;
        if (s.tag.op === 2) {
          t.input = s.tag.value;
          t.key = 0x0ff0;
          const r2 = (yield t) as XorTask;
          s.tag.value = r2.result;
        }
        s.meta.scratch = live;
      }
      after.count(0, d);
      d.std.egress_spec = 2;
    },
    egress(d) {
      d.state.eth.src = d.state.meta.scratch;
    },
    computeChecksum: nothing,
    deparser: deparse,
  };
  return { program, before, after };
}

export type AnyProgram = V1Program<State>;
