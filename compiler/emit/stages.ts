/**
 * Stage functions in the three execution modes.
 *
 * - `sync`: a plain function; an extern site runs its work and carries on.
 * - `context`: a generator (`function*`); an extern site yields its task and the runtime resumes
 *   the generator, whole frame included, when the task is back.
 * - `longjump`: a plain function entered with `d.resumeSite`. An extern site saves exactly its
 *   live locals in `d.locals`, parks the packet and returns PARKED; re-entry jumps straight to a
 *   continuation function that holds what follows the site (see `siteContinuation` in the IR),
 *   so nothing that already ran runs again.
 */
import CodeBlockWriter from 'code-block-writer';
import { V1MODEL_PARSER_LOOP_LIMIT } from '../../contract/v1model.ts';
import { siteContinuation, type ContinuationLevel } from '../ir/extern-sites.ts';
import type { ExternSite, IrParserStage, IrStage, IrStatement, IrTransition, IrVariable } from '../ir/nodes.ts';
import type { ExecutionMode } from './index.ts';
import { ExpressionEmitter } from './expressions.ts';
import { jsName } from './naming.ts';
import { tsType, valueKind, zeroLiteral } from './representation.ts';
import { refersTo as codeRefersTo } from './prune.ts';
import { StatementWriter, usesLabel, type ModuleServices, type StageShape } from './statements.ts';

const ACCEPT = -1;
const REJECT = -2;

/** Where a live local is kept while its packet is parked. */
export interface LiveSlot {
  readonly array: 'num' | 'big' | 'ref';
  readonly index: number;
}

/**
 * How a stage reaches the packet-carried variables: each alias is declared at the start of the
 * stage's functions (`const hdr = d.state.hdr;`), and parser errors are recorded in
 * `parserError`.
 */
export interface PacketAccess {
  readonly aliases: readonly { readonly name: string; readonly access: string }[];
  /** The l-value a parser error number is assigned to. */
  readonly parserError: string;
}

/**
 * The `d.locals` slot of every scalar local live across one of a stage's sites (composites live
 * in the packet's state anyway), and how many of each kind the stage needs. The stage functions
 * and the straight path number them alike, so either can park a packet the other resumes.
 */
export function liveSlots(stageSites: readonly ExternSite[]): { slots: Map<IrVariable, LiveSlot>; counts: { num: number; big: number; ref: number } } {
  const slots = new Map<IrVariable, LiveSlot>();
  const counts = { num: 0, big: 0, ref: 0 };
  for (const site of stageSites) {
    for (const v of site.live) {
      if (slots.has(v) || isComposite(v)) continue;
      const array = valueKind(v.type) === 'wide' ? 'big' : valueKind(v.type) === 'string' ? 'ref' : 'num';
      slots.set(v, { array, index: counts[array]++ });
    }
  }
  return { slots, counts };
}

/** The statement saving live local `v` (named `name`) in its slot. */
export function saveLive(v: IrVariable, name: string, slot: LiveSlot): string {
  const value = v.type.kind === 'bool' ? `${name} ? 1 : 0` : name;
  return `d.locals.${slot.array}[${slot.index}] = ${value};`;
}

/** The statement reading live local `v` (named `name`) back from its slot (`saveLive`'s inverse). */
export function restoreLive(v: IrVariable, name: string, slot: LiveSlot): string {
  const raw = `d.locals.${slot.array}[${slot.index}]`;
  if (v.type.kind === 'bool') return `${name} = ${raw} !== 0;`;
  if (slot.array === 'ref') return `${name} = ${raw} as ${tsType(v.type)};`;
  return `${name} = ${raw}${slot.array === 'big' ? '!' : ''};`;
}

export interface StageEmitResult {
  /** Composite locals that live in the packet's state object. */
  readonly frameLocals: readonly IrVariable[];
  readonly liveNumbers: number;
  readonly liveBigints: number;
  readonly liveRefs: number;
  /** Whether the function is a generator (context mode with sites). */
  readonly generator: boolean;
}

/** Whether some state of the parser can go to itself or to an earlier state (a loop). */
export function hasLoop(stage: IrParserStage, ids: ReadonlyMap<string, number>): boolean {
  return stage.states.some((s) => {
    const from = ids.get(s.name)!;
    const targets = s.transition.kind === 'goto' ? [s.transition.state] : s.transition.cases.map((c) => c.state);
    return targets.some((t) => {
      const to = ids.get(t) ?? -1;
      return to >= 0 && to <= from;
    });
  });
}

export function isComposite(v: IrVariable): boolean {
  return valueKind(v.type) === 'object';
}

export class StageEmitter {
  private readonly slots: Map<IrVariable, LiveSlot>;
  private readonly sites: readonly ExternSite[];
  private readonly scalarLocals: readonly IrVariable[];
  private readonly frameLocals: readonly IrVariable[];
  private readonly fn: string;
  private readonly counts: { num: number; big: number; ref: number };

  constructor(
    private w: CodeBlockWriter,
    private readonly stage: IrStage,
    private readonly mode: ExecutionMode,
    allSites: readonly ExternSite[],
    private readonly module: ModuleServices,
    private readonly frameProperty: (stage: IrStage, v: IrVariable) => string,
    private readonly packet: PacketAccess,
  ) {
    this.fn = stage.name;
    this.sites = allSites.filter((s) => s.stage === stage.name);
    this.scalarLocals = stage.locals.filter((v) => !isComposite(v));
    this.frameLocals = stage.locals.filter(isComposite);
    const live = liveSlots(this.sites);
    this.slots = live.slots;
    this.counts = live.counts;
  }

  private variableName = (v: IrVariable): string => {
    if (v.kind === 'packet') return v.name;
    return jsName(v.name);
  };

  private statementWriter(shape: StageShape): StatementWriter {
    return new StatementWriter(this.w, new ExpressionEmitter(this.module.imports, this.variableName), this.module, shape);
  }

  private get returnType(): string {
    if (this.mode === 'longjump') return 'StageStatus';
    return 'void';
  }

  private get exit(): string {
    return this.mode === 'longjump' ? 'return DONE;' : 'return;';
  }

  private get isGenerator(): boolean {
    return this.mode === 'context' && this.sites.length > 0;
  }

  /** The shape of a stage body in this mode. */
  private shape(): StageShape {
    const exit = this.exit;
    switch (this.mode) {
      case 'sync':
        return {
          exit,
          parserError: this.packet.parserError,
          endsAtSite: false,
          site: (w, _site, task, pending) => {
            if (pending) w.writeLine(`${this.module.imports.use('p4ts', 'runTaskSync')}(d, ${task});`);
          },
        };
      case 'context':
        return {
          exit,
          parserError: this.packet.parserError,
          endsAtSite: false,
          site: (w, site, task, pending) => {
            if (!pending) w.writeLine(`${task}.site = ${site.id};`);
            w.writeLine(`yield ${task};`);
            w.writeLine(`// ── resumed at site ${site.id} ──`);
          },
        };
      case 'longjump':
        return {
          exit,
          parserError: this.packet.parserError,
          endsAtSite: true,
          site: (w, site, task, pending) => {
            const live = site.live.filter((v) => !isComposite(v));
            if (live.length > 0) w.writeLine(`// live across the site: ${live.map((v) => v.name).join(', ')}`);
            for (const v of live) w.writeLine(this.save(v));
            if (!pending) w.writeLine(`${task}.site = ${site.id};`);
            w.writeLine(`d.task = ${task};`);
            w.writeLine(`d.resumeSite = ${site.id};`);
            w.writeLine('return PARKED;');
          },
        };
    }
  }

  private save(v: IrVariable): string {
    return saveLive(v, this.variableName(v), this.slots.get(v)!);
  }

  private restore(v: IrVariable): string {
    return restoreLive(v, this.variableName(v), this.slots.get(v)!);
  }

  /**
   * Writes a function body: the aliases of the packet state and the declarations of the locals
   * the body refers to (and nothing else), then the body, written first by `body` to learn
   * which those are.
   */
  private writeBody(body: () => void): void {
    const outer = this.w;
    const inner = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
    this.w = inner;
    try {
      body();
    } finally {
      this.w = outer;
    }
    const text = inner.toString();
    const refersTo = codeRefersTo(text);
    const w = this.w;
    for (const a of this.packet.aliases) if (refersTo(a.name)) w.writeLine(`const ${a.name} = ${a.access};`);
    if (this.module.trace !== undefined && refersTo('$tracer')) w.writeLine(this.module.trace.prologue());
    for (const v of this.scalarLocals) if (refersTo(jsName(v.name))) w.writeLine(`let ${jsName(v.name)}: ${tsType(v.type)} = ${zeroLiteral(v.type)};`);
    for (const v of this.frameLocals) if (refersTo(jsName(v.name))) w.writeLine(`const ${jsName(v.name)} = d.state.${this.frameProperty(this.stage, v)};`);
    for (const line of text.replace(/\n$/, '').split('\n')) {
      if (line === '') w.blankLine();
      else w.writeLine(line);
    }
  }

  /** The trace line of entering this stage (traced builds; not for an empty control, which does nothing to trace). */
  private traceStage(): void {
    if (this.stage.kind === 'control' && doesNothing(this.stage.body)) return;
    if (this.module.trace !== undefined) this.w.writeLine(this.module.trace.stage(this.stage));
  }

  private signature(name: string, extra = ''): string {
    const S = 'PacketDescriptor<State>';
    if (this.isGenerator) return `function* ${name}(d: ${S}${extra}): Generator<ExternTask, void, ExternTask>`;
    return `function ${name}(d: ${S}${extra}): ${this.returnType}`;
  }

  /** Writes the stage's functions. */
  write(): StageEmitResult {
    const w = this.w;
    const stage = this.stage;
    w.writeLine(`/** ${stage.kind} ${stage.p4Name}: the ${stage.name} stage (${this.module.locate(stage.span)}). */`);
    if (stage.kind === 'parser') this.writeParser(stage);
    else this.writeControl(stage);
    return {
      frameLocals: this.frameLocals,
      liveNumbers: this.counts.num,
      liveBigints: this.counts.big,
      liveRefs: this.counts.ref,
      generator: this.isGenerator,
    };
  }

  private resumeDispatch(): void {
    if (this.mode !== 'longjump' || this.sites.length === 0) return;
    const w = this.w;
    w.write('switch (d.resumeSite) ').inlineBlock(() => {
      w.writeLine('case 0: break;');
      for (const site of this.sites) w.writeLine(`case ${site.id}: return ${this.fn}_resume${site.id}(d);`);
    });
    w.newLine();
  }

  private writeControl(stage: IrStage & { kind: 'control' }): void {
    const w = this.w;
    w.write(this.signature(this.fn)).block(() => {
      this.resumeDispatch();
      this.writeBody(() => {
        this.traceStage();
        const ends = this.statementWriter(this.shape()).statements(stage.body);
        if (this.mode === 'longjump' && !ends) this.w.writeLine('return DONE;');
      });
    });
    w.blankLine();
    if (this.mode === 'longjump') for (const site of this.sites) this.writeControlContinuation(stage, site);
  }

  /** The continuation of a site: the rest of each enclosing block, innermost first. */
  private writeControlContinuation(stage: IrStage, site: ExternSite): void {
    const w = this.w;
    const { levels } = siteContinuation(stage, site);
    w.writeLine(`/** Re-entry after extern site ${site.id}: ${this.module.describeSite(site)}. */`);
    w.write(this.signature(`${this.fn}_resume${site.id}`)).block(() => {
      this.writeBody(() => {
        for (const v of site.live) if (!isComposite(v)) this.w.writeLine(this.restore(v));
        const writer = this.statementWriter(this.shape());
        if (!writeContinuation(writer, levels)) this.w.writeLine('return DONE;');
      });
    });
    w.blankLine();
  }

  // ---- parsers ------------------------------------------------------------------------------

  private writeParser(stage: IrParserStage): void {
    const w = this.w;
    const ids = parserStateIds(stage);
    const longjump = this.mode === 'longjump';
    const run = `${this.fn}_run`;
    if (longjump && this.sites.length > 0) {
      w.write(this.signature(this.fn)).block(() => {
        this.resumeDispatch();
        w.writeLine(`return ${run}(d, 0, false);`);
      });
      w.blankLine();
    }
    const name = longjump && this.sites.length > 0 ? run : this.fn;
    const extra = longjump && this.sites.length > 0 ? ', start: number, restore: boolean' : '';
    w.write(this.signature(name, extra)).block(() =>
      this.writeBody(() => {
        const w = this.w;
        const writer = this.statementWriter(this.shape());
        if (extra) {
          w.write('if (restore) ').inlineBlock(() => {
            for (const v of this.slots.keys()) w.writeLine(this.restore(v));
          });
          w.write(' else ').inlineBlock(() => {
            this.traceStage();
            writer.statements(stage.prologue);
          });
          w.newLine();
          w.writeLine('let state = start;');
        } else {
          this.traceStage();
          if (writer.statements(stage.prologue)) return;
          w.writeLine('let state = 0;');
        }
        const loops = hasLoop(stage, ids);
        if (loops) w.writeLine(`let loops = 0; // transitions back to an earlier state (at most ${V1MODEL_PARSER_LOOP_LIMIT})`);
        const timeout = loops ? `if (++loops > ${V1MODEL_PARSER_LOOP_LIMIT}) ${this.module.imports.use('v1model', 'parserTimeout')}(d, ${this.module.errorNumber('ParserTimeout')}); ` : '';
        w.write('for (;;) ').block(() => {
          w.write('switch (state) ').block(() => {
            for (const s of stage.states) {
              const from = ids.get(s.name)!;
              w.writeLine(`case ${from}: { // state ${s.name} (${this.module.locate(s.span)})`);
              w.indent(() => {
                if (this.module.trace !== undefined) w.writeLine(this.module.trace.parserState(s.name, this.module.locate(s.span)));
                if (!writer.statements(s.body)) writeTransition(writer, s.transition, ids, (n) => `${n >= 0 && n <= from ? timeout : ''}state = ${n}; continue;`);
              });
              w.writeLine('}');
            }
            w.writeLine(`case ${ACCEPT}: ${this.exit}`);
            w.writeLine(`default: ${this.exit} // reject`);
          });
        });
      }),
    );
    w.blankLine();
    if (longjump) for (const site of this.sites) this.writeParserContinuation(stage, site, ids, run);
  }

  private writeParserContinuation(stage: IrParserStage, site: ExternSite, ids: Map<string, number>, run: string): void {
    const w = this.w;
    const { levels, state } = siteContinuation(stage, site);
    const irState = stage.states.find((s) => s.name === state);
    w.writeLine(`/** Re-entry after extern site ${site.id}: ${this.module.describeSite(site)}. */`);
    w.write(this.signature(`${this.fn}_resume${site.id}`)).block(() =>
      this.writeBody(() => {
        const w = this.w;
        for (const v of site.live) if (!isComposite(v)) w.writeLine(this.restore(v));
        const writer = this.statementWriter(this.shape());
        if (writeContinuation(writer, levels)) return;
        const saveAll = [...this.slots.keys()].map((v) => this.save(v)).join(' ');
        if (irState === undefined) {
          w.writeLine(`${saveAll} return ${run}(d, 0, true);`);
          return;
        }
        // Every transition ends in a jump (the last case is an `else`): nothing follows it.
        writeTransition(writer, irState.transition, ids, (n) =>
          n === ACCEPT || n === REJECT ? 'return DONE;' : `${saveAll} return ${run}(d, ${n}, true);`,
        );
      }),
    );
    w.blankLine();
  }
}

/**
 * Writes the continuation of an extern site through `writer`: continuation levels `0..i`
 * (innermost first), each level's rest after the inner ones, inside its labeled block when a
 * `break label` in there needs the target. Returns whether control never falls off the end (as
 * `StatementWriter.statements`).
 */
export function writeContinuation(writer: StatementWriter, levels: readonly ContinuationLevel[], i = levels.length - 1): boolean {
  if (i < 0) return false;
  const level = levels[i]!;
  const content = (): boolean => writeContinuation(writer, levels, i - 1) || writer.statements(level.rest);
  const inside = levels.slice(0, i + 1).flatMap((l) => l.rest);
  if (level.label === undefined || !usesLabel(inside, level.label)) return content();
  writer.w.write(`${level.label}: `).inlineBlock(() => {
    content();
  });
  writer.w.newLine();
  return false;
}

/** A body with no statements but empty labeled blocks (a control whose `apply {}` is empty). */
function doesNothing(list: readonly IrStatement[]): boolean {
  return list.every((s) => s.kind === 'labeled' && doesNothing(s.body));
}

/** Code that moves to the next parser state (`goto(id)`, e.g. `state = N; continue;`), by the transition's select. */
export function writeTransition(writer: StatementWriter, t: IrTransition, ids: Map<string, number>, goto: (id: number) => string): void {
  const w = writer.w;
  const id = (name: string): number => {
    const n = ids.get(name);
    if (n === undefined) throw new Error(`unknown parser state ${name}`);
    return n;
  };
  if (t.kind === 'goto') {
    w.writeLine(goto(id(t.state)));
    return;
  }
  const selectors = t.selectors.map((s) => writer.exprs.emit(s));
  const selectorTypes = t.selectors.map((s) => s.type);
  let first = true;
  for (const c of t.cases) {
    const conditions: string[] = [];
    c.keys.forEach((k, i) => {
      const sel = selectors[i]!;
      const type = selectorTypes[i]!;
      const big = valueKind(type) === 'wide';
      switch (k.kind) {
        case 'any':
          break;
        case 'value':
          conditions.push(`${sel} === ${writer.exprs.convert(writer.exprs.emit(k.value), k.value.type, type)}`);
          break;
        case 'mask': {
          const v = writer.exprs.convert(writer.exprs.emit(k.value), k.value.type, type);
          const m = writer.exprs.convert(writer.exprs.emit(k.mask), k.mask.type, type);
          if (valueKind(type) === 'number53') {
            const and = writer.module.imports.use('support', 'and53');
            conditions.push(`${and}(${sel}, ${m}) === ${and}(${v}, ${m})`);
          } else {
            conditions.push(big ? `(${sel} & ${m}) === (${v} & ${m})` : `(${sel} & ${m}) >>> 0 === (${v} & ${m}) >>> 0`);
          }
          break;
        }
        case 'range': {
          const lo = writer.exprs.convert(writer.exprs.emit(k.lo), k.lo.type, type);
          const hi = writer.exprs.convert(writer.exprs.emit(k.hi), k.hi.type, type);
          conditions.push(`${sel} >= ${lo} && ${sel} <= ${hi}`);
          break;
        }
        case 'valueSet':
          conditions.push(`vs_${jsName(k.name.replace(/\./g, '_'))}.matches(${sel})`);
          break;
      }
    });
    const test = conditions.length === 0 ? 'true' : conditions.join(' && ');
    if (test === 'true') {
      if (first) w.writeLine(goto(id(c.state)));
      else w.write(' else ').inlineBlock(() => w.writeLine(goto(id(c.state)))).newLine();
      return;
    }
    if (first) w.write(`if (${test}) `);
    else w.write(` else if (${test}) `);
    w.inlineBlock(() => w.writeLine(goto(id(c.state))));
    first = false;
  }
  // No case matched: the parser rejects with NoMatch.
  w.write(' else ').inlineBlock(() => w.writeLine(writer.parserError('NoMatch'))).newLine();
}

/** Parser state numbers: the states in order from 0, accept -1, reject -2. */
export function parserStateIds(stage: IrParserStage): Map<string, number> {
  const ids = new Map<string, number>([['accept', ACCEPT], ['reject', REJECT]]);
  stage.states.forEach((s, i) => ids.set(s.name, i));
  return ids;
}
