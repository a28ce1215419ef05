/**
 * The path walk: runs a lowered v1model program's stages in order along ONE path for one traffic
 * class, counting what that path executes (`OpCounts`), the extern sites it calls and what they
 * compute (`price.ts`). Choices are made as the module comment of `index.ts` describes; values
 * come from `AbstractState`.
 */
import { V1MODEL_DROP_PORT } from '../../contract/v1model.ts';
import type { EspSuite } from '../../runtime/ipsec/index.ts';
import type { ExternCall, MatchKind, OpCounts, PathWork } from '../../runtime/model/work.ts';
import { noOps, opsOf, addOps } from '../../runtime/model/work.ts';
import type { IrExpression, IrExternCall, IrParserStage, IrV1Program, IrStatement, IrTableActionBody, IrType } from '../ir/nodes.ts';
import { widthOf } from '../ir/types.ts';
import { STAGES } from '../ir/nodes.ts';
import { forEachStatement, stageStatements, statementExpressions } from '../ir/walk.ts';
import { AbstractState } from './abstract-state.ts';
import { operationOf, priceSite } from './price.ts';
import { hasDrop, hasSite, mustSite } from './statement-facts.ts';

export type TrafficClass = 'plain' | 'extern';

/** What the walk chose along one path, for reports and tests. */
export interface PathTrace {
  readonly parserStates: readonly string[];
  /** Tables applied, with the action the walk took and whether that is a hit. */
  readonly tables: readonly { readonly table: string; readonly action: string; readonly hit: boolean }[];
  /** Non-site extern calls by name (`mark_to_drop`, `update_checksum`, `counter.count`, ...). */
  readonly externs: Readonly<Record<string, number>>;
  /** Extern sites called, in order, with their p4ts operation number (null: not a p4ts operation). */
  readonly sites: readonly { readonly id: number; readonly extern: string; readonly op: number | null }[];
  readonly dropped: boolean;
}

export interface WalkOptions {
  readonly frameBytes: number;
  readonly burnCycles: number;
  readonly espSuite: EspSuite;
  /** Leave extern sites out (the plain path of a program whose every path calls one). */
  readonly skipSites: boolean;
}

type Exit = { kind: 'break' | 'continue'; label: string } | { kind: 'exit' } | { kind: 'reject' } | undefined;

/** Match kinds from cheapest to costliest (a table with several keys counts as its costliest). */
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

function bytesOf(type: IrType): number {
  return Math.ceil(widthOf(type) / 8);
}

/** `a` before `b` in lexicographic order of scores. */
function greater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

export class PathWalk {
  private readonly state: AbstractState;
  private counts: OpCounts = noOps();
  private atLastCall: OpCounts | undefined;
  private readonly calls: ExternCall[] = [];
  private readonly sites: { id: number; extern: string; op: number | null }[] = [];
  private readonly tables: { table: string; action: string; hit: boolean }[] = [];
  private readonly externs: Record<string, number> = {};
  private readonly parserStates: string[] = [];
  private liveStateBytes = 0;
  private parserHeaders = 0;
  private parserBytes = 0;
  /** Bytes extracted (the payload starts after them; a lookahead reads without extracting). */
  private extractedBytes = 0;
  /** How extern sites changed the payload's length. */
  private payloadGrowth = 0;
  /** Where each extracted header started (bytes from the frame's start). */
  private readonly extractedAt = new Map<string, number>();
  /** The valid headers emitted, in order: key, bytes, where the parser found them. */
  private readonly emits: { key: string | undefined; bytes: number; at: number | undefined }[] = [];
  /** Keys the program writes other than by extracting (headers, fields of headers). */
  private readonly writtenKeys: readonly string[];

  constructor(
    private readonly ir: IrV1Program,
    private readonly goal: TrafficClass,
    private readonly options: WalkOptions,
    private readonly notes: string[],
  ) {
    this.state = new AbstractState(ir);
    this.writtenKeys = writtenKeys(ir, this.state);
  }

  /** Whether a statement other than an extract may change header `key` (or one of its fields). */
  private changed(key: string): boolean {
    return this.writtenKeys.some((w) => w === key || w.startsWith(`${key}.`) || key.startsWith(`${w}.`) || key.startsWith(`${w}[`));
  }

  private payloadBytes(): number {
    return Math.max(0, this.options.frameBytes + this.payloadGrowth - this.extractedBytes);
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  private addLookup(kind: MatchKind): void {
    this.counts.lookups[kind] = (this.counts.lookups[kind] ?? 0) + 1;
  }

  // --- choices ---------------------------------------------------------------------------

  /** Whether a branch is what this path's class wants (1), indifferent (0) or against it (-1). */
  private goalScore(list: readonly IrStatement[]): number {
    if (this.goal === 'extern' && !this.options.skipSites && this.sites.length === 0) return hasSite(list) ? 1 : 0;
    return mustSite(list) ? -1 : 0;
  }

  /** Picks the best of several candidate branches: class goal, known outcome, no drop, `extra`, source order. */
  private choose<T>(candidates: readonly T[], body: (c: T) => readonly IrStatement[], known: (c: T) => boolean | undefined, extra: (c: T) => number = () => 0): T | undefined {
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

  // --- headers ---------------------------------------------------------------------------

  /** The header instances an `emit` argument denotes, with validity (struct arguments expand). */
  private emitted(e: IrExpression, key: string | undefined, out: { bytes: number; valid: boolean; key?: string | undefined }[]): void {
    const t = e.type;
    if (t.kind === 'header') {
      out.push({ bytes: bytesOf(t), valid: key !== undefined && (this.state.valid.get(key) ?? false), key });
    } else if (t.kind === 'struct' || t.kind === 'union') {
      for (const f of t.decl.fields) {
        const fe: IrExpression = { kind: 'field', type: f.type, base: e, field: f.name, span: e.span };
        this.emitted(fe, key === undefined ? undefined : `${key}.${f.name}`, out);
      }
    } else if (t.kind === 'stack') {
      for (let i = 0; i < t.size; i++) {
        const k = key === undefined ? undefined : `${key}[${i}]`;
        out.push({ bytes: bytesOf(t.element), valid: k !== undefined && (this.state.valid.get(k) ?? false), key: k });
      }
    }
  }

  /** Bytes of the headers valid now. */
  private validHeaderBytes(): number {
    const h = this.ir.headers;
    const e: IrExpression = { kind: 'variable', type: h.type, variable: h, span: h.span };
    const out: { bytes: number; valid: boolean }[] = [];
    this.emitted(e, this.state.key(e), out);
    return out.reduce((s, x) => s + (x.valid ? x.bytes : 0), 0);
  }

  // --- statements ------------------------------------------------------------------------

  private run(list: readonly IrStatement[]): Exit {
    for (const s of list) {
      const exit = this.statement(s);
      if (exit !== undefined) return exit;
    }
    return undefined;
  }

  private statement(s: IrStatement): Exit {
    const state = this.state;
    switch (s.kind) {
      case 'assign': {
        this.counts.actionPrimitives++;
        if (s.target.type.kind === 'header' && (s.value.kind === 'variable' || s.value.kind === 'field' || s.value.kind === 'element' || s.value.kind === 'invalidHeader')) {
          const tk = state.key(s.target);
          if (tk !== undefined) {
            const vk = s.value.kind === 'invalidHeader' ? undefined : state.key(s.value);
            state.valid.set(tk, vk !== undefined && (state.valid.get(vk) ?? false));
          }
        }
        state.set(s.target, state.eval(s.value));
        return undefined;
      }
      case 'if': {
        const c = state.eval(s.condition);
        const pick = this.choose([true, false], (b) => (b ? s.then : s.otherwise), (b) => (c === undefined ? undefined : c === b));
        return this.run(pick ? s.then : s.otherwise);
      }
      case 'switch': {
        const v = state.eval(s.subject);
        const matches = (values: readonly IrExpression[]): boolean | undefined => (v === undefined ? undefined : values.some((x) => state.eval(x) === v));
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
      case 'loop': return this.loop(s);
      case 'setValidity': {
        this.counts.actionPrimitives++;
        const k = state.key(s.header);
        if (k !== undefined) state.valid.set(k, s.valid);
        return undefined;
      }
      case 'stackShift':
        this.counts.actionPrimitives++;
        return undefined;
      case 'applyTable': return this.applyTable(s);
      case 'callExtern': return s.call.site !== undefined ? this.site(s.call) : this.callExtern(s.call);
      case 'extract': {
        const k = state.key(s.header);
        let bytes = bytesOf(s.header.type);
        if (s.varbitBits !== undefined) {
          const bits = state.eval(s.varbitBits);
          if (typeof bits === 'bigint') bytes += Number(bits) / 8;
        }
        if (k !== undefined) state.valid.set(k, true);
        if (k !== undefined) this.extractedAt.set(k, this.extractedBytes);
        if (s.header.kind === 'element' && s.header.index.kind === 'stackIndex') {
          const sk = state.key(s.header.base);
          if (sk !== undefined) state.stackCounts.set(sk, (state.stackCounts.get(sk) ?? 0) + 1);
        }
        this.counts.headersParsed++;
        this.counts.bytesParsed += bytes;
        this.extractedBytes += bytes;
        return undefined;
      }
      case 'advance': {
        const bits = state.eval(s.bits);
        if (typeof bits === 'bigint') this.counts.bytesParsed += Number(bits) / 8;
        return undefined;
      }
      case 'lookahead':
        // decoding a header's worth of fields costs what extracting it does; the payload does not move
        this.counts.headersParsed++;
        this.counts.bytesParsed += bytesOf(s.target.type);
        state.set(s.target, undefined);
        return undefined;
      case 'verify':
        return state.eval(s.condition) === false ? { kind: 'reject' } : undefined;
      case 'emit': {
        const out: { bytes: number; valid: boolean; key: string | undefined }[] = [];
        this.emitted(s.header, state.key(s.header), out);
        for (const h of out) {
          if (!h.valid) continue;
          this.counts.headersEmitted++;
          this.counts.bytesEmitted += h.bytes;
          this.emits.push({ key: h.key, bytes: h.bytes, at: h.key === undefined ? undefined : this.extractedAt.get(h.key) });
        }
        return undefined;
      }
    }
  }

  /** Loops run while their condition is known true (at most 256 times); an unknown condition, once. */
  private loop(s: IrStatement & { kind: 'loop' }): Exit {
    const init = this.run(s.init);
    if (init !== undefined) return init;
    for (let i = 0; i < 256; i++) {
      const c = s.condition === undefined ? true : this.state.eval(s.condition);
      if (c === false) break;
      const exit = this.run(s.body);
      if (exit !== undefined && exit.kind === 'break' && exit.label === s.label) break;
      if (exit !== undefined && !(exit.kind === 'continue' && exit.label === s.label)) return exit;
      const update = this.run(s.update);
      if (update !== undefined) return update;
      if (c === undefined) break;
    }
    return undefined;
  }

  private applyTable(s: IrStatement & { kind: 'applyTable' }): Exit {
    const table = s.table;
    if (table.keys.length > 0) {
      let kind: MatchKind = 'exact';
      for (const k of table.keys) {
        const m = matchKind(k.matchKind);
        if (MATCH_RANK[m] > MATCH_RANK[kind]) kind = m;
      }
      this.addLookup(kind);
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
    if (s.result.hit) this.state.setKey(`l${s.result.hit.id}`, hit);
    if (s.result.actionRun) this.state.setKey(`l${s.result.actionRun.id}`, pick === undefined ? undefined : BigInt(pick.action.id));
    if (pick === undefined) return undefined;
    this.tables.push({ table: table.name, action: pick.action.name, hit });
    for (const p of pick.parameters) this.state.forget(`l${p.id}`);
    return this.run(pick.body);
  }

  private callExtern(call: IrExternCall): Exit {
    const name = call.name;
    this.externs[name] = (this.externs[name] ?? 0) + 1;
    const state = this.state;
    if (/^(verify|update)_checksum/.test(name)) {
      const cond = call.arguments[0]?.value;
      if (cond !== undefined && state.eval(cond) === false) return undefined;
      const data = call.arguments.find((a) => a.name === 'data');
      let bytes = data ? bytesOf(data.type) : 0;
      if (name.endsWith('_with_payload')) bytes += this.payloadBytes();
      this.counts.checksumBytes += bytes;
      return undefined;
    }
    if (name === 'hash' || name.endsWith('.get_hash')) {
      const data = call.arguments.find((a) => a.name === 'data');
      this.counts.checksumBytes += data ? bytesOf(data.type) : 0;
      this.counts.actionPrimitives++;
      return undefined;
    }
    this.counts.actionPrimitives++;
    if (name === 'mark_to_drop') state.setKey(`p${this.ir.standardMetadata.id}.egress_spec`, BigInt(V1MODEL_DROP_PORT));
    if (call.result !== undefined) state.set(call.result, undefined);
    return undefined;
  }

  private site(call: IrExternCall): Exit {
    if (this.options.skipSites) return undefined;
    const site = call.site!;
    const op = operationOf(call.name);
    const argument = (name: string): IrExpression | undefined => call.arguments.find((a) => a.name === name)?.value;
    const offset = argument('offset');
    const offsetValue = offset === undefined ? undefined : this.state.eval(offset);
    // a constant in the source, not a value the walk assumed (metadata starts at 0)
    let cycles = argument('cycles');
    while (cycles !== undefined && cycles.kind === 'cast') cycles = cycles.operand;
    const price = priceSite({
      op,
      payloadBytes: this.payloadBytes(),
      offset: typeof offsetValue === 'bigint' ? Number(offsetValue) : 0,
      constantCycles: cycles?.kind === 'constant' && typeof cycles.value === 'bigint' ? Number(cycles.value) : undefined,
      defaultBurnCycles: this.options.burnCycles,
      espSuite: this.options.espSuite,
    });
    if (price.note !== undefined) this.note(`site ${site.id} (${call.name}): ${price.note}`);
    this.payloadGrowth += price.payloadAfter - this.payloadBytes();
    const live = site.live.reduce((sum, v) => sum + bytesOf(v.type), 0);
    const held = this.validHeaderBytes() + bytesOf(this.ir.metadata.type) + bytesOf(this.ir.standardMetadata.type) + live;
    this.liveStateBytes = Math.max(this.liveStateBytes, held);
    this.calls.push({ site: site.id, name: call.name, op, ops: price.ops, taskBytes: price.taskBytes, resultBytes: price.resultBytes });
    this.sites.push({ id: site.id, extern: call.name, op });
    this.atLastCall = opsOf(this.counts);
    if (call.result !== undefined) this.state.set(call.result, undefined);
    return undefined;
  }

  // --- stages ------------------------------------------------------------------------------

  private parser(stage: IrParserStage): void {
    const state = this.state;
    if (this.run(stage.prologue) !== undefined) return;
    const states = new Map(stage.states.map((s) => [s.name, s]));
    const visited = new Set<string>();
    let name = 'start';
    while (name !== 'accept' && name !== 'reject') {
      const st = states.get(name);
      if (st === undefined || visited.has(name)) break;
      visited.add(name);
      this.parserStates.push(name);
      const e = this.run(st.body);
      if (e !== undefined) {
        if (e.kind === 'reject') this.parserStates.push('reject');
        break;
      }
      const t = st.transition;
      if (t.kind === 'goto') {
        name = t.state;
        continue;
      }
      const values = t.selectors.map((x) => state.eval(x));
      type Case = (typeof t.cases)[number];
      const caseKnown = (keys: Case['keys']): boolean | undefined => {
        let all = true;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          if (k.kind === 'any') continue;
          const v = values[i];
          if (v === undefined || typeof v === 'boolean') return undefined;
          if (k.kind === 'value') {
            const c = state.eval(k.value);
            if (c === undefined) return undefined;
            all &&= c === v;
          } else if (k.kind === 'mask') {
            const c = state.eval(k.value);
            const m = state.eval(k.mask);
            if (typeof c !== 'bigint' || typeof m !== 'bigint') return undefined;
            all &&= (c & m) === (v & m);
          } else if (k.kind === 'range') {
            const lo = state.eval(k.lo);
            const hi = state.eval(k.hi);
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
      // the first case that matches what is known wins outright (a wildcard only when every case
      // before it is known not to match)
      let decided: Case | undefined;
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
    this.parserHeaders = this.counts.headersParsed;
    this.parserBytes = this.counts.bytesParsed;
  }

  private control(name: 'verifyChecksum' | 'ingress' | 'egress' | 'computeChecksum' | 'deparser'): void {
    const stage = this.ir.stages[name];
    if (stage.kind === 'control') this.run(stage.body);
  }

  private dropped(): boolean {
    const sm = this.ir.standardMetadata.id;
    return this.state.valueOfKey(`p${sm}.egress_spec`) === BigInt(V1MODEL_DROP_PORT) && (this.state.valueOfKey(`p${sm}.mcast_grp`) ?? 0n) === 0n;
  }

  /**
   * Of the emitted headers, those not already in place: the deparser writes the emitted headers in
   * front of the payload (which starts where the parser stopped), so a header stays where it was
   * if nothing changed it and as many bytes are emitted in front of it as the parser found there.
   */
  private countRewritten(): void {
    const total = this.emits.reduce((t, h) => t + h.bytes, 0);
    let before = 0;
    for (const h of this.emits) {
      const out = this.extractedBytes - total + before;
      if (h.key === undefined || h.at === undefined || h.at !== out || this.changed(h.key)) {
        this.counts.headersRewritten++;
        this.counts.bytesRewritten += h.bytes;
      }
      before += h.bytes;
    }
  }

  /** The v1model pipeline: parser, checksum verification, ingress; egress, checksum update and deparser unless dropped. */
  walk(): { path: PathWork; trace: PathTrace } {
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
    const c = this.counts;
    this.countRewritten();
    // headers that change size move the payload behind them
    if (!dropped && c.bytesEmitted !== this.extractedBytes) c.bytesCopied += this.payloadBytes();
    const frameOut = dropped ? 0 : c.bytesEmitted + this.payloadBytes();
    const hasCalls = this.calls.length > 0;
    const path: PathWork = {
      ...opsOf(c),
      externCalls: this.calls,
      afterLastCall: this.atLastCall === undefined ? noOps() : addOps(c, this.atLastCall, -1),
      liveStateBytes: hasCalls ? this.liveStateBytes : 0,
      reparseHeaders: hasCalls ? this.parserHeaders : 0,
      reparseBytes: hasCalls ? this.parserBytes : 0,
      frameBytesIn: this.options.frameBytes,
      frameBytesOut: frameOut,
    };
    const trace: PathTrace = { parserStates: this.parserStates, tables: this.tables, externs: this.externs, sites: this.sites, dropped };
    return { path, trace };
  }
}

function containsElement(e: IrExpression): boolean {
  return e.kind === 'element' || ((e.kind === 'field' || e.kind === 'slice') && containsElement(e.base));
}

/** The keys (`AbstractState.key`) of everything a statement other than an extract writes, in every stage. */
function writtenKeys(ir: IrV1Program, state: AbstractState): string[] {
  const keys = new Set<string>();
  for (const name of STAGES) {
    forEachStatement(stageStatements(ir.stages[name]), (s) => {
      if (s.kind === 'extract') return;
      statementExpressions(s, (e, role) => {
        if (role !== 'write') return;
        // a slice writes into its base; an element of a stack stands for the whole stack
        let x: IrExpression = e;
        for (;;) {
          if (x.kind === 'slice') x = x.base;
          else if (x.kind === 'field' && containsElement(x.base)) x = x.base;
          else if (x.kind === 'element') x = x.base;
          else break;
        }
        const k = state.key(x);
        if (k !== undefined) keys.add(k);
      });
    });
  }
  return [...keys];
}
