/**
 * The straight path (runtime contract: `StraightPath` in runtime/v1model/program.ts): one
 * function per program that takes a new packet from the parser to the output in one call, as a
 * person would write the program by hand —
 *
 * - every header field, metadata field, composite local and the standard-metadata fields the
 *   program uses are locals of the function (no objects read or written per packet) — except
 *   the fields of the header the deparser emits first and nothing changes that no statement
 *   reads (`heldHeader`): those stay in the packet, where the write-back reads them;
 * - the six stages are blocks one after the other; between them, only the switch's decisions
 *   this program can need (it never clones, resubmits, recirculates, truncates or sends
 *   digests): at the end of ingress a plain unicast goes straight on to egress, anything else
 *   leaves for the switch's general path;
 * - the deparser writes the emitted headers in front of the payload, and a header the program
 *   never changes is not written at all when it is still where the parser found it.
 *
 * `straightPath` is given the frame (`$data`, `$start`, `$length`, `$ingressPort`), not a packet
 * descriptor: it takes one (`sw.descriptor`, `TAKE_DESCRIPTOR`) only where it needs one — an extern
 * call that works on the packet (`DESCRIPTOR_FREE_EXTERNS` are the ones that do not), or where the
 * packet leaves — so a packet forwarded from input to output touches none. A packet that leaves
 * the common case — multicast, a drop, another packet waiting for egress, an extern site in
 * longjump mode (the packet parks) — is handed to the switch with its state written back into
 * the descriptor (`$leave`), and the general path (the stage functions) goes on from there exactly
 * as if it had run the packet all along. In sync mode an extern site runs its task at the call, as
 * the stage functions do.
 *
 * In longjump mode an extern site runs its task at once when the executor is behind
 * (`sw.runHere`) and the packet goes on; otherwise the packet parks, writing back only what the
 * resume functions read, and when its task is done the site's resume function
 * (`straightPath_resumeN`, called by `straightResume`) takes it on from the site in the same form
 * (`writeResumes`). Programs with a site in the parser or the deparser get no resume functions:
 * their parked packets go on in the stage functions.
 *
 * Context mode's straight path (a plain function that, at an extern site where the packet must
 * wait, returns a closure continuing from the site) is this emitter with the mode's own site code
 * and heading: `straight-path-context.ts`.
 *
 * Programs the straight path cannot express (header stacks, unions, varbits; externs other than
 * the ones below; a deparser without a size bound) get none, and their packets take the general
 * path only.
 */
import type CodeBlockWriter from 'code-block-writer';
import type { ExecutionMode } from '../../contract/execution-mode.ts';
import { FLAT_ROW_STRIDE, scansFlatRows } from '../../contract/table-keys.ts';
import type { ExternSite, IrExpression, IrParserStage, IrV1Program, IrStage, IrStatement, IrType, IrVariable, V1StageName } from '../ir/nodes.ts';
import { STAGES } from '../ir/nodes.ts';
import { siteContinuation } from '../ir/extern-sites.ts';
import { childExpressions, forEachStatement, someStatement, stageStatements, statementExpressions } from '../ir/walk.ts';
import { widthOf } from '../ir/types.ts';
import { EmitError, ExpressionEmitter, type ScalarPaths } from './expressions.ts';
import type { ExternEmitContext } from './externs.ts';
import { jsName } from './naming.ts';
import { refersTo as codeRefersTo } from './prune.ts';
import { isP4tsExtern } from './p4ts-externs.ts';
import { tsType, valueKind, zeroLiteral } from './representation.ts';
import { hasLoop, isComposite, liveSlots, parserStateIds, restoreLive, saveLive, writeContinuation, writeTransition, type LiveSlot } from './stages.ts';
import { readField, writeField, type LeafField } from './state-classes.ts';
import { StatementWriter, type FlatScanKey, type ModuleServices, type StageShape } from './statements.ts';

/** Externs whose calls the straight path can make (besides the p4ts externs). */
const STRAIGHT_EXTERNS = new Set([
  'mark_to_drop',
  'counter.count',
  'direct_counter.count',
  'meter.execute_meter',
  'direct_meter.read',
  'register.read',
  'register.write',
  'hash',
  'random',
  'verify_checksum',
  'update_checksum',
  'verify_checksum_with_payload',
  'update_checksum_with_payload',
  'log_msg',
  'assert',
  'assume',
  'packet_in.length',
]);

/**
 * Of `STRAIGHT_EXTERNS`, the ones whose calls in the straight path need no packet descriptor (the
 * others report on the packet or take it: its id, its length, the switch's services).
 */
const DESCRIPTOR_FREE_EXTERNS = new Set([
  'mark_to_drop',
  'counter.count',
  'direct_counter.count',
  'register.read',
  'register.write',
  'hash',
  'verify_checksum',
  'update_checksum',
  'verify_checksum_with_payload',
  'update_checksum_with_payload',
  'packet_in.length',
]);

/**
 * Where the function being written finds the packet's frame: `straightPath`'s parameters (it has
 * no descriptor until it takes one, `lazy`), or a descriptor `d` it is given (a resume function,
 * a context-mode continuation).
 */
export interface StraightFrame {
  /** No descriptor parameter: code that needs one takes it first (`TAKE_DESCRIPTOR`). */
  readonly lazy: boolean;
  /** Where the frame starts in `$data`, its length as received, the ingress port. */
  readonly start: string;
  readonly length: string;
  readonly port: string;
}

const LAZY_FRAME: StraightFrame = { lazy: true, start: '$start', length: '$length', port: '$ingressPort' };
export const DESCRIPTOR_FRAME: StraightFrame = { lazy: false, start: 'd.start', length: 'd.ingressLength', port: 'd.std.ingress_port' };

/** `straightPath`'s packet takes its descriptor (the same one each time: `StraightPathServices.descriptor`). */
const TAKE_DESCRIPTOR = 'const d = sw.descriptor($data, $start, $length, $ingressPort);';

/**
 * `StraightStatus.DONE_FUSED` (runtime/v1model/constants.ts), which every straight path returns
 * for a packet out in the same call, and the first stage's number are written as literals, with
 * the constant's name in a comment: a module binding is read through its cell with a hole check,
 * a map check and a field load at each use (test/compiler/emit/straight-path.test.ts checks the
 * value against the runtime's).
 */
export const STRAIGHT_DONE_FUSED = 1;

/** The v1model stage constants' names in generated code (`Stage.INGRESS`). */
export const STAGE_CONSTANT: Record<string, string> = {
  parser: 'PARSER',
  verifyChecksum: 'VERIFY_CHECKSUM',
  ingress: 'INGRESS',
  egress: 'EGRESS',
  computeChecksum: 'COMPUTE_CHECKSUM',
  deparser: 'DEPARSER',
};

/** A scalar of the state kept in a local. */
interface ScalarLocal {
  readonly local: string;
  readonly type: IrType;
  /** Where the general path keeps it (`d.state.hdr.ethernet.dst`). */
  readonly object: string;
}

/** A header of the state: its validity, where the parser found it, its fields on the wire. */
interface HeaderLocals {
  readonly key: string;
  readonly valid: string;
  /** Offset in the packet buffer the header was extracted from, or -1. */
  readonly at: string;
  readonly object: string;
  readonly bytes: number;
  /** Wire fields in order, with the locals holding them. */
  readonly fields: readonly (LeafField & { readonly local: string })[];
}

/** A root of scalarised state: `hdr`, `meta`, `sm`, or a composite local of a stage. */
interface Root {
  readonly prefix: string;
  readonly object: string;
}

/**
 * Which locals hold the state, by path (`hdr.ethernet.dst`): the `ScalarPaths` the expression
 * emitter asks. Standard-metadata fields get a local when first used.
 */
class StraightLayout implements ScalarPaths {
  readonly scalars = new Map<string, ScalarLocal>();
  readonly headers = new Map<string, HeaderLocals>();
  readonly composites = new Set<string>();
  /** Standard-metadata field name → local, in the order first used. */
  readonly std = new Map<string, ScalarLocal>();
  private readonly roots = new Map<IrVariable, Root>();
  private readonly taken: Set<string>;
  private readonly stdType: IrType;

  constructor(ir: IrV1Program, frameProperty: (stage: IrStage, v: IrVariable) => string, stageLocalNames: ReadonlySet<string>) {
    this.taken = new Set(stageLocalNames);
    this.stdType = ir.standardMetadata.type;
    this.roots.set(ir.standardMetadata, { prefix: 'sm', object: 'd.std' });
    this.addRoot(ir.headers, 'hdr', 'd.state.hdr');
    this.addRoot(ir.metadata, 'meta', 'd.state.meta');
    for (const name of STAGES) {
      const stage = ir.stages[name];
      for (const v of stage.locals) if (isComposite(v)) this.addRoot(v, `${name}_${jsName(v.name)}`, `d.state.${frameProperty(stage, v)}`);
    }
  }

  private fresh(name: string): string {
    let n = name;
    while (this.taken.has(n)) n = `${n}$`;
    this.taken.add(n);
    return n;
  }

  private addRoot(v: IrVariable, prefix: string, object: string): void {
    const root = { prefix, object };
    this.roots.set(v, root);
    this.addValue(`${prefix}`, prefix, object, v.type);
  }

  /** Locals for every scalar below `key` (of `type`), headers with their validity and position. */
  private addValue(key: string, name: string, object: string, type: IrType): void {
    switch (type.kind) {
      case 'struct': {
        this.composites.add(key);
        for (const f of type.decl.fields) this.addValue(`${key}.${f.name}`, `${name}_${jsName(f.name)}`, `${object}.${jsName(f.name)}`, f.type);
        return;
      }
      case 'header': {
        this.composites.add(key);
        const fields: (LeafField & { local: string })[] = [];
        const walk = (k: string, n: string, o: string, t: IrType, bit: number): number => {
          if (t.kind === 'struct' || t.kind === 'header') {
            let offset = bit;
            for (const f of t.decl.fields) offset = walk(`${k}.${f.name}`, `${n}_${jsName(f.name)}`, `${o}.${jsName(f.name)}`, f.type, offset);
            if (t !== type) this.composites.add(k);
            return offset;
          }
          checkScalar(t);
          const local = this.fresh(n);
          this.scalars.set(k, { local, type: t, object: o });
          fields.push({ path: k, type: t, bitOffset: bit, local });
          return bit + widthOf(t);
        };
        walk(key, name, object, type, 0);
        if (type.decl.fixedWidth % 8 !== 0) throw new EmitError(`header ${type.decl.name} is not a whole number of bytes`);
        this.headers.set(key, { key, valid: this.fresh(`${name}$valid`), at: this.fresh(`${name}$at`), object, bytes: type.decl.fixedWidth / 8, fields });
        return;
      }
      default:
        checkScalar(type);
        this.scalars.set(key, { local: this.fresh(name), type, object });
    }
  }

  /** The key of a path expression into scalarised state (`hdr.ethernet.dst`), or undefined. */
  key(e: IrExpression): string | undefined {
    if (e.kind === 'variable') {
      const root = this.roots.get(e.variable);
      return root === undefined ? undefined : root.prefix;
    }
    if (e.kind === 'field') {
      const base = this.key(e.base);
      return base === undefined ? undefined : `${base}.${e.field}`;
    }
    return undefined;
  }

  scalar(e: IrExpression): string | null | undefined {
    const key = this.key(e);
    if (key === undefined) return undefined;
    if (key === 'sm') return null;
    if (key.startsWith('sm.')) return this.stdLocal(key.slice(3));
    const s = this.scalars.get(key);
    if (s !== undefined) return s.local;
    if (this.composites.has(key)) return null;
    throw new EmitError(`no local for ${key}`);
  }

  valid(header: IrExpression): string | undefined {
    const key = this.key(header);
    if (key === undefined) return undefined;
    const h = this.headers.get(key);
    if (h === undefined) throw new EmitError(`${key} is not a header`);
    return h.valid;
  }

  /** The local of standard-metadata field `field` (declared on first use). */
  stdLocal(field: string): string {
    let s = this.std.get(field);
    if (s === undefined) {
      const type = this.stdType.kind === 'struct' ? this.stdType.decl.fields.find((f) => f.name === field)?.type : undefined;
      if (type === undefined) throw new EmitError(`standard_metadata has no field ${field}`);
      s = { local: this.fresh(`sm_${jsName(field)}`), type, object: `d.std.${jsName(field)}` };
      this.std.set(field, s);
    }
    return s.local;
  }

  /** The header at `e` (a path to a header of the state). */
  header(e: IrExpression): HeaderLocals {
    const key = this.key(e);
    const h = key === undefined ? undefined : this.headers.get(key);
    if (h === undefined) throw new EmitError('the straight path extracts and emits only headers of its state');
    return h;
  }

  /** Every scalar below the composite at `key`, with the sub-path. */
  scalarsUnder(key: string): { readonly sub: string; readonly s: ScalarLocal }[] {
    const out: { sub: string; s: ScalarLocal }[] = [];
    for (const [k, s] of this.scalars) if (k.startsWith(`${key}.`)) out.push({ sub: k.slice(key.length), s });
    return out;
  }

  /** Every header at or below `key`. */
  headersUnder(key: string): HeaderLocals[] {
    return [...this.headers.values()].filter((h) => h.key === key || h.key.startsWith(`${key}.`));
  }
}

function checkScalar(t: IrType): void {
  switch (t.kind) {
    case 'bits':
    case 'bool':
    case 'enum':
    case 'error':
      return;
    default:
      throw new EmitError(`a ${t.kind} in the packet's state`);
  }
}

/** Why the straight path cannot express this program, or undefined when it can (checked before emitting). */
function unsupported(ir: IrV1Program, maxEmitBytes: number | undefined): string | undefined {
  if (maxEmitBytes === undefined) return 'the deparser has no bound on what it emits';
  const parser = ir.stages.parser;
  if (parser.kind === 'parser' && hasLoop(parser, parserStateIds(parser))) return 'a parser loop (the stage function bounds its iterations)';
  for (const name of STAGES) {
    let reason: string | undefined;
    forEachStatement(stageStatements(ir.stages[name]), (s) => {
      if (reason !== undefined) return;
      if (s.kind === 'stackShift') reason = 'header stacks';
      else if (s.kind === 'extract' && s.varbitBits !== undefined) reason = 'varbit headers';
      else if (s.kind === 'callExtern' && !STRAIGHT_EXTERNS.has(s.call.name) && !isP4tsExtern(s.call.name)) reason = `extern ${s.call.name}`;
    });
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * Keys of the headers the deparser emits that no statement changes after the parser found them
 * (no write but the extract itself): such a header needs writing only if it moved, and its
 * position in the packet is kept for that (`$at`).
 */
function positionedHeaders(ir: IrV1Program, layout: StraightLayout): Set<string> {
  const changed = new Set<string>();
  const mark = (e: IrExpression): void => {
    let x: IrExpression = e;
    while (x.kind === 'slice') x = x.base;
    const key = layout.key(x);
    if (key === undefined) return;
    for (const h of layout.headers.keys()) if (key === h || key.startsWith(`${h}.`) || h.startsWith(`${key}.`)) changed.add(h);
  };
  for (const name of STAGES) {
    forEachStatement(stageStatements(ir.stages[name]), (s) => {
      // an extract sets the header from the packet where it stays: not a change
      if (s.kind !== 'extract') statementExpressions(s, (e, role) => role === 'write' && mark(e));
    });
  }
  const emitted = new Set<string>();
  const emit = (e: IrExpression): void => {
    if (e.type.kind === 'struct') for (const f of e.type.decl.fields) emit({ kind: 'field', type: f.type, base: e, field: f.name, span: e.span });
    else {
      const key = layout.key(e);
      if (key !== undefined && layout.headers.has(key) && !changed.has(key)) emitted.add(key);
    }
  };
  forEachStatement(stageStatements(ir.stages.deparser), (s) => s.kind === 'emit' && emit(s.header));
  return emitted;
}

/**
 * Of the `positioned` headers, the one the deparser emits first, when nothing can have written
 * over where the parser found it before the write-back and its own emission read it there: it is
 * emitted once, by the deparser's first statement that emits anything (unconditional), never a
 * lookahead's target, and no extern site in the deparser parks a packet after it is written. Its
 * fields that no statement reads need no local: the write-back reads them from the packet, and
 * the deparser copies the header's bytes where it moved (`heldFields` in `assemble`).
 */
function heldHeader(ir: IrV1Program, layout: StraightLayout, positioned: ReadonlySet<string>): string | undefined {
  if (ir.sites.some((s) => s.stage === 'deparser')) return undefined;
  const keysOf = (e: IrExpression, out: string[]): string[] => {
    if (e.type.kind === 'struct') for (const f of e.type.decl.fields) keysOf({ kind: 'field', type: f.type, base: e, field: f.name, span: e.span }, out);
    else {
      const key = layout.key(e);
      if (key !== undefined) out.push(key);
    }
    return out;
  };
  const body = stageStatements(ir.stages.deparser);
  // the first statement that emits, looking into labelled blocks (which run straight through)
  let first = body.find((s) => someStatement([s], (x) => x.kind === 'emit'));
  while (first?.kind === 'labeled') first = first.body.find((s) => someStatement([s], (x) => x.kind === 'emit'));
  if (first === undefined || first.kind !== 'emit') return undefined;
  const key = keysOf(first.header, [])[0];
  if (key === undefined || !positioned.has(key)) return undefined;
  const emitted: string[] = [];
  forEachStatement(body, (s) => s.kind === 'emit' && keysOf(s.header, emitted));
  if (emitted.filter((k) => k === key).length !== 1) return undefined;
  let lookahead = false;
  forEachStatement(stageStatements(ir.stages.parser), (s) => {
    if (s.kind === 'lookahead' && layout.key(s.target) === key) lookahead = true;
  });
  return lookahead ? undefined : key;
}

/** The statement writer of the straight path: the state is in locals, the packet in `$data`/`$cursor`/`$end`. */
class StraightWriter extends StatementWriter {
  constructor(
    w: CodeBlockWriter,
    exprs: ExpressionEmitter,
    module: ModuleServices,
    shape: StageShape,
    private readonly layout: StraightLayout,
    private readonly stageLabel: string,
    private readonly positioned: ReadonlySet<string>,
    private readonly held: string | undefined,
    private readonly frame: StraightFrame,
    /** Whether an extern site's code takes the packet's descriptor (the task of a site in sync mode runs at the call: only a p4ts task's does). */
    private readonly sitesTakeDescriptor: boolean,
  ) {
    super(w, exprs, module, shape);
  }

  override statement(s: IrStatement): boolean {
    if (s.kind === 'emit') {
      this.emitState(s.header);
      return false;
    }
    return super.statement(s);
  }

  /**
   * In `straightPath` (no descriptor yet), an extern call that needs the packet's descriptor (an
   * extern site, a p4ts extern, an extern that reports on the packet) takes it first, in a block
   * of its own; any other must not refer to one.
   */
  protected override callExtern(s: IrStatement & { kind: 'callExtern' }): boolean {
    if (!this.frame.lazy) return super.callExtern(s);
    const w = this.w;
    const call = s.call;
    if ((call.site !== undefined && this.sitesTakeDescriptor) || isP4tsExtern(call.name) || !DESCRIPTOR_FREE_EXTERNS.has(call.name)) {
      let ends = false;
      w.write('').inlineBlock(() => {
        w.writeLine(`${TAKE_DESCRIPTOR} // the packet's descriptor: ${call.name} needs it`);
        ends = super.callExtern(s);
      });
      w.newLine();
      return ends;
    }
    const before = w.getLength();
    const ends = super.callExtern(s);
    if (refersToDescriptor(w.toString().slice(before))) throw new EmitError(`extern ${call.name} refers to the packet descriptor in the straight path`);
    return ends;
  }

  /**
   * A table with flat rows (`scansFlatRows`): its rows scanned here, one test per key field and
   * row (value and mask, or a range's low bound and span), as one would write the loop by hand
   * — no call, no key array. Keys that are not plain locals are read once before the loop.
   */
  protected override flatScan(table: string, result: string, keys: readonly FlatScanKey[]): string[] | undefined {
    if (!scansFlatRows(keys.map((k) => ({ kind: k.matchKind, width: k.width })))) return undefined;
    const n = result.slice(1);
    const rows = `$rows${n}`;
    const lines: string[] = [];
    const values = keys.map((k, i) => {
      if (/^[A-Za-z_$][\w$]*$/.test(k.value)) return k.value;
      lines.push(`const $k${n}_${i} = ${k.value};`);
      return `$k${n}_${i}`;
    });
    lines.push(`// the entries in precedence order, ${FLAT_ROW_STRIDE} integers each: per key field its value and mask (a range: low bound and span), then the result index`);
    lines.push(`const ${rows} = ${table}.flatRows();`);
    lines.push(`let ${result} = 0;`);
    lines.push(`for (let o = 0; o < ${rows}.length; o += ${FLAT_ROW_STRIDE}) {`);
    keys.forEach((k, i) => {
      const a = `${rows}[o${i === 0 ? '' : ` + ${2 * i}`}]!`;
      const b = `${rows}[o + ${2 * i + 1}]!`;
      const test = k.matchKind === 'range' ? `(${values[i]} - ${a}) >>> 0 > ${b} >>> 0` : `(${values[i]} & ${b}) !== ${a}`;
      lines.push(`  if (${test}) continue; // ${k.name}: ${k.matchKind}`);
    });
    lines.push(`  ${result} = ${rows}[o + ${FLAT_ROW_STRIDE - 1}]!;`);
    lines.push('  break;');
    lines.push('}');
    return lines;
  }

  /**
   * A key field of whole bytes in a header nothing changes after the parser (`positioned`): its
   * halves straight from the packet bytes at the header's position (0 when the header is
   * invalid, as its field then reads).
   */
  protected override keyHalves(key: IrExpression, keyType: IrType & { kind: 'bits' }): { readonly hi: string; readonly lo: string } | undefined {
    if (key.kind !== 'field' || key.type.kind !== 'bits' || key.type.width !== keyType.width || key.type.signed || keyType.width % 8 !== 0) return undefined;
    const headerKey = this.layout.key(key.base);
    if (headerKey === undefined || !this.positioned.has(headerKey)) return undefined;
    const h = this.layout.headers.get(headerKey)!;
    const f = h.fields.find((x) => x.path === `${headerKey}.${key.field}`);
    if (f === undefined || f.bitOffset % 8 !== 0) return undefined;
    const first = f.bitOffset / 8;
    const hiBytes = keyType.width / 8 - 4;
    const byte = (i: number, shift: number): string => `$data[${h.at} + ${first + i}]! << ${shift}`;
    const bytes = (from: number, n: number): string => Array.from({ length: n }, (_, i) => byte(from + i, 8 * (n - 1 - i))).join(' | ').replace(/ << 0/g, '');
    return { hi: hiBytes === 0 ? '0' : `${h.valid} ? ${bytes(0, hiBytes)} : 0`, lo: `${h.valid} ? ${bytes(hiBytes, 4)} : 0` };
  }

  override assignLines(target: IrExpression, value: IrExpression): string[] {
    if (valueKind(target.type) !== 'object') return super.assignLines(target, value);
    const key = this.layout.key(target);
    if (key === undefined) return super.assignLines(target, value);
    return this.compositeLines(key, target.type, value);
  }

  /** A whole header or struct of the state assigned: field by field. */
  private compositeLines(key: string, type: IrType, value: IrExpression): string[] {
    const lines: string[] = [];
    const header = type.kind === 'header' ? this.layout.headers.get(key) : undefined;
    switch (value.kind) {
      case 'invalidHeader':
        if (header === undefined) throw new EmitError('an invalid header assigned to a non-header');
        return [`${header.valid} = false;`];
      case 'aggregate': {
        if (type.kind !== 'header' && type.kind !== 'struct') throw new EmitError(`an aggregate assigned to a ${type.kind}`);
        type.decl.fields.forEach((f, i) => {
          const item = value.items[i];
          if (item === undefined) return;
          const k = `${key}.${f.name}`;
          if (valueKind(f.type) === 'object') lines.push(...this.compositeLines(k, f.type, item));
          else lines.push(`${this.layout.scalars.get(k)!.local} = ${this.exprs.convert(this.exprs.emit(item), item.type, f.type)};`);
        });
        if (header !== undefined) lines.push(`${header.valid} = true;`);
        return lines;
      }
      default: {
        const from = this.layout.key(value);
        if (from === undefined) throw new EmitError('a header or struct copied from outside the state');
        for (const { sub, s } of this.layout.scalarsUnder(key)) {
          const src = this.layout.scalars.get(`${from}${sub}`);
          if (src === undefined) throw new EmitError(`no field ${from}${sub}`);
          lines.push(`${s.local} = ${src.local};`);
        }
        for (const h of this.layout.headersUnder(key)) {
          const src = this.layout.headers.get(`${from}${h.key.slice(key.length)}`);
          if (src === undefined) throw new EmitError(`no header ${from}${h.key.slice(key.length)}`);
          lines.push(`${h.valid} = ${src.valid};`);
        }
        return lines;
      }
    }
  }

  protected override setValidity(s: IrStatement & { kind: 'setValidity' }): void {
    this.w.writeLine(`${this.layout.header(s.header).valid} = ${s.valid};`);
  }

  override parserError(name: string): string {
    return `{ ${this.layout.stdLocal('parser_error')} = ${this.module.errorNumber(name)}; break ${this.stageLabel}; }`;
  }

  protected override extract(header: IrExpression, varbitBits: IrExpression | undefined, lookahead: boolean): void {
    if (varbitBits !== undefined) throw new EmitError('varbit headers');
    const h = this.layout.header(header);
    const w = this.w;
    w.writeLine(`if ($end - $cursor < ${h.bytes}) ${this.parserError('PacketTooShort')}`);
    w.write('').inlineBlock(() => {
      w.writeLine('const data = $data;');
      w.writeLine('const p = $cursor;');
      // a zero-width field takes no bits on the wire and reads 0
      for (const f of h.fields) w.writeLine(`${f.local} = ${widthOf(f.type) === 0 ? '0' : readField(this.module.imports, f)};`);
    });
    w.newLine();
    w.writeLine(`${h.valid} = true;`);
    if (this.positioned.has(h.key)) w.writeLine(`${h.at} = ${lookahead ? '-1' : '$cursor'};`);
    if (!lookahead) w.writeLine(`$cursor += ${h.bytes};`);
  }

  protected override lookahead(target: IrExpression): void {
    const type = target.type;
    if (type.kind === 'header') {
      this.extract(target, undefined, true);
      return;
    }
    if (type.kind !== 'bits' && type.kind !== 'bool') throw new EmitError(`lookahead of a ${type.kind} in the straight path`);
    const width = widthOf(type);
    const local = this.exprs.emit(target);
    this.w.writeLine(`if ($end - $cursor < ${Math.ceil(width / 8)}) ${this.parserError('PacketTooShort')}`);
    const kind = valueKind(type);
    const reader = kind === 'wide' ? 'readWide' : kind === 'number53' ? 'readBits53' : 'readBits';
    let read = `${this.module.imports.use('packet', reader)}($data, $cursor * 8, ${width})`;
    if (type.kind === 'bool') read = `${read} !== 0`;
    else if (type.signed) read = kind === 'wide' ? `BigInt.asIntN(${width}, ${read})` : this.exprs.wrapSmall(read, width, true);
    this.w.writeLine(`${local} = ${read};`);
  }

  protected override advance(s: IrStatement & { kind: 'advance' }): void {
    const bits = this.exprs.asIndex(s.bits);
    this.w.writeLine(`if ($end - $cursor < (${bits} >>> 3)) ${this.parserError('PacketTooShort')}`);
    this.w.writeLine(`$cursor += ${bits} >>> 3;`);
  }

  protected override verify(s: IrStatement & { kind: 'verify' }): void {
    const error = this.layout.stdLocal('parser_error');
    this.w.writeLine(`if (!(${this.exprs.emit(s.condition)})) { ${error} = ${this.exprs.emit(s.error)}; break ${this.stageLabel}; }`);
  }

  protected override externContext(): ExternEmitContext {
    return {
      ...super.externContext(),
      straight: { std: (f) => this.layout.stdLocal(f), data: '$data', cursor: '$cursor', end: '$end', start: this.frame.start, length: this.frame.length, dropPort: 'sw.dropPort' },
    };
  }

  /** `pkt.emit(x)`: each valid header written at `$out` — unless unchanged and still there. */
  private emitState(e: IrExpression): void {
    const type = e.type;
    if (type.kind === 'struct') {
      for (const f of type.decl.fields) {
        this.emitState({ kind: 'field', type: f.type, base: e, field: f.name, span: e.span });
      }
      return;
    }
    if (type.kind !== 'header') throw new EmitError(`emit of a ${type.kind} in the straight path`);
    const h = this.layout.header(e);
    const w = this.w;
    const write = (): void => {
      w.writeLine('const out = $data;');
      w.writeLine('const p = $out;');
      for (const f of h.fields) if (widthOf(f.type) > 0) w.writeLine(writeField(this.module.imports, f, f.local));
    };
    w.write(`if (${h.valid}) `).inlineBlock(() => {
      if (h.key === this.held) {
        // unchanged since the parser and nothing written over it yet: its bytes copied if it moved
        w.writeLine(`if (${h.at} !== $out) $data.copyWithin($out, ${h.at}, ${h.at} + ${h.bytes});`);
      } else if (!this.positioned.has(h.key)) {
        w.write('').inlineBlock(write);
        w.newLine();
      } else {
        w.writeLine('// unchanged since the parser: written only if it moved');
        w.write(`if (${h.at} !== $out) `).inlineBlock(write);
        w.newLine();
      }
      w.writeLine(`$out += ${h.bytes};`);
    });
    w.newLine();
  }
}

/**
 * A p4ts task's work on the payload from the straight path: the task reads the payload's bounds
 * from the descriptor (`d.cursor`, `d.end`) and may move its end; `run` runs or awaits it.
 */
export function aroundPayloadTask(w: CodeBlockWriter, ...run: readonly string[]): void {
  w.writeLine('d.cursor = $cursor;');
  w.writeLine('d.end = $end;');
  for (const line of run) w.writeLine(line);
  w.writeLine('$end = d.end;');
}

export interface StraightPathInput {
  readonly ir: IrV1Program;
  readonly mode: ExecutionMode;
  readonly module: ModuleServices;
  readonly frameProperty: (stage: IrStage, v: IrVariable) => string;
  readonly maxEmitBytes: number | undefined;
  /** Writes a fresh block of code (the caller's writer settings). */
  readonly writer: () => CodeBlockWriter;
}

export type StraightPathOutcome =
  | {
      readonly code: string;
      /** Whether the code has `straightResume` (longjump: parked packets go on in resume functions of the straight path). */
      readonly resumes: boolean;
      /** The `d.locals.num` slots the straight path uses (0: none beyond the stage functions'). */
      readonly liveNumbers: number;
    }
  | { readonly reason: string };

/** The `straightPath` function of a program in sync or longjump mode, or why it has none. */
export function emitStraightPath(input: StraightPathInput): StraightPathOutcome {
  return emitWith(input, () => new StraightPathEmitter(input));
}

/** The straight path `create()` writes, or why the program has none. */
export function emitWith(input: StraightPathInput, create: () => StraightPathEmitter): StraightPathOutcome {
  const reason = unsupported(input.ir, input.maxEmitBytes);
  if (reason !== undefined) return { reason };
  try {
    const emitter = create();
    const code = emitter.write();
    return { code, resumes: emitter.resumes, liveNumbers: emitter.liveNumbers };
  } catch (e) {
    if (e instanceof EmitError) return { reason: e.message };
    throw e;
  }
}

/** A local of the straight path's packet state: its TypeScript type, its value for a new packet, whether its declaration leaves the type to inference. */
export interface StateLocal {
  readonly name: string;
  readonly type: string;
  readonly init: string;
  readonly inferred?: boolean;
}

/** A stage's code in the straight path, and whether every packet leaves the straight path in it. */
interface StageCode {
  readonly text: string;
  readonly ends: boolean;
}

/** The stages whose extern sites a resume function of the straight path continues (longjump). */
const RESUMABLE_STAGES: ReadonlySet<V1StageName> = new Set(['verifyChecksum', 'ingress', 'egress', 'computeChecksum']);

export class StraightPathEmitter {
  protected readonly ir: IrV1Program;
  private readonly mode: ExecutionMode;
  protected readonly module: ModuleServices;
  protected readonly layout: StraightLayout;
  protected readonly positioned: ReadonlySet<string>;
  /** The header whose unread fields stay in the packet (`heldHeader`), if any. */
  protected readonly held: string | undefined;
  /** Field locals of `held` that only the write-back reads (found in `assemble`): it reads them from the packet. */
  protected heldFields = new Set<string>();
  protected readonly exprs: ExpressionEmitter;
  /** Where the stages are written (a continuation swaps in its own). */
  protected body: CodeBlockWriter;
  private readonly maxEmit: number;
  private parks = false;
  /** The stages (indexes in `STAGES`) from which the general path takes on a packet that leaves (of the function being written). */
  private readonly leaveFrom = new Set<number>();
  /** The same for packets that park (kept apart: with `narrowParked` they write back less). */
  private readonly parkFrom = new Set<number>();
  /**
   * Longjump with every extern site in a control before the deparser: each site gets a resume
   * function (`straightPath_resumeN`), where a packet back from its task goes on in the straight
   * path's form instead of the stage functions (`straightResume`, see `writeResumes`).
   */
  readonly resumes: boolean;
  /**
   * With `resumes`: the `d.locals.num` slot (after every stage's live locals) where a packet that
   * leaves keeps the offset of each header the deparser writes only if it moved (`$at` of the
   * `positioned` headers), so that its resume function need not write it either.
   */
  private readonly atSlots = new Map<string, number>();
  /** The `d.locals.num` slots the straight path uses: the stage functions' and `atSlots`. */
  readonly liveNumbers: number;
  /** The locals of the parked packet's state the resume functions read (`parkedLocals` they declare). */
  private readonly parkedReads = new Set<string>();
  /** While `straightPath` is assembled with resume functions: a packet that parks writes back only `parkedReads`. */
  private narrowParked = false;
  /** Where the function being written finds the frame: `LAZY_FRAME` in `straightPath`, `DESCRIPTOR_FRAME` in the functions given the descriptor. */
  protected frame: StraightFrame = DESCRIPTOR_FRAME;

  constructor(protected readonly input: StraightPathInput) {
    this.ir = input.ir;
    this.mode = input.mode;
    this.module = input.module;
    this.maxEmit = input.maxEmitBytes!;
    const stageLocals = new Set(STAGES.flatMap((n) => input.ir.stages[n].locals.filter((v) => !isComposite(v)).map((v) => jsName(v.name))));
    this.layout = new StraightLayout(input.ir, input.frameProperty, stageLocals);
    this.positioned = positionedHeaders(input.ir, this.layout);
    this.held = heldHeader(input.ir, this.layout, this.positioned);
    this.exprs = new ExpressionEmitter(this.module.imports, (v) => jsName(v.name), this.layout);
    this.body = input.writer();
    const sites = input.ir.sites;
    this.resumes = this.mode === 'longjump' && sites.length > 0 && sites.every((s) => RESUMABLE_STAGES.has(s.stage as V1StageName));
    let slots = 0;
    if (this.resumes) {
      slots = Math.max(0, ...STAGES.map((n) => liveSlots(sites.filter((s) => s.stage === n)).counts.num));
      for (const key of this.positioned) this.atSlots.set(key, slots++);
    }
    this.liveNumbers = slots;
  }

  protected use(name: string): string {
    return this.module.imports.use('v1model', name);
  }

  /** `$status = X; $stage = Stage.Y; break $leave;` */
  private leave(status: string, stage: string): string {
    // the general path goes on in that stage (a parked packet re-enters it at its site; the
    // deparser is run whole), or after it (the switch's decisions at the end of ingress or egress)
    const index = (STAGES as readonly string[]).indexOf(stage);
    if (status === 'PARKED') this.parkFrom.add(index);
    else this.leaveFrom.add(status === 'DEPARSE' ? index : index + 1);
    return `{ $status = ${this.use('StraightStatus')}.${status}; $stage = ${this.use('Stage')}.${STAGE_CONSTANT[stage]}; break $leave; }`;
  }

  /** How a stage's statements end and what an extern site does (sync: runs its task; longjump: parks). */
  protected shape(stage: IrStage, label: string): StageShape {
    const exit = `break ${label};`;
    if (this.mode === 'sync') {
      return {
        exit,
        parserError: 'd.std.parser_error',
        endsAtSite: false,
        site: (w, _site, task, pending) => {
          if (pending) aroundPayloadTask(w, `${this.module.imports.use('p4ts', 'runTaskSync')}(d, ${task});`);
        },
      };
    }
    const { slots } = liveSlots(this.ir.sites.filter((s) => s.stage === stage.name));
    return {
      exit,
      parserError: 'd.std.parser_error',
      endsAtSite: false,
      site: (w, site, task, pending) => this.park(w, stage, site, task, pending, slots),
    };
  }

  /**
   * Longjump: the task runs at once when the executor is behind (`sw.runHere`) and the packet
   * goes on; otherwise the packet parks at `site` — live locals saved, then it leaves the
   * straight path.
   */
  private park(w: CodeBlockWriter, stage: IrStage, site: ExternSite, task: string, pending: boolean, slots: Map<IrVariable, LiveSlot>): void {
    this.parks = true;
    if (pending) {
      w.writeLine('d.cursor = $cursor;');
      w.writeLine('d.end = $end;');
    } else w.writeLine(`${task}.site = ${site.id};`);
    w.writeLine('// the executor is behind: the task runs here and the packet goes on at once; otherwise it parks');
    w.write(`if (!sw.runHere(d, ${task})) `).inlineBlock(() => {
      const live = site.live.filter((v) => !isComposite(v));
      if (live.length > 0) w.writeLine(`// live across the site: ${live.map((v) => v.name).join(', ')}`);
      for (const v of live) w.writeLine(saveLive(v, jsName(v.name), slots.get(v)!));
      w.writeLine(`$task = ${task};`);
      w.writeLine(`$resume = ${site.id};`);
      w.writeLine(this.leave('PARKED', stage.name));
    });
    w.newLine();
    if (pending) w.writeLine('$end = d.end;');
  }

  /**
   * A stage as a block of the straight path: `fill` writes its statements (through a writer of
   * its own, so that the block declares only the stage locals it refers to and is labelled only
   * when something breaks out of it); an empty stage leaves only its heading comment.
   */
  protected stageBlock(stage: IrStage, label: string, heading: string, fill: (writer: StraightWriter) => boolean, parameters: ReadonlySet<IrVariable> = new Set()): StageCode {
    const inner = this.input.writer();
    const ends = fill(new StraightWriter(inner, this.exprs, this.module, this.shape(stage, label), this.layout, label, this.positioned, this.held, this.frame, this.mode !== 'sync'));
    const text = inner.toString().replace(/\n$/, '');
    const w = this.body;
    w.writeLine(heading);
    if (text.trim() === '') return { text, ends };
    const refers = codeRefersTo(text);
    const locals = stage.locals.filter((v) => !isComposite(v) && !parameters.has(v) && refers(jsName(v.name)));
    const lines = (): void => {
      for (const v of locals) w.writeLine(`let ${jsName(v.name)}: ${tsType(v.type)} = ${zeroLiteral(v.type)};`);
      for (const line of text.split('\n')) {
        if (line === '') w.blankLine();
        else w.writeLine(line);
      }
    };
    // a `break` to the label goes on after the block: a labelled stage never ends the path
    const labelled = text.includes(`break ${label};`);
    if (labelled) w.write(`${label}: `).inlineBlock(lines);
    else if (locals.length > 0) w.write('').inlineBlock(lines);
    else lines();
    if (labelled || locals.length > 0) w.newLine();
    return { text, ends: ends && !labelled };
  }

  protected writeParser(stage: IrParserStage): StageCode {
    const label = 'parser';
    const ids = parserStateIds(stage);
    return this.stageBlock(stage, label, `// ── parser ${stage.p4Name} (${this.module.locate(stage.span)}) ──`, (writer) => {
      const w = writer.w;
      if (writer.statements(stage.prologue)) return true;
      w.writeLine('let state = 0;');
      w.write('for (;;) ').inlineBlock(() => {
        w.write('switch (state) ').inlineBlock(() => {
          for (const s of stage.states) {
            w.writeLine(`case ${ids.get(s.name)}: { // state ${s.name} (${this.module.locate(s.span)})`);
            w.indent(() => {
              if (!writer.statements(s.body)) writeTransition(writer, s.transition, ids, (n) => (n < 0 ? `break ${label};` : `state = ${n}; continue;`));
            });
            w.writeLine('}');
          }
          w.writeLine(`default: break ${label}; // accept, reject`);
        });
        w.newLine();
      });
      w.newLine();
      return false;
    });
  }

  protected writeControl(stage: IrStage & { kind: 'control' }, heading = `// ── ${stage.name}: control ${stage.p4Name} (${this.module.locate(stage.span)}) ──`): StageCode {
    return this.stageBlock(stage, stage.name, heading, (writer) => writer.statements(stage.body));
  }

  /** Sets the standard-metadata locals the program has as the switch sets them entering egress on `$egress`. */
  private enterEgress(): void {
    const w = this.body;
    const std = this.layout.std;
    const set = (field: string, value: string): void => {
      if (std.has(field) || field === 'egress_port' || field === 'egress_spec') w.writeLine(`${this.layout.stdLocal(field)} = ${value};`);
    };
    w.writeLine('$port = $egress;');
    set('instance_type', '0');
    set('egress_port', '$egress');
    set('enq_timestamp', 'sw.now() >>> 0');
    set('enq_qdepth', 'sw.egressDepth($egress)');
    set('egress_spec', 'sw.dropPort + 1');
    set('packet_length', this.frame.length);
    set('egress_global_timestamp', 'sw.now()');
    set('deq_timedelta', '0');
    set('deq_qdepth', 'sw.egressDepth($egress)');
  }

  write(): string {
    if (!this.resumes) return this.withFrame(LAZY_FRAME, () => this.writeFunction(() => this.writeStages()));
    // `straightPath`'s body, then the resume functions (what they read of a parked packet is all
    // a packet parking in `straightPath` writes back: `parkedReads`), then `straightPath` whole
    const leaves = this.withFrame(LAZY_FRAME, () => this.writeBody(() => this.writeStages()));
    const main = { body: this.body, leaveFrom: [...this.leaveFrom], parkFrom: [...this.parkFrom], parks: this.parks };
    const resumes = this.writeResumes();
    this.body = main.body;
    this.leaveFrom.clear();
    this.parkFrom.clear();
    for (const from of main.leaveFrom) this.leaveFrom.add(from);
    for (const from of main.parkFrom) this.parkFrom.add(from);
    this.parks = main.parks;
    this.narrowParked = true;
    const code = this.withFrame(LAZY_FRAME, () => this.assemble(leaves));
    this.narrowParked = false;
    return [code, ...resumes].join('\n\n');
  }

  /** `write` with `frame` as where the function being written finds the frame. */
  protected withFrame<T>(frame: StraightFrame, write: () => T): T {
    const outer = this.frame;
    this.frame = frame;
    try {
      return write();
    } finally {
      this.frame = outer;
    }
  }

  /** One function of the straight path: `stages` writes its body (in `$leave` when a packet may leave), `resume` the site it resumes at. */
  private writeFunction(stages: () => void, resume?: { readonly site: ExternSite; readonly stage: IrStage }): string {
    return this.assemble(this.writeBody(stages), resume);
  }

  /** Writes a function's body into `this.body` (in `$leave` when a packet may leave it: returns whether one may). */
  protected writeBody(stages: () => void): boolean {
    const outer = this.input.writer();
    this.body = this.input.writer();
    stages();
    const text = this.body.toString();
    this.body = outer;
    // every packet may stay on the path to its end or suspend (context mode): nothing to leave
    const leaves = text.includes('break $leave;');
    const lines = (): void => {
      for (const line of text.replace(/\n$/, '').split('\n')) {
        if (line === '') outer.blankLine();
        else outer.writeLine(line);
      }
    };
    if (leaves) {
      outer.write('$leave: ').inlineBlock(lines);
      outer.newLine();
    } else lines();
    return leaves;
  }

  /**
   * Longjump: the resume function of each site (the packet's state read back from the descriptor
   * and its slots, then the rest of the site's stage and every stage after it, as in
   * `straightPath`), and `straightResume`, which calls the one of the site a packet parked at.
   */
  private writeResumes(): string[] {
    const fns: string[] = [];
    for (const site of this.ir.sites) {
      const stage = this.ir.stages[site.stage as V1StageName] as IrStage & { kind: 'control' };
      const { levels } = siteContinuation(stage, site);
      const { slots } = liveSlots(this.ir.sites.filter((s) => s.stage === stage.name));
      const live = site.live.filter((v) => !isComposite(v));
      this.leaveFrom.clear();
      this.parkFrom.clear();
      this.parks = false;
      const heading = `// ── ${stage.name} after extern site ${site.id} (${this.module.locate(site.span)}) ──`;
      fns.push(
        this.writeFunction(
          () =>
            this.writeStages({
              stage: site.stage as V1StageName,
              write: () =>
                this.stageBlock(stage, stage.name, heading, (writer) => {
                  if (live.length > 0) writer.w.writeLine(`// live across the site: ${live.map((v) => v.name).join(', ')}`);
                  for (const v of live) writer.w.writeLine(restoreLive(v, jsName(v.name), slots.get(v)!));
                  return writeContinuation(writer, levels);
                }),
            }),
          { site, stage },
        ),
      );
    }
    const w = this.input.writer();
    w.writeLine('/**');
    w.writeLine(' * A packet parked at an extern site, back from its task (or its task run at once): the');
    w.writeLine(' * resume function of its site takes it on from there.');
    w.writeLine(' */');
    w.write(`function straightResume(d: ${this.descriptorType()}, sw: ${this.servicesType()}, fuse: boolean): number`).block(() => {
      w.write('switch (d.resumeSite) ').inlineBlock(() => {
        for (const site of this.ir.sites) w.writeLine(`case ${site.id}: return straightPath_resume${site.id}(d, sw, fuse);`);
        w.writeLine('default: throw new Error(`no extern site ${d.resumeSite}`);');
      });
      w.newLine();
    });
    return [...fns, w.toString()];
  }

  protected descriptorType(): string {
    return `${this.module.imports.useType('v1model', 'PacketDescriptor')}<State>`;
  }

  protected servicesType(): string {
    return `${this.module.imports.useType('v1model', 'StraightPathServices')}<State>`;
  }

  /**
   * The stages one after the other, with the switch's decisions between them. A stage that
   * always leaves the straight path (every packet parks there, in longjump mode) ends it: what
   * would follow is the general path's business. With `resume`, only from the middle of a
   * control before the deparser on: `resume.write` writes the rest of that stage (a continuation
   * after an extern site), then the stages after it follow.
   */
  protected writeStages(resume?: { readonly stage: V1StageName; readonly write: () => StageCode }): void {
    const w = this.body;
    const stages = this.ir.stages;
    const control = (name: 'verifyChecksum' | 'ingress' | 'egress' | 'computeChecksum' | 'deparser'): IrStage & { kind: 'control' } =>
      stages[name] as IrStage & { kind: 'control' };
    const from = resume === undefined ? 0 : STAGES.indexOf(resume.stage);
    const block = (name: V1StageName, write: () => StageCode): StageCode | undefined => {
      const at = STAGES.indexOf(name);
      if (at < from) return undefined;
      return at === from && resume !== undefined ? resume.write() : write();
    };
    if (block('parser', () => this.writeParser(stages.parser as IrParserStage))?.ends) return;
    if (block('verifyChecksum', () => this.writeControl(control('verifyChecksum')))?.ends) return;
    if (block('ingress', () => this.writeControl(control('ingress')))?.ends) return;
    const egressSpec = this.layout.stdLocal('egress_spec');
    const mcastGrp = this.layout.stdLocal('mcast_grp');
    if (from <= STAGES.indexOf('ingress')) {
      w.writeLine('// ── end of ingress: a plain unicast goes on to egress in this call ──');
      w.writeLine(`const $egress = ${egressSpec} & 0x1ff;`);
      w.writeLine(`if (!fuse || ${mcastGrp} !== 0 || $egress === sw.dropPort) ${this.leave('INGRESS_END', 'ingress')}`);
      this.enterEgress();
    }
    const egress = block('egress', () => this.writeControl(control('egress')));
    if (egress?.ends) return;
    // dropped in egress (`egress_spec` set to the drop port): only if egress sets it (maybe before the site resumed at)
    if (egress !== undefined && (resume?.stage === 'egress' || codeRefersTo(egress.text)(egressSpec))) w.writeLine(`if (${egressSpec} === sw.dropPort) ${this.leave('EGRESS_END', 'egress')}`);
    if (block('computeChecksum', () => this.writeControl(control('computeChecksum')))?.ends) return;
    const deparser = control('deparser');
    w.writeLine(`// ── deparser ${deparser.p4Name} (${this.module.locate(deparser.span)}): headers written in front of the payload ──`);
    w.writeLine('const $payload = $cursor < $end ? $cursor : $end;');
    w.writeLine(`let $out = $payload - ${this.maxEmit};`);
    w.writeLine(`if ($out < 0) ${this.leave('DEPARSE', 'deparser')}`);
    w.writeLine('const $base = $out;');
    if (this.writeControl(deparser, '// the emitted headers').ends) return;
    w.writeLine('const $frame = $payload - ($out - $base);');
    w.writeLine('if ($frame !== $base) $data.copyWithin($frame, $base, $out);');
    w.writeLine(`sw.transmit(${this.layout.stdLocal('egress_port')}, $data, $frame, $end - $frame);`);
    w.writeLine(`return ${STRAIGHT_DONE_FUSED}; // ${this.use('StraightStatus')}.DONE_FUSED`);
  }

  /** The function's doc comment (lines) and signature, given the descriptor's and the services' types. */
  protected heading(services: string): { readonly comment: readonly string[]; readonly signature: string } {
    return {
      comment: [
        'The straight path: a new packet, the frame `$data[$start, $start + $length)` from',
        '`$ingressPort`, from the parser to the output in one call, headers and metadata in locals;',
        'it takes a descriptor only where it needs one (`sw.descriptor`). A packet that leaves the',
        'common case is handed to the switch with its state written back into it (`$leave`) and the',
        'stage functions above take it from there.',
      ],
      signature: `function straightPath(sw: ${services}, $data: Uint8Array, $start: number, $length: number, $ingressPort: number, fuse: boolean): number`,
    };
  }

  /**
   * The locals (scalars and header validities) the stage functions from stage `from` on mention:
   * what the general path may read of a packet it takes on there. The rest is not written back.
   */
  private readFrom(from: number): Set<string> {
    const layout = this.layout;
    const needed = new Set<string>();
    const markKey = (key: string): void => {
      for (const [k, sc] of layout.scalars) if (k === key || k.startsWith(`${key}.`)) needed.add(sc.local);
      for (const h of layout.headers.values()) if (h.key === key || h.key.startsWith(`${key}.`) || key.startsWith(`${h.key}.`)) needed.add(h.valid);
    };
    const mark = (e: IrExpression): void => {
      const key = layout.key(e);
      if (key !== undefined) markKey(key);
      else for (const c of childExpressions(e)) mark(c);
    };
    for (const name of STAGES.slice(from)) forEachStatement(stageStatements(this.ir.stages[name]), (st) => statementExpressions(st, mark));
    return needed;
  }

  /**
   * The write-back where a packet leaves: the standard metadata, and of the headers and metadata
   * only what the general path may read from where it takes the packet on (`readFrom`), the
   * least first, each further stage's share under its own condition.
   */
  private writeBack(): string[] {
    const layout = this.layout;
    const lines: string[] = [];
    const assign = (object: string, local: string): string => `${object} = ${local};`;
    const held = this.held === undefined ? undefined : layout.headers.get(this.held)!;
    const stores = (needed: Set<string>, done: Set<string>): string[] => {
      const out: string[] = [];
      for (const h of layout.headers.values()) if (needed.has(h.valid) && !done.has(h.valid)) out.push(assign(`${h.object}.$valid`, h.valid));
      const fromPacket: string[] = [];
      const zeros: string[] = [];
      for (const sc of layout.scalars.values()) {
        if (!needed.has(sc.local) || done.has(sc.local)) continue;
        const f = this.heldFields.has(sc.local) ? held?.fields.find((x) => x.local === sc.local) : undefined;
        if (f === undefined) out.push(assign(sc.object, sc.local));
        else {
          fromPacket.push(assign(sc.object, widthOf(f.type) === 0 ? '0' : readField(this.module.imports, f)));
          zeros.push(assign(sc.object, zeroLiteral(sc.type)));
        }
      }
      if (held !== undefined && fromPacket.length > 0) {
        out.push(`if (${held.valid}) {`, '  // fields no statement reads: still in the packet where the parser found them', '  const data = $data;', `  const p = ${held.at};`);
        out.push(...fromPacket.map((l) => `  ${l}`), '} else {', ...zeros.map((l) => `  ${l}`), '}');
      }
      for (const l of needed) done.add(l);
      return out;
    };
    // a packet that parks leaves by `parkedLines` when those are written
    const parked = this.parksNarrowly();
    const froms = [...new Set([...this.leaveFrom, ...(parked ? [] : this.parkFrom)])].sort((a, b) => b - a);
    const done = new Set<string>();
    const Stage = this.use('Stage');
    const constant = (i: number): string => `${Stage}.${STAGE_CONSTANT[STAGES[i]!]}`;
    froms.forEach((from, i) => {
      const more = stores(this.readFrom(from), done);
      if (more.length === 0) return;
      if (i === 0) {
        lines.push(`// what the stage functions from ${STAGES[from] ?? 'the output'} on read`);
        lines.push(...more);
      } else {
        lines.push(`if ($from <= ${constant(from)}) {`);
        lines.push(`  // and from ${STAGES[from]} on`);
        for (const m of more) lines.push(`  ${m}`);
        lines.push('}');
      }
    });
    for (const sc of layout.std.values()) lines.push(assign(sc.object, sc.local));
    if (lines.some((l) => l.includes('$from'))) {
      const S = this.use('StraightStatus');
      lines.unshift(`const $from = $status === ${S}.PARKED || $status === ${S}.DEPARSE ? $stage : $stage + 1;`);
    }
    return lines;
  }

  /**
   * The locals of the packet's state, in groups: name, TypeScript type and value for a new packet
   * (standard metadata as the switch sets it on arrival, headers invalid, fields 0).
   */
  protected stateLocals(): { readonly comment: string; readonly locals: readonly StateLocal[] }[] {
    const layout = this.layout;
    const initial: Record<string, string> = {
      ingress_port: LAZY_FRAME.port,
      packet_length: LAZY_FRAME.length,
      ingress_global_timestamp: 'sw.now()',
    };
    return [
      { comment: 'standard metadata the program uses', locals: [...layout.std].map(([field, sc]) => ({ name: sc.local, type: tsType(sc.type), init: initial[field] ?? zeroLiteral(sc.type) })) },
      {
        comment: 'headers and metadata',
        locals: [
          ...[...layout.headers.values()].map((h) => ({ name: h.valid, type: 'boolean', init: 'false', inferred: true })),
          ...[...layout.headers.values()].filter((h) => this.positioned.has(h.key)).map((h) => ({ name: h.at, type: 'number', init: '-1', inferred: true })),
          ...[...layout.scalars.values()].map((sc) => ({ name: sc.local, type: tsType(sc.type), init: zeroLiteral(sc.type) })),
        ],
      },
    ];
  }

  /**
   * The locals of a parked packet's state as a resume function declares them: what `stateLocals`
   * declares, with the values the packet left in the descriptor (`leaveLines`).
   */
  private parkedLocals(): { readonly comment: string; readonly locals: readonly StateLocal[] }[] {
    const objects = this.parkedObjects();
    return this.stateLocals().map((group) => ({
      comment: `${group.comment}, where the packet parked`,
      locals: group.locals.filter((l) => objects.has(l.name)).map((l) => ({ ...l, init: objects.get(l.name)! })),
    }));
  }

  /** Where a parked packet's state local is kept in the descriptor (`d.std.egress_spec`, `d.locals.num[2]`, ...), by local. */
  private parkedObjects(): Map<string, string> {
    const layout = this.layout;
    const objects = new Map<string, string>();
    for (const sc of layout.std.values()) objects.set(sc.local, sc.object);
    for (const sc of layout.scalars.values()) objects.set(sc.local, sc.object);
    for (const h of layout.headers.values()) {
      objects.set(h.valid, `${h.object}.$valid`);
      const slot = this.atSlots.get(h.key);
      if (slot !== undefined) objects.set(h.at, `d.locals.num[${slot}]`);
    }
    return objects;
  }

  /**
   * `straightPath` with resume functions: a packet that parks is taken on by its site's resume
   * function only (the switch calls `straightResume` for every parked packet), so it writes back
   * only what those read (`parkedReads`), without `takeOver`; the rest of `d.std` and `d.state` is
   * not looked at before the resume function leaves the straight path, which writes back from
   * there on as any leave does.
   */
  private parkedLines(): string[] {
    const objects = this.parkedObjects();
    const lines: string[] = [];
    for (const [local, object] of objects) {
      if (!this.parkedReads.has(local) || this.heldFields.has(local)) continue;
      lines.push(`${object} = ${local};`);
    }
    return [
      `if ($status === ${this.use('StraightStatus')}.PARKED) {`,
      '  // parked: only what the resume functions read, which take it on (`straightResume`)',
      ...lines.map((l) => `  ${l}`),
      '  d.stage = $stage;',
      '  d.task = $task;',
      '  d.resumeSite = $resume;',
      '  return $status;',
      '}',
    ];
  }

  /** Whether a packet that parks in the function being assembled leaves by `parkedLines` (not when a resume function reads a field `straightPath` keeps in the packet). */
  private parksNarrowly(): boolean {
    return this.narrowParked && this.parks && ![...this.parkedReads].some((l) => this.heldFields.has(l));
  }

  /** Where a packet leaves the straight path (`$leave`): its state goes back into the descriptor (`writeBack`). */
  protected leaveLines(): string[] {
    const take = this.frame.lazy ? [TAKE_DESCRIPTOR] : [];
    if (this.parksNarrowly()) {
      return [
        '// The packet leaves the straight path: its state goes back into the descriptor.',
        ...take,
        'd.cursor = $cursor;',
        'd.end = $end;',
        ...this.parkedLines(),
        'sw.takeOver(d, $port);',
        ...this.writeBack().filter((l) => l !== ''),
        ...(this.atSlots.size > 0 ? ['// where the parser found the headers the deparser writes only if they moved (for `straightResume`)'] : []),
        ...[...this.atSlots].map(([key, slot]) => `d.locals.num[${slot}] = ${this.layout.headers.get(key)!.at};`),
        'd.stage = $stage;',
      ];
    }
    return [
      '// The packet leaves the straight path: its state goes back into the descriptor.',
      ...take,
      'sw.takeOver(d, $port);',
      'd.cursor = $cursor;',
      'd.end = $end;',
      ...this.writeBack().filter((l) => l !== ''),
      ...(this.atSlots.size > 0 ? ['// where the parser found the headers the deparser writes only if they moved (for `straightResume`)'] : []),
      ...[...this.atSlots].map(([key, slot]) => `d.locals.num[${slot}] = ${this.layout.headers.get(key)!.at};`),
      'd.stage = $stage;',
    ];
  }

  /** The function: its locals, the body, and where a packet leaves for the general path (when it can: `leaves`). */
  private assemble(leaves: boolean, resume?: { readonly site: ExternSite; readonly stage: IrStage }): string {
    const w = this.input.writer();
    const S = this.descriptorType();
    const services = this.servicesType();
    const layout = this.layout;
    const heading =
      resume === undefined
        ? this.heading(services)
        : {
            comment: [
              `Re-entry after extern site ${resume.site.id}: ${this.module.describeSite(resume.site)}.`,
              'The packet, back from its task, goes on from the site as in `straightPath`: its state',
              'read back into locals from the descriptor (written there when it parked).',
            ],
            signature: `function straightPath_resume${resume.site.id}(d: ${S}, sw: ${services}, fuse: boolean): number`,
          };
    let body = this.body.toString().split('\n').filter((l) => l !== '');
    // each function finds its own (a resume function may read fields `straightPath` does not)
    this.heldFields = new Set<string>();
    let back = leaves ? this.leaveLines() : [];
    // whether `back` already hands a parked packet its task (`leaveLines` with `parkedLines`)
    let backParks = leaves && this.parksNarrowly();
    // locals nothing reads (only assigned: fields no one looks at, validity of a parser's copy)
    // are dropped with their assignments
    const candidates = [...layout.headers.values()].map((h) => h.valid).concat([...layout.scalars.values()].map((sc) => sc.local));
    const dead = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      const text = body.join('\n') + '\n' + back.join('\n');
      for (const local of candidates) {
        if (dead.has(local)) continue;
        const mentions = text.match(new RegExp(`(?<![\\w$])${escapeRegExp(local)}(?![\\w$])`, 'g'))?.length ?? 0;
        const assignment = pureAssignment(local);
        const assigned = body.filter((l) => assignment.test(l)).length;
        if (mentions !== assigned) continue;
        dead.add(local);
        body = body.filter((l) => !assignment.test(l));
        changed = true;
      }
    }
    // fields of the held header only the write-back reads: not extracted; the write-back reads
    // them from the packet (`writeBack`)
    const heldLocals = this.held === undefined ? [] : layout.headers.get(this.held)!.fields.map((f) => f.local).filter((l) => !dead.has(l));
    if (leaves && heldLocals.length > 0) {
      const text = body.join('\n');
      for (const local of heldLocals) {
        const mentions = text.match(new RegExp(`(?<![\\w$])${escapeRegExp(local)}(?![\\w$])`, 'g'))?.length ?? 0;
        const assignment = pureAssignment(local);
        if (mentions !== body.filter((l) => assignment.test(l)).length) continue;
        this.heldFields.add(local);
        body = body.filter((l) => !assignment.test(l));
      }
      if (this.heldFields.size > 0) {
        back = this.leaveLines();
        backParks = this.parksNarrowly();
      }
    }
    body = dropEmptyReads(body);
    if (this.frame.lazy) {
      const line = unclaimedDescriptor(body);
      if (line !== undefined) throw new EmitError(`the straight path refers to the packet descriptor before it takes one: ${line.trim()}`);
    }
    w.writeLine('/**');
    for (const line of heading.comment) w.writeLine(` * ${line}`);
    w.writeLine(' */');
    // a resume function declares only the state it refers to, read back from the descriptor
    const refers = codeRefersTo(body.join('\n') + '\n' + back.join('\n'));
    const resumeAt = resume === undefined ? -1 : STAGES.indexOf(resume.stage.name as V1StageName);
    w.write(heading.signature).block(() => {
      if (resume !== undefined && refers('$data')) w.writeLine('const $data = d.data;');
      w.writeLine(`let $cursor = ${resume === undefined ? '$start' : 'd.cursor'};`);
      w.writeLine(`let $end = ${resume === undefined ? '$start + $length' : 'd.end'};`);
      for (const group of resume === undefined ? this.stateLocals() : this.parkedLocals()) {
        const locals = group.locals.filter((l) => !dead.has(l.name) && !this.heldFields.has(l.name) && (resume === undefined || refers(l.name)));
        if (resume !== undefined) for (const l of locals) this.parkedReads.add(l.name);
        if (locals.length === 0 && resume !== undefined) continue;
        w.writeLine(`// ${group.comment}`);
        for (const l of locals) w.writeLine(`let ${l.name}${l.inferred ? '' : `: ${l.type}`} = ${l.init};`);
      }
      if (leaves) {
        w.writeLine('// where the packet leaves the straight path');
        w.writeLine('let $status = 0;');
        const Stage = this.use('Stage');
        const first = resume === undefined ? 'parser' : resume.stage.name;
        w.writeLine(`let $stage: ${Stage} = ${STAGES.indexOf(first as V1StageName)}; // ${Stage}.${STAGE_CONSTANT[first]}`);
        // gone on to egress already when it parked after ingress
        w.writeLine(`let $port = ${resumeAt > STAGES.indexOf('ingress') ? 'd.std.egress_port' : '-1'};`);
      }
      if (this.parks) {
        w.writeLine(`let $task: ${this.module.imports.useType('v1model', 'ExternTask')} | null = null;`);
        w.writeLine('let $resume = 0;');
      }
      if (resume !== undefined) {
        w.writeLine('// back from its task');
        w.writeLine('d.task = null;');
        w.writeLine('d.resumeSite = 0;');
      }
      for (const line of body) w.writeLine(line);
      if (!leaves) return;
      for (const line of back) w.writeLine(line);
      if (this.parks && !backParks) {
        w.write(`if ($status === ${this.use('StraightStatus')}.PARKED) `).inlineBlock(() => {
          w.writeLine('d.task = $task;');
          w.writeLine('d.resumeSite = $resume;');
        });
        w.newLine();
      }
      w.writeLine('return $status;');
    });
    return w.toString();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A line that only assigns `local` a value without effects: locals, constants, packet bytes and
 * arithmetic, no call, no other assignment.
 */
function pureAssignment(local: string): { test(line: string): boolean } {
  const head = new RegExp(`^\\s*${escapeRegExp(local)} = (.*);$`);
  return {
    test(line: string): boolean {
      const m = head.exec(line);
      if (m === null) return false;
      const value = m[1]!;
      return !/[\w$\]]\s*\(/.test(value) && !/(^|[^=!<>])=($|[^=])/.test(value) && !/\+\+|--/.test(value);
    },
  };
}

/**
 * The first line of `straightPath`'s body that refers to the packet descriptor `d` outside a
 * block that takes it (`TAKE_DESCRIPTOR`, which holds until the block's closing brace at the
 * indentation of the block's opening), or undefined.
 */
function unclaimedDescriptor(lines: readonly string[]): string | undefined {
  const indentOf = (line: string): number => line.length - line.trimStart().length;
  // the indentation of the closing brace of each enclosing block that took the descriptor
  const scopes: number[] = [];
  for (const line of lines) {
    if (scopes.length > 0 && line.trim().startsWith('}') && indentOf(line) === scopes[scopes.length - 1]) scopes.pop();
    if (line.trim().startsWith(TAKE_DESCRIPTOR)) {
      scopes.push(indentOf(line) - 2);
      continue;
    }
    if (scopes.length === 0 && refersToDescriptor(line)) return line;
  }
  return undefined;
}

/**
 * Whether generated code uses the packet descriptor `d` (`d.field`, or `d` passed on: `f(d, …)`,
 * `f(d)`), its comments and string literals left out. The one test of both checks that the
 * straight path takes no descriptor it has not claimed: an extern call written without one
 * (`callExtern`), and `straightPath`'s body outside the blocks that take it (`unclaimedDescriptor`).
 * (prune.ts's `refersTo` asks another question — does an identifier occur at all, to declare only
 * what code uses — and would also count a `d` declared, as the block that takes it declares it.)
 */
function refersToDescriptor(code: string): boolean {
  // string literals first (one may hold `//`), then comments
  const bare = code.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''").replace(/\/\/.*$/gm, '');
  return /(?<![\w$.])d(?=[.,)])/.test(bare);
}

/** Removes the blocks of an extraction left with no field read (`{ const data = $data; const p = $cursor; }`). */
function dropEmptyReads(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (
      /^\s*\{$/.test(lines[i]!) &&
      lines[i + 1]?.trim() === 'const data = $data;' &&
      lines[i + 2]?.trim() === 'const p = $cursor;' &&
      lines[i + 3]?.trim() === '}'
    ) {
      i += 3;
      continue;
    }
    out.push(lines[i]!);
  }
  return out;
}
