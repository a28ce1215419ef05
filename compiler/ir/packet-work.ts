/**
 * `PacketWork` from the IR: what a lowered v1model program executes for one packet, as the
 * operation counts the cost model (`runtime/model/`) prices.
 *
 * The walk follows ONE path per traffic class through the six stages in v1model order — the most
 * likely path, not an average over paths:
 *
 * - `plain`: a packet that calls no extern site (if a site is on every path, it is left out of
 *   this path and a note says so: the extern share then says how many packets call it);
 * - `extern`: a packet that reaches the first extern site (then avoids further conditional ones).
 *
 * At every choice the walk prefers, in this order:
 * 1. what the class asks for (a branch / table action / select case containing an extern site for
 *    `extern` until one was called, a branch without one otherwise);
 * 2. what is known: the walk evaluates conditions over constants, header validity (extracted,
 *    `setValid`), metadata (v1model zero-initialises user and standard metadata; `checksum_error`
 *    stays 0: the packet is assumed well-formed) and table results (`hit`, `action_run`) it chose;
 * 3. a branch that does not drop (`mark_to_drop`) nor leads the parser to `reject`;
 * 4. tables: a hit with the first listed action that is not the default action and does not drop
 *    (a configured table is usually hit; `NoAction` or the default on a miss otherwise);
 * 5. source order (`then` before `else`, the first `select` case that is not `default`).
 *
 * Parser states run at most once per packet (header-stack loops extract one element); loops whose
 * condition is unknown run once. An average over paths would need branch probabilities that P4
 * does not state; the most likely path is what a benchmark's packets take and what the paper's
 * hand-counted programs describe.
 *
 * Extern sites are priced by their extern's name (`p4ts.p4`'s async externs): `esp` — ESP tunnel
 * encapsulation with AES-CBC + HMAC-96 (MD5 unless the name says sha1/sha256; GCM if it says gcm;
 * 256-bit keys if it says 256) of the frame after its first (link-layer) header; `aes` — AES-CBC
 * of the payload after the parsed headers, padded to 16 bytes; `hmac` — HMAC over that payload;
 * `burn` — its constant argument's cycles. Other sites get no op (a task of fixed cost) and a note.
 *
 * The compiler imports only the model's *types*: `runtime/` never imports `compiler/`.
 */
import { PAYLOAD_OP_FAMILIES, payloadOpOf } from '../../contract/p4ts-operations.ts';
import { V1MODEL_DROP_PORT } from '../../contract/v1model.ts';
import type { ExternCall, ExternOp, MatchKind, PacketWork, PathWork } from '../../runtime/model/work.ts';
import type {
  IrExpression,
  IrExternCall,
  IrParserStage,
  IrProgram,
  IrStatement,
  IrTableActionBody,
  IrType,
  IrVariable,
} from './nodes.ts';
import { widthOf } from './types.ts';

/** The paper's frames: 64 bytes on the wire with the FCS, 60 without. */
export const DEFAULT_FRAME_BYTES = 60;
/** The ring position a task carries in front of its data ("start from the 9th byte"). */
export const TASK_HANDLE_BYTES = 8;
/** The program state (site number) saved with a parked packet. */
const PROGRAM_STATE_BYTES = 4;
/**
 * Main-core statements of ESP framing around the crypto, as the paper's P4 program has them:
 * SPI; sequence number read, increment, write; ten outer IPv4 fields; pad length; next header;
 * four length computations.
 */
export const ESP_ENCAP_PRIMITIVES = 20;
/** ESP decapsulation: SPI check, sequence/replay window (3), lengths (2), pad and next header (2). */
export const ESP_DECAP_PRIMITIVES = 8;

export interface PacketWorkOptions {
  /** Frame size without FCS (default 60: the paper's 64-byte frames). */
  readonly frameBytes?: number;
  /** Program name for the report (default: the source file's base name). */
  readonly program?: string;
  /** Cycles of a `burn` site whose argument is not a constant (default 1000). */
  readonly burnCycles?: number;
}

export type TrafficClass = 'plain' | 'extern';

/** What the walk chose along one path, for reports and tests. */
export interface PathTrace {
  readonly parserStates: readonly string[];
  /** Tables applied, with the action the walk took and whether that is a hit. */
  readonly tables: readonly { readonly table: string; readonly action: string; readonly hit: boolean }[];
  /** Non-site extern calls by name (`mark_to_drop`, `update_checksum`, `counter.count`, ...). */
  readonly externs: Readonly<Record<string, number>>;
  /** Extern sites called, in order. */
  readonly sites: readonly { readonly id: number; readonly extern: string; readonly kind: SiteKind }[];
  /** Bytes of checksum and hash input (also in `checksumBytes`). */
  readonly hashBytes: number;
  readonly dropped: boolean;
}

export type SiteKind = 'esp' | 'aes' | 'hmac' | 'burn' | 'other';

export interface PacketWorkDerivation {
  readonly work: PacketWork;
  readonly traces: Readonly<Record<TrafficClass, PathTrace>>;
  /** Whether the program has extern sites at all. */
  readonly hasSites: boolean;
  /** Assumptions the derivation had to make (non-constant burn cycles, unknown sites, ...). */
  readonly notes: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Static facts about statement trees (memoised)
// ---------------------------------------------------------------------------------------------

const siteMemo = new WeakMap<object, boolean>();
const dropMemo = new WeakMap<object, boolean>();

function children(s: IrStatement): (readonly IrStatement[])[] {
  switch (s.kind) {
    case 'if': return [s.then, s.otherwise];
    case 'switch': return s.cases.map((c) => c.body);
    case 'labeled': return [s.body];
    case 'loop': return [s.init, s.body, s.update];
    case 'applyTable': return s.actions.map((a) => a.body);
    default: return [];
  }
}

function anyStatement(list: readonly IrStatement[], memo: WeakMap<object, boolean>, test: (s: IrStatement) => boolean): boolean {
  const cached = memo.get(list);
  if (cached !== undefined) return cached;
  const found = list.some((s) => test(s) || children(s).some((c) => anyStatement(c, memo, test)));
  memo.set(list, found);
  return found;
}

const hasSite = (list: readonly IrStatement[]): boolean =>
  anyStatement(list, siteMemo, (s) => s.kind === 'callExtern' && s.call.site !== undefined);

const mustMemo = new WeakMap<object, boolean>();

/** Whether every way through `list` calls an extern site (breaks ignored: an approximation). */
function mustSite(list: readonly IrStatement[]): boolean {
  const cached = mustMemo.get(list);
  if (cached !== undefined) return cached;
  const must = list.some((s) => {
    switch (s.kind) {
      case 'callExtern': return s.call.site !== undefined;
      case 'if': return mustSite(s.then) && mustSite(s.otherwise);
      case 'switch': return s.cases.some((c) => c.isDefault) && s.cases.every((c) => mustSite(c.body));
      case 'labeled': return mustSite(s.body);
      case 'applyTable': return s.actions.length > 0 && s.actions.every((a) => mustSite(a.body));
      default: return false;
    }
  });
  mustMemo.set(list, must);
  return must;
}

const hasDrop = (list: readonly IrStatement[]): boolean =>
  anyStatement(list, dropMemo, (s) => s.kind === 'callExtern' && s.call.name === 'mark_to_drop');

// ---------------------------------------------------------------------------------------------
// Site pricing
// ---------------------------------------------------------------------------------------------

/** The family of the p4ts operation an extern performs (`contract/p4ts-operations.ts`); `other` for any other extern. */
export function siteKind(externName: string): SiteKind {
  const op = payloadOpOf(externName);
  return op === undefined ? 'other' : PAYLOAD_OP_FAMILIES[op];
}

/** Compression-function calls of an HMAC over `messageBytes` with precomputed ipad/opad states. */
export function hmacCompressions(messageBytes: number, hash: 'md5' | 'sha1' | 'sha256'): number {
  const digest = hash === 'md5' ? 16 : hash === 'sha1' ? 20 : 32;
  const inner = Math.ceil((messageBytes + 1 + 8) / 64);
  const outer = Math.ceil((digest + 1 + 8) / 64);
  return inner + outer;
}

function hashOf(name: string): 'md5' | 'sha1' | 'sha256' {
  const n = name.toLowerCase();
  if (n.includes('sha256') || n.includes('sha2')) return 'sha256';
  if (n.includes('sha1')) return 'sha1';
  return 'md5';
}

const keyBitsOf = (name: string): 128 | 256 => (name.includes('256') && !name.toLowerCase().includes('sha256') ? 256 : 128);

function bytesOf(type: IrType): number {
  return Math.ceil(widthOf(type) / 8);
}

// ---------------------------------------------------------------------------------------------
// Abstract values
// ---------------------------------------------------------------------------------------------

type Value = bigint | boolean | undefined;

const MATCH_RANK: Readonly<Record<MatchKind, number>> = { exact: 0, optional: 1, lpm: 2, ternary: 3, range: 4 };

function matchKind(kind: string): MatchKind {
  switch (kind) {
    case 'lpm':
    case 'ternary':
    case 'range':
    case 'optional':
    case 'exact':
      return kind;
    default:
      return 'exact'; // selector and target-specific kinds: a hash lookup
  }
}

function mask(value: bigint, type: IrType): bigint {
  return type.kind === 'bits' && !type.signed ? BigInt.asUintN(type.width, value) : value;
}

/** Operation counts, in the model's units, plus the walk's bookkeeping. */
class PathWalker {
  readonly known = new Map<string, Value>();
  readonly valid = new Map<string, boolean>();
  readonly stackCounts = new Map<string, number>();
  readonly work: {
    headersParsed: number;
    bytesParsed: number;
    headersEmitted: number;
    bytesEmitted: number;
    bytesCopied: number;
    lookups: Partial<Record<MatchKind, number>>;
    actionPrimitives: number;
    checksumBytes: number;
  } = { headersParsed: 0, bytesParsed: 0, headersEmitted: 0, bytesEmitted: 0, bytesCopied: 0, lookups: {}, actionPrimitives: 0, checksumBytes: 0 };
  readonly calls: ExternCall[] = [];
  readonly sites: { id: number; extern: string; kind: SiteKind }[] = [];
  readonly tables: { table: string; action: string; hit: boolean }[] = [];
  readonly externs: Record<string, number> = {};
  readonly parserStates: string[] = [];
  hashBytes = 0;
  liveStateBytes = 0;
  /** Units of work when the last site was called (for `workAfterExtern`). */
  unitsAtLastSite: number | undefined;
  /** Frame size out, when a site fixes it (ESP), and growth of the payload (AES padding). */
  frameOutOverride: number | undefined;
  payloadGrowth = 0;
  /** Bytes of the first extracted header (the link layer, for ESP tunnel mode). */
  linkBytes: number | undefined;
  parserHeaders = 0;
  parserBytes = 0;
  /** Bytes extracted (the payload starts after them; a lookahead reads without extracting). */
  extractedBytes = 0;

  constructor(
    readonly ir: IrProgram,
    readonly goal: TrafficClass,
    readonly frameBytes: number,
    readonly burnCycles: number,
    readonly notes: string[],
    readonly skipSites: boolean,
  ) {}

  units(): number {
    const w = this.work;
    let lookups = 0;
    for (const n of Object.values(w.lookups)) lookups += n ?? 0;
    return w.headersParsed + w.headersEmitted + 2 * lookups + w.actionPrimitives / 4 + w.checksumBytes / 20;
  }

  // --- storage keys and values -----------------------------------------------------------

  key(e: IrExpression): string | undefined {
    switch (e.kind) {
      case 'variable': return `${e.variable.kind[0]}${e.variable.id}`;
      case 'field': {
        const base = this.key(e.base);
        return base === undefined ? undefined : `${base}.${e.field}`;
      }
      case 'element': {
        const base = this.key(e.base);
        if (base === undefined) return undefined;
        if (e.index.kind === 'stackIndex') {
          const n = this.stackCounts.get(base) ?? 0;
          return `${base}[${e.index.which === 'nextIndex' ? n : Math.max(0, n - 1)}]`;
        }
        const i = this.eval(e.index);
        return typeof i === 'bigint' ? `${base}[${i}]` : undefined;
      }
      default: return undefined;
    }
  }

  /** The initial value of packet-carried storage: v1model zero-initialises metadata. */
  initial(e: IrExpression): Value {
    let root = e;
    while (root.kind === 'field' || root.kind === 'element' || root.kind === 'slice') root = root.base;
    if (root.kind !== 'variable' || root.variable.kind !== 'packet') return undefined;
    const v = root.variable;
    if (v === this.ir.headers) return undefined; // packet contents
    if (v === this.ir.standardMetadata && e.kind === 'field') {
      if (/port|length|timestamp|qdepth|timedelta|instance/.test(e.field)) return undefined;
    }
    if (e.type.kind === 'bits') return 0n;
    if (e.type.kind === 'bool') return false;
    if (e.type.kind === 'error') return 0n;
    return undefined;
  }

  eval(e: IrExpression): Value {
    switch (e.kind) {
      case 'constant':
        return typeof e.value === 'string' ? undefined : e.value;
      case 'variable':
      case 'field':
      case 'element': {
        const k = this.key(e);
        if (k !== undefined && this.known.has(k)) return this.known.get(k);
        return this.initial(e);
      }
      case 'isValid': {
        if (e.header.kind === 'variable' || e.header.kind === 'field' || e.header.kind === 'element') {
          const k = this.key(e.header);
          return k === undefined ? undefined : (this.valid.get(k) ?? false);
        }
        return undefined;
      }
      case 'unary': {
        const v = this.eval(e.operand);
        if (v === undefined) return undefined;
        if (e.op === 'not') return typeof v === 'boolean' ? !v : undefined;
        if (typeof v !== 'bigint') return undefined;
        return mask(e.op === 'negate' ? -v : ~v, e.type);
      }
      case 'binary': return this.binary(e.op, e.left, e.right, e.type);
      case 'cast': {
        const v = this.eval(e.operand);
        if (v === undefined) return undefined;
        if (e.type.kind === 'bool') return typeof v === 'boolean' ? v : v !== 0n;
        if (e.type.kind === 'bits') return mask(typeof v === 'boolean' ? (v ? 1n : 0n) : v, e.type);
        return undefined;
      }
      case 'conditional': {
        const c = this.eval(e.condition);
        return c === undefined ? undefined : this.eval(c ? e.then : e.otherwise);
      }
      default:
        return undefined;
    }
  }

  binary(op: string, l: IrExpression, r: IrExpression, type: IrType): Value {
    if (op === 'land' || op === 'lor') {
      const a = this.eval(l);
      const b = this.eval(r);
      if (op === 'land') {
        if (a === false || b === false) return false;
        return a === true && b === true ? true : undefined;
      }
      if (a === true || b === true) return true;
      return a === false && b === false ? false : undefined;
    }
    const a = this.eval(l);
    const b = this.eval(r);
    if (a === undefined || b === undefined) return undefined;
    if (typeof a === 'boolean' || typeof b === 'boolean') {
      if (op === 'eq') return a === b;
      if (op === 'ne') return a !== b;
      return undefined;
    }
    switch (op) {
      case 'eq': return a === b;
      case 'ne': return a !== b;
      case 'lt': return a < b;
      case 'le': return a <= b;
      case 'gt': return a > b;
      case 'ge': return a >= b;
      case 'add': return mask(a + b, type);
      case 'sub': return mask(a - b, type);
      case 'mul': return mask(a * b, type);
      case 'and': return a & b;
      case 'or': return a | b;
      case 'xor': return a ^ b;
      case 'shl': return mask(a << b, type);
      case 'shr': return a >> b;
      default: return undefined;
    }
  }

  set(target: IrExpression, value: Value): void {
    const k = this.key(target);
    if (k === undefined) return;
    // A whole-aggregate write forgets what was known about its parts.
    for (const known of [...this.known.keys()]) if (known.startsWith(`${k}.`) || known.startsWith(`${k}[`)) this.known.delete(known);
    this.known.set(k, value);
  }

  // --- headers ---------------------------------------------------------------------------

  /** The header instances an `emit` argument denotes, with validity (struct arguments expand). */
  emitted(e: IrExpression, key: string | undefined, out: { bytes: number; valid: boolean }[]): void {
    const t = e.type;
    if (t.kind === 'header') {
      out.push({ bytes: bytesOf(t), valid: key !== undefined && (this.valid.get(key) ?? false) });
    } else if (t.kind === 'struct' || t.kind === 'union') {
      for (const f of t.decl.fields) {
        const fe: IrExpression = { kind: 'field', type: f.type, base: e, field: f.name, span: e.span };
        this.emitted(fe, key === undefined ? undefined : `${key}.${f.name}`, out);
      }
    } else if (t.kind === 'stack') {
      for (let i = 0; i < t.size; i++) {
        const k = key === undefined ? undefined : `${key}[${i}]`;
        out.push({ bytes: bytesOf(t.element), valid: k !== undefined && (this.valid.get(k) ?? false) });
      }
    }
  }

  /** Bytes of the headers valid now (for the descriptor saved at a site). */
  validHeaderBytes(): number {
    const out: { bytes: number; valid: boolean }[] = [];
    const h = this.ir.headers;
    this.emitted({ kind: 'variable', type: h.type, variable: h, span: h.span }, this.key({ kind: 'variable', type: h.type, variable: h, span: h.span }), out);
    return out.reduce((s, x) => s + (x.valid ? x.bytes : 0), 0);
  }

  // --- statements ------------------------------------------------------------------------

  /** Runs a statement list; returns how control leaves it. */
  run(list: readonly IrStatement[]): Exit {
    for (const s of list) {
      const exit = this.statement(s);
      if (exit !== undefined) return exit;
    }
    return undefined;
  }

  /** Whether a branch is what this path's class wants (1), indifferent (0) or against it (-1). */
  goalScore(list: readonly IrStatement[]): number {
    if (this.goal === 'extern' && !this.skipSites && this.sites.length === 0) return hasSite(list) ? 1 : 0;
    return mustSite(list) ? -1 : 0;
  }

  /** Picks the best of several candidate branches by the module's preference order. */
  choose<T>(candidates: readonly T[], body: (c: T) => readonly IrStatement[], known: (c: T) => boolean | undefined, extra: (c: T) => number = () => 0): T | undefined {
    let best: T | undefined;
    let bestScore: number[] = [];
    candidates.forEach((c, i) => {
      const k = known(c);
      const score = [this.goalScore(body(c)), k === true ? 1 : k === false ? -1 : 0, hasDrop(body(c)) ? 0 : 1, extra(c), -i];
      if (best === undefined || greater(score, bestScore)) {
        best = c;
        bestScore = score;
      }
    });
    return best;
  }

  statement(s: IrStatement): Exit {
    switch (s.kind) {
      case 'assign': {
        this.work.actionPrimitives++;
        if (s.target.type.kind === 'header' && (s.value.kind === 'variable' || s.value.kind === 'field' || s.value.kind === 'element' || s.value.kind === 'invalidHeader')) {
          const tk = this.key(s.target);
          if (tk !== undefined) {
            const vk = s.value.kind === 'invalidHeader' ? undefined : this.key(s.value);
            this.valid.set(tk, vk !== undefined && (this.valid.get(vk) ?? false));
          }
        }
        this.set(s.target, this.eval(s.value));
        return undefined;
      }
      case 'if': {
        const c = this.eval(s.condition);
        const pick = this.choose([true, false], (b) => (b ? s.then : s.otherwise), (b) => (c === undefined ? undefined : c === b));
        return this.run(pick ? s.then : s.otherwise);
      }
      case 'switch': {
        const v = this.eval(s.subject);
        const matches = (values: readonly IrExpression[]): boolean | undefined => {
          if (v === undefined) return undefined;
          return values.some((x) => this.eval(x) === v);
        };
        const pick = this.choose(
          s.cases,
          (c) => c.body,
          (c) => {
            const m = matches(c.values);
            if (m === true) return true;
            if (c.isDefault && v !== undefined) return !s.cases.some((o) => matches(o.values) === true);
            return m;
          },
          (c) => (c.isDefault ? 0 : 1),
        );
        return pick === undefined ? undefined : this.run(pick.body);
      }
      case 'labeled': {
        const exit = this.run(s.body);
        return exit !== undefined && exit.kind === 'break' && exit.label === s.label ? undefined : exit;
      }
      case 'break': return { kind: 'break', label: s.label };
      case 'continue': return { kind: 'continue', label: s.label };
      case 'exitStage': return { kind: 'exit' };
      case 'loop': {
        const init = this.run(s.init);
        if (init !== undefined) return init;
        for (let i = 0; i < 256; i++) {
          const c = s.condition === undefined ? true : this.eval(s.condition);
          if (c === false) break;
          const exit = this.run(s.body);
          if (exit !== undefined && exit.kind === 'break' && exit.label === s.label) break;
          if (exit !== undefined && !(exit.kind === 'continue' && exit.label === s.label)) return exit;
          const update = this.run(s.update);
          if (update !== undefined) return update;
          if (c === undefined) break; // unknown condition: one iteration
        }
        return undefined;
      }
      case 'setValidity': {
        this.work.actionPrimitives++;
        const k = this.key(s.header);
        if (k !== undefined) this.valid.set(k, s.valid);
        return undefined;
      }
      case 'stackShift':
        this.work.actionPrimitives++;
        return undefined;
      case 'applyTable': return this.applyTable(s);
      case 'callExtern': return this.callExtern(s.call);
      case 'extract': {
        const k = this.key(s.header);
        let bytes = bytesOf(s.header.type);
        if (s.varbitBits !== undefined) {
          const bits = this.eval(s.varbitBits);
          if (typeof bits === 'bigint') bytes += Number(bits) / 8;
        }
        if (k !== undefined) this.valid.set(k, true);
        if (s.header.kind === 'element' && s.header.index.kind === 'stackIndex') {
          const sk = this.key(s.header.base);
          if (sk !== undefined) this.stackCounts.set(sk, (this.stackCounts.get(sk) ?? 0) + 1);
        }
        this.work.headersParsed++;
        this.work.bytesParsed += bytes;
        this.extractedBytes += bytes;
        this.linkBytes ??= bytes;
        return undefined;
      }
      case 'advance': {
        const bits = this.eval(s.bits);
        if (typeof bits === 'bigint') this.work.bytesParsed += Number(bits) / 8;
        return undefined;
      }
      case 'lookahead': {
        // decoding a header's worth of fields costs what extracting it does; the payload does
        // not move (a lookahead extracts nothing)
        this.work.headersParsed++;
        this.work.bytesParsed += bytesOf(s.target.type);
        this.set(s.target, undefined);
        return undefined;
      }
      case 'verify': {
        const ok = this.eval(s.condition);
        return ok === false ? { kind: 'reject' } : undefined;
      }
      case 'emit': {
        const out: { bytes: number; valid: boolean }[] = [];
        this.emitted(s.header, this.key(s.header), out);
        for (const h of out) {
          if (!h.valid) continue;
          this.work.headersEmitted++;
          this.work.bytesEmitted += h.bytes;
        }
        return undefined;
      }
    }
  }

  applyTable(s: IrStatement & { kind: 'applyTable' }): Exit {
    const table = s.table;
    if (table.keys.length > 0) {
      let kind: MatchKind = 'exact';
      for (const k of table.keys) {
        const m = matchKind(k.matchKind);
        if (MATCH_RANK[m] > MATCH_RANK[kind]) kind = m;
      }
      this.work.lookups[kind] = (this.work.lookups[kind] ?? 0) + 1;
    }
    const isDefault = (a: IrTableActionBody): boolean => a.action.name === table.defaultAction.action.name;
    const pick = this.choose(
      s.actions,
      (a) => a.body,
      () => undefined,
      // keyless tables always run their default action; keyed ones prefer a hit
      (a) => (table.keys.length === 0 ? (isDefault(a) ? 1 : 0) : isDefault(a) ? 0 : 1),
    );
    const hit = pick !== undefined && table.keys.length > 0 && !isDefault(pick);
    if (s.result.hit) this.known.set(`l${s.result.hit.id}`, hit);
    if (s.result.actionRun) this.known.set(`l${s.result.actionRun.id}`, pick === undefined ? undefined : BigInt(pick.action.id));
    if (pick === undefined) return undefined;
    this.tables.push({ table: table.name, action: pick.action.name, hit });
    for (const p of pick.parameters) this.known.delete(`l${p.id}`);
    return this.run(pick.body);
  }

  callExtern(call: IrExternCall): Exit {
    if (call.site !== undefined) {
      if (this.skipSites) return undefined;
      return this.site(call);
    }
    const name = call.name;
    this.externs[name] = (this.externs[name] ?? 0) + 1;
    if (/^(verify|update)_checksum/.test(name)) {
      const cond = call.arguments[0]?.value;
      if (cond !== undefined && this.eval(cond) === false) return undefined;
      const data = call.arguments.find((a) => a.name === 'data');
      let bytes = data ? bytesOf(data.type) : 0;
      if (name.endsWith('_with_payload')) bytes += Math.max(0, this.frameBytes + this.payloadGrowth - this.extractedBytes);
      this.work.checksumBytes += bytes;
      this.hashBytes += bytes;
      return undefined;
    }
    if (name === 'hash' || name.endsWith('.get_hash')) {
      const data = call.arguments.find((a) => a.name === 'data');
      const bytes = data ? bytesOf(data.type) : 0;
      this.work.checksumBytes += bytes;
      this.hashBytes += bytes;
      this.work.actionPrimitives++;
      return undefined;
    }
    this.work.actionPrimitives++;
    if (name === 'mark_to_drop') {
      const sm = this.ir.standardMetadata;
      this.known.set(`p${sm.id}.egress_spec`, BigInt(V1MODEL_DROP_PORT));
    }
    if (call.result !== undefined) this.set(call.result, undefined);
    return undefined;
  }

  site(call: IrExternCall): Exit {
    const site = call.site!;
    const kind = siteKind(call.name);
    const offsetArg = call.arguments.find((a) => a.name === 'offset');
    const offsetValue = offsetArg?.value !== undefined ? this.eval(offsetArg.value) : undefined;
    const offset = typeof offsetValue === 'bigint' ? Number(offsetValue) : 0;
    const payload = Math.max(0, this.frameBytes + this.payloadGrowth - this.extractedBytes - offset);
    let framing: (() => void) | undefined;
    const argBytes = (dirs: readonly string[]): number =>
      call.arguments.reduce((sum, a) => sum + (a.value !== undefined && dirs.includes(a.direction) && a.value.kind !== 'constant' ? bytesOf(a.type) : 0), 0);
    let ops: ExternOp[] = [];
    let taskBytes = TASK_HANDLE_BYTES + argBytes(['in', 'inout', 'none']);
    let resultBytes = argBytes(['out', 'inout']) + (call.result ? bytesOf(call.result.type) : 0);
    const lower = call.name.toLowerCase();
    switch (kind) {
      case 'esp': {
        const l2 = this.linkBytes ?? 14;
        if (lower.includes('decap')) {
          // the parsed headers end with the ESP header: IV + ciphertext + 12-byte ICV follow
          const ciphertext = Math.max(16, Math.floor((payload - 16 - 12) / 16) * 16);
          const authenticated = 8 + 16 + ciphertext;
          ops = [this.cipherOp(lower, ciphertext / 16), { kind: 'hmac', hash: hashOf(lower), blocks: hmacCompressions(authenticated, hashOf(lower)) }];
          taskBytes = TASK_HANDLE_BYTES + authenticated + 12;
          resultBytes = ciphertext;
          this.frameOutOverride = l2 + ciphertext;
          // framing on the main core: SA by SPI; sequence/replay check, lengths, trailer
          this.addLookup('exact');
          this.work.actionPrimitives += ESP_DECAP_PRIMITIVES;
        } else {
          const inner = Math.max(0, this.frameBytes - l2);
          const ciphertext = Math.ceil((inner + 2) / 16) * 16;
          const authenticated = 8 + 16 + ciphertext;
          ops = [this.cipherOp(lower, ciphertext / 16), { kind: 'hmac', hash: hashOf(lower), blocks: hmacCompressions(authenticated, hashOf(lower)) }];
          taskBytes = TASK_HANDLE_BYTES + authenticated;
          resultBytes = ciphertext + 12;
          const frameOut = l2 + 20 + 8 + 16 + ciphertext + 12;
          // the inner packet moves behind the new headers (padded, with its trailer), and the
          // grown frame is written out again
          this.work.bytesCopied += ciphertext + frameOut;
          this.frameOutOverride = frameOut;
          // framing on the main core (what the paper's program does in P4 around the crypto):
          // the SA's parameters, SPI, sequence number, outer IPv4 fields, pad length, next
          // header, lengths before the task; the outer IPv4 and ESP headers written and the
          // outer checksum computed after it
          this.addLookup('exact');
          this.work.actionPrimitives += ESP_ENCAP_PRIMITIVES;
          framing = () => {
            this.work.headersEmitted += 2;
            this.work.bytesEmitted += 20 + 8;
            this.work.checksumBytes += 20;
          };
        }
        break;
      }
      case 'aes': {
        const padded = Math.ceil((payload + 1) / 16) * 16;
        ops = [this.cipherOp(lower, padded / 16)];
        taskBytes = TASK_HANDLE_BYTES + padded;
        resultBytes = padded;
        if (lower.includes('decrypt')) {
          const blocks = Math.max(1, Math.floor(payload / 16));
          ops = [this.cipherOp(lower, blocks)];
          taskBytes = TASK_HANDLE_BYTES + blocks * 16;
          resultBytes = blocks * 16;
          break;
        }
        this.work.bytesCopied += padded - payload;
        this.payloadGrowth += padded - payload;
        break;
      }
      case 'hmac': {
        const hash = hashOf(lower);
        const verify = lower.includes('verify');
        const message = verify ? Math.max(0, payload - 12) : payload;
        ops = [{ kind: 'hmac', hash, blocks: hmacCompressions(message, hash) }];
        taskBytes = TASK_HANDLE_BYTES + message + (verify ? 12 : 0);
        resultBytes = verify ? 0 : 12;
        this.payloadGrowth += verify ? -12 : 12;
        break;
      }
      case 'burn': {
        let cycles: number | undefined;
        const byName = call.arguments.find((a) => a.name.toLowerCase().includes('cycle'));
        for (const a of byName ? [byName] : call.arguments) {
          // a constant in the source, not a value the walk assumed (metadata starts at 0)
          let e = a.value;
          while (e !== undefined && e.kind === 'cast') e = e.operand;
          const v = e?.kind === 'constant' ? e.value : undefined;
          if (typeof v === 'bigint') {
            cycles = Number(v);
            break;
          }
        }
        if (cycles === undefined) {
          cycles = this.burnCycles;
          this.note(`site ${site.id} (${call.name}): cycles are not a constant; assumed ${cycles}`);
        }
        ops = [{ kind: 'burn', cycles }];
        break;
      }
      case 'other':
        this.note(`site ${site.id} (${call.name}): unknown extern, priced as a task with no op`);
        break;
    }
    const live = site.live.reduce((sum, v: IrVariable) => sum + bytesOf(v.type), 0);
    const descriptor = this.validHeaderBytes() + bytesOf(this.ir.metadata.type) + bytesOf(this.ir.standardMetadata.type) + live + PROGRAM_STATE_BYTES;
    this.liveStateBytes = Math.max(this.liveStateBytes, descriptor);
    this.calls.push({ site: site.id, name: call.name, ops, taskBytes, resultBytes });
    this.sites.push({ id: site.id, extern: call.name, kind });
    this.unitsAtLastSite = this.units();
    framing?.();
    this.externs[call.name] = (this.externs[call.name] ?? 0) + 1;
    if (call.result !== undefined) this.set(call.result, undefined);
    return undefined;
  }

  addLookup(kind: MatchKind): void {
    this.work.lookups[kind] = (this.work.lookups[kind] ?? 0) + 1;
  }

  cipherOp(lowerName: string, blocks: number): ExternOp {
    const keyBits = keyBitsOf(lowerName);
    return lowerName.includes('gcm') ? { kind: 'aes-gcm', keyBits, blocks, ghashBlocks: blocks + 2 } : { kind: 'aes-cbc', keyBits, blocks };
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  // --- stages ------------------------------------------------------------------------------

  parser(stage: IrParserStage): void {
    const exit = this.run(stage.prologue);
    if (exit !== undefined) return;
    const states = new Map(stage.states.map((s) => [s.name, s]));
    const visited = new Set<string>();
    let name = 'start';
    while (name !== 'accept' && name !== 'reject') {
      const state = states.get(name);
      if (state === undefined || visited.has(name)) break;
      visited.add(name);
      this.parserStates.push(name);
      const e = this.run(state.body);
      if (e !== undefined) {
        if (e.kind === 'reject') this.parserStates.push('reject');
        break;
      }
      const t = state.transition;
      if (t.kind === 'goto') {
        name = t.state;
        continue;
      }
      const values = t.selectors.map((x) => this.eval(x));
      const caseKnown = (keys: readonly (typeof t.cases)[number]['keys'][number][]): boolean | undefined => {
        let all = true;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          if (k.kind === 'any') continue;
          const v = values[i];
          if (v === undefined || typeof v === 'boolean') return undefined;
          if (k.kind === 'value') {
            const c = this.eval(k.value);
            if (c === undefined) return undefined;
            all &&= c === v;
          } else if (k.kind === 'mask') {
            const c = this.eval(k.value);
            const m = this.eval(k.mask);
            if (typeof c !== 'bigint' || typeof m !== 'bigint') return undefined;
            all &&= (c & m) === (v & m);
          } else if (k.kind === 'range') {
            const lo = this.eval(k.lo);
            const hi = this.eval(k.hi);
            if (typeof lo !== 'bigint' || typeof hi !== 'bigint') return undefined;
            all &&= lo <= v && v <= hi;
          } else {
            return undefined;
          }
        }
        return all;
      };
      const stateBody = (target: string): readonly IrStatement[] => states.get(target)?.body ?? [];
      const open = t.cases.filter((c) => c.state === 'accept' || c.state === 'reject' || !visited.has(c.state));
      // the first case that matches what is known wins outright (a wildcard only when every
      // case before it is known not to match)
      let decided: (typeof t.cases)[number] | undefined;
      let unknownBefore = false;
      for (const c of t.cases) {
        const wildcard = c.keys.every((k) => k.kind === 'any');
        const r = wildcard ? (unknownBefore ? undefined : true) : caseKnown(c.keys);
        if (r === true) {
          if (open.includes(c)) decided = c;
          break;
        }
        if (r === undefined) unknownBefore = true;
      }
      const pick =
        decided ??
        this.choose(
          open.filter((c) => caseKnown(c.keys) !== false),
          (c) => stateBody(c.state),
          () => undefined,
          (c) => (c.state === 'reject' ? -2 : c.keys.every((k) => k.kind === 'any') ? 0 : 1),
        );
      if (pick === undefined) break;
      name = pick.state;
    }
    if (name === 'reject') this.parserStates.push('reject');
    this.parserHeaders = this.work.headersParsed;
    this.parserBytes = this.work.bytesParsed;
  }

  control(name: 'verifyChecksum' | 'ingress' | 'egress' | 'computeChecksum' | 'deparser'): void {
    const stage = this.ir.stages[name];
    if (stage.kind !== 'control') return;
    this.run(stage.body);
  }

  dropped(): boolean {
    const sm = this.ir.standardMetadata.id;
    return this.known.get(`p${sm}.egress_spec`) === BigInt(V1MODEL_DROP_PORT) && (this.known.get(`p${sm}.mcast_grp`) ?? 0n) === 0n;
  }

  /** The v1model pipeline: parser, checksums, ingress; egress and deparser unless dropped. */
  runPipeline(): { path: PathWork; trace: PathTrace } {
    const parser = this.ir.stages.parser;
    if (parser.kind === 'parser') this.parser(parser);
    this.control('verifyChecksum');
    this.control('ingress');
    const dropped = this.dropped();
    if (!dropped) {
      this.control('egress');
      this.control('computeChecksum');
      this.control('deparser');
    }
    const w = this.work;
    // Headers that change size move the payload behind them.
    if (!dropped && w.bytesEmitted !== this.extractedBytes && this.frameOutOverride === undefined) w.bytesCopied += Math.max(0, this.frameBytes - this.extractedBytes);
    const frameOut = dropped ? 0 : (this.frameOutOverride ?? this.frameBytes - this.extractedBytes + w.bytesEmitted + this.payloadGrowth);
    const total = this.units();
    const after = this.unitsAtLastSite === undefined || total === 0 ? 0.5 : (total - this.unitsAtLastSite) / total;
    const hasCalls = this.calls.length > 0;
    const path: PathWork = {
      headersParsed: w.headersParsed,
      bytesParsed: w.bytesParsed,
      headersEmitted: w.headersEmitted,
      bytesEmitted: w.bytesEmitted,
      bytesCopied: w.bytesCopied,
      lookups: { ...w.lookups },
      actionPrimitives: w.actionPrimitives,
      checksumBytes: w.checksumBytes,
      externCalls: this.calls,
      liveStateBytes: hasCalls ? this.liveStateBytes : 0,
      reparseHeaders: hasCalls ? this.parserHeaders : 0,
      reparseBytes: hasCalls ? this.parserBytes : 0,
      workAfterExtern: Math.round(after * 1000) / 1000,
      frameBytesIn: this.frameBytes,
      frameBytesOut: frameOut,
    };
    const trace: PathTrace = {
      parserStates: this.parserStates,
      tables: this.tables,
      externs: this.externs,
      sites: this.sites,
      hashBytes: this.hashBytes,
      dropped,
    };
    return { path, trace };
  }
}

type Exit = { kind: 'break' | 'continue'; label: string } | { kind: 'exit' } | { kind: 'reject' } | undefined;

function greater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

function baseName(path: string): string {
  const file = path.split('/').pop() ?? path;
  return file.replace(/\.p4$/, '');
}

/**
 * The per-packet work of a lowered program, for both traffic classes (see the module comment for
 * how the path is chosen).
 */
export function derivePacketWork(ir: IrProgram, options: PacketWorkOptions = {}): PacketWorkDerivation {
  const frameBytes = options.frameBytes ?? DEFAULT_FRAME_BYTES;
  const burnCycles = options.burnCycles ?? 1000;
  const notes: string[] = [];
  const walk = (goal: TrafficClass, skipSites: boolean) => new PathWalker(ir, goal, frameBytes, burnCycles, notes, skipSites).runPipeline();
  const hasSites = ir.sites.length > 0;
  const ext = walk('extern', false);
  let plain = walk('plain', false);
  if (plain.path.externCalls.length > 0) {
    const ids = plain.trace.sites.map((s) => s.id).join(', ');
    notes.push(`extern site ${ids} is on every path: the plain path counts it as not called (the extern share decides)`);
    plain = walk('plain', true);
  }
  if (hasSites && ext.path.externCalls.length === 0) notes.push('no path reaches an extern site: the extern path equals the plain path');
  const program = options.program ?? baseName(ir.source);
  const work: PacketWork = {
    program,
    source: `IR (${ir.source})`,
    plain: plain.path,
    extern: ext.path.externCalls.length > 0 ? ext.path : plain.path,
  };
  return { work, traces: { plain: plain.trace, extern: ext.path.externCalls.length > 0 ? ext.trace : plain.trace }, hasSites, notes };
}
