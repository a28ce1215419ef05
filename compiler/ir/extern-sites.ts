/**
 * Extern sites: where each one sits in its stage, what runs after it (its continuation: how
 * the longjump backend re-enters a stage directly at the site), and which locals are live across
 * it (exactly what is saved with a parked packet).
 */
import { LoweringError } from './lowering-context.ts';
import type { ExternSite, IrExpression, IrStage, IrStatement, IrVariable, StageName } from './nodes.ts';
import { childLists, statementExpressions, variablesOf } from './walk.ts';

/**
 * One level of a continuation, innermost first: the statements that follow the one containing
 * the site in some statement list, and the label of that list if it is a labeled block's body
 * (so that `break label` inside the rest still has somewhere to go).
 */
export interface ContinuationLevel {
  readonly rest: readonly IrStatement[];
  readonly label: string | undefined;
}

/**
 * The continuation of `siteId` within `list`, innermost level first, or `undefined` if the site
 * is not in it.
 */
export function continuationOf(list: readonly IrStatement[], siteId: number, label?: string): ContinuationLevel[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    const here: ContinuationLevel = { rest: list.slice(i + 1), label };
    if (s.kind === 'callExtern' && s.call.site?.id === siteId) return [here];
    for (const child of childLists(s)) {
      const inner = continuationOf(child.list, siteId, child.label);
      if (inner !== undefined) {
        if (child.loop) throw new LoweringError(`extern site ${siteId} is inside a loop: an asynchronous extern cannot be called in a loop`, s.span);
        return [...inner, here];
      }
    }
  }
  return undefined;
}

/** Every expression a statement reads from or writes into, except an extern call's result (written, not read). */
function forEachExpression(s: IrStatement, visit: (e: IrExpression) => void): void {
  statementExpressions(s, (e) => {
    if (s.kind === 'callExtern' && e === s.call.result) return;
    visit(e);
  });
}

/** What a table application writes before anything reads it: its results and action data. */
function tableParameters(s: IrStatement): readonly IrVariable[] {
  if (s.kind !== 'applyTable') return [];
  const written = s.actions.flatMap((a) => a.parameters);
  if (s.result.hit) written.push(s.result.hit);
  if (s.result.actionRun) written.push(s.result.actionRun);
  return written;
}

/**
 * Locals read in `statements` before being overwritten as a whole on every path (a backward
 * may-read analysis, simplified: whole-variable assignments at the top level of the sequence
 * kill, those under branches do not).
 */
function readBeforeWritten(statements: readonly IrStatement[], live: Set<IrVariable>, killed: Set<IrVariable>): void {
  for (const s of statements) {
    const read = (v: IrVariable) => {
      if (v.kind === 'local' && !killed.has(v)) live.add(v);
    };
    if (s.kind === 'assign' && s.target.kind === 'variable') {
      variablesOf(s.value, read);
      killed.add(s.target.variable);
      continue;
    }
    forEachExpression(s, (e) => variablesOf(e, read));
    if (s.kind === 'callExtern' && s.call.result?.kind === 'variable') killed.add(s.call.result.variable);
    for (const p of tableParameters(s)) killed.add(p);
    for (const child of childLists(s)) readBeforeWritten(child.list, live, new Set(killed));
  }
}

/** The continuation of a site in its stage (for parsers: within its state). */
export function siteContinuation(stage: IrStage, site: ExternSite): { levels: ContinuationLevel[]; state: string | undefined } {
  if (stage.kind === 'control') {
    const levels = continuationOf(stage.body, site.id);
    if (levels === undefined) throw new LoweringError(`extern site ${site.id} not found in its stage`, site.span);
    return { levels, state: undefined };
  }
  for (const state of stage.states) {
    const levels = continuationOf(state.body, site.id);
    if (levels !== undefined) return { levels, state: state.name };
  }
  const levels = continuationOf(stage.prologue, site.id);
  if (levels === undefined) throw new LoweringError(`extern site ${site.id} not found in its stage`, site.span);
  return { levels, state: undefined };
}

/** Fills every site's `live` set: locals read after it before being overwritten. */
export function computeLiveSets(stages: Readonly<Partial<Record<StageName, IrStage>>>, sites: readonly ExternSite[]): void {
  for (const site of sites) {
    const stage = stages[site.stage];
    if (stage === undefined) throw new LoweringError(`extern site ${site.id} is in stage ${site.stage}, which the program does not have`, site.span);
    const { levels } = siteContinuation(stage, site);
    const live = new Set<IrVariable>();
    const killed = new Set<IrVariable>();
    for (const level of levels) readBeforeWritten(level.rest, live, killed);
    if (stage.kind === 'parser') {
      // After the state, any state may run: its reads count too (conservatively).
      for (const state of stage.states) {
        const k = new Set(killed);
        readBeforeWritten(state.body, live, k);
        if (state.transition.kind === 'select') {
          for (const sel of state.transition.selectors) variablesOf(sel, (v) => v.kind === 'local' && !k.has(v) && live.add(v));
        }
      }
    }
    site.live = [...live].sort((a, b) => a.id - b.id);
  }
}

/** Every variable a stage reads or writes (parser prologue, states and transitions included). */
export function variablesUsedIn(stage: IrStage): Set<IrVariable> {
  const used = new Set<IrVariable>();
  const add = (v: IrVariable) => used.add(v);
  const visit = (list: readonly IrStatement[]): void => {
    for (const s of list) {
      forEachExpression(s, (e) => variablesOf(e, add));
      if (s.kind === 'callExtern' && s.call.result) variablesOf(s.call.result, add);
      for (const child of childLists(s)) visit(child.list);
    }
  };
  if (stage.kind === 'control') {
    visit(stage.body);
    return used;
  }
  visit(stage.prologue);
  for (const state of stage.states) {
    visit(state.body);
    const t = state.transition;
    if (t.kind !== 'select') continue;
    for (const sel of t.selectors) variablesOf(sel, add);
    for (const c of t.cases) {
      for (const k of c.keys) {
        if (k.kind === 'value') variablesOf(k.value, add);
        else if (k.kind === 'mask') (variablesOf(k.value, add), variablesOf(k.mask, add));
        else if (k.kind === 'range') (variablesOf(k.lo, add), variablesOf(k.hi, add));
      }
    }
  }
  return used;
}
