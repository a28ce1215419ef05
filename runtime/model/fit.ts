/**
 * Fitting the paper profiles' six fitted values (`profiles/paper.ts`), each by bisection on one
 * number the paper states, in an order that makes one pass exact (each point depends only on
 * values solved before it and its own), and leave-one-out: for each fitted point, the same fit
 * without it — its value then comes from another point or a stated rule — and the point predicted.
 */
import { findPaperPoint, predictPoint, type PaperWorkSource } from './paper.ts';
import { PAPER_ASSUMPTIONS, paperProfiles, type PaperAssumptions, type PaperFit, type PaperFitParam } from './profiles/paper.ts';

/** One step of a fit: a value solved on a point, or set by a rule from values solved before. */
export type FitStep =
  | { readonly param: PaperFitParam; readonly point: string; readonly targetPps?: number }
  | { readonly param: PaperFitParam; readonly rule: string; readonly value: (fit: Partial<PaperFit>, a: PaperAssumptions) => number };

const APU_L2 = 'apu4d4/l2fwd/sync/0';
const APU_SYNC = 'apu4d4/ipsec-esp/sync/100';
const APU_CONTEXT = 'apu4d4/ipsec-esp/context/100';
const APU_LONGJUMP = 'apu4d4/ipsec-esp/longjump/100';
const TR_LONGJUMP = 'threadripper-1900x/ipsec-esp/longjump/100';
const TR_SYNC = 'threadripper-1900x/ipsec-esp/sync/100';
const TR_CONTEXT = 'threadripper-1900x/ipsec-esp/context/100';

/** The fit `PAPER_FIT` comes from. */
export const FIT_PLAN: readonly FitStep[] = [
  { param: 'apuPipelinePacketCycles', point: APU_L2 },
  { param: 'apuCryptoCallCycles', point: APU_SYNC },
  { param: 'apuContextSwitchCycles', point: APU_CONTEXT },
  { param: 'softwareScale', point: TR_LONGJUMP },
  { param: 'trSyncWaitCycles', point: TR_SYNC },
  { param: 'trContextSwitchCycles', point: TR_CONTEXT },
];

/** The Threadripper's sync wait by the APU's rule: the hand-off both ways. */
const trWaitByRule: FitStep = { param: 'trSyncWaitCycles', rule: 'hand-off both ways, as on the APU', value: (_f, a) => 2 * a.threadripper.handoffCycles };
/** The Threadripper's context switch as the same software as the APU's, scaled. */
const trContextByScale: FitStep = { param: 'trContextSwitchCycles', rule: 'the APU\u2019s context switch x software scale', value: (f) => f.softwareScale! * f.apuContextSwitchCycles! };

/**
 * For each fitted point, the fit without it. The value it fixed comes from the other points: the
 * APU's per-packet cost from its longjump number; its crypto call cost from the Threadripper's
 * sync number (sync wait by the APU's rule); its context switch from the Threadripper's, unscaled;
 * the software scale from the Threadripper's sync number (sync wait by rule); the Threadripper's
 * sync wait and context switch by the rules above.
 */
export const LEAVE_ONE_OUT: Readonly<Record<string, readonly FitStep[]>> = {
  [APU_L2]: [
    { param: 'apuPipelinePacketCycles', point: APU_LONGJUMP },
    { param: 'apuCryptoCallCycles', point: APU_SYNC },
    { param: 'apuContextSwitchCycles', point: APU_CONTEXT },
    { param: 'softwareScale', point: TR_LONGJUMP },
    { param: 'trSyncWaitCycles', point: TR_SYNC },
    { param: 'trContextSwitchCycles', point: TR_CONTEXT },
  ],
  [APU_SYNC]: [
    { param: 'apuPipelinePacketCycles', point: APU_L2 },
    { param: 'apuContextSwitchCycles', point: APU_CONTEXT },
    { param: 'softwareScale', point: TR_LONGJUMP },
    trWaitByRule,
    { param: 'apuCryptoCallCycles', point: TR_SYNC },
    { param: 'trContextSwitchCycles', point: TR_CONTEXT },
  ],
  [APU_CONTEXT]: [
    { param: 'apuPipelinePacketCycles', point: APU_L2 },
    { param: 'apuCryptoCallCycles', point: APU_SYNC },
    { param: 'softwareScale', point: TR_LONGJUMP },
    { param: 'trSyncWaitCycles', point: TR_SYNC },
    { param: 'trContextSwitchCycles', point: TR_CONTEXT },
    { param: 'apuContextSwitchCycles', rule: 'the Threadripper\u2019s context switch / software scale', value: (f) => f.trContextSwitchCycles! / f.softwareScale! },
  ],
  [TR_LONGJUMP]: [
    { param: 'apuPipelinePacketCycles', point: APU_L2 },
    { param: 'apuCryptoCallCycles', point: APU_SYNC },
    { param: 'apuContextSwitchCycles', point: APU_CONTEXT },
    trWaitByRule,
    { param: 'softwareScale', point: TR_SYNC },
    { param: 'trContextSwitchCycles', point: TR_CONTEXT },
  ],
  [TR_SYNC]: [...FIT_PLAN.filter((s) => s.param !== 'trSyncWaitCycles'), trWaitByRule],
  [TR_CONTEXT]: [...FIT_PLAN.filter((s) => s.param !== 'trContextSwitchCycles'), trContextByScale],
};

/** Bisection brackets (from a billionth of the upper end): every fitted value lowers throughput as it grows. */
const UPPER: Readonly<Record<PaperFitParam, number>> = {
  apuPipelinePacketCycles: 1e6,
  apuCryptoCallCycles: 1e6,
  apuContextSwitchCycles: 1e6,
  softwareScale: 100,
  trSyncWaitCycles: 1e7,
  trContextSwitchCycles: 1e7,
};

export interface StepResult {
  readonly step: FitStep;
  readonly value: number;
  /** The point's stated number and what the fitted model gives there (point steps only). */
  readonly targetPps?: number;
  readonly predictedPps?: number;
}

export class FitError extends Error {}

/** A complete fit from a partial one (the profile builder needs every value; unsolved ones are 0 until solved). */
function complete(fit: Partial<PaperFit>): PaperFit {
  return {
    apuPipelinePacketCycles: fit.apuPipelinePacketCycles ?? 0,
    apuCryptoCallCycles: fit.apuCryptoCallCycles ?? 0,
    apuContextSwitchCycles: fit.apuContextSwitchCycles ?? 0,
    softwareScale: fit.softwareScale ?? 1,
    trSyncWaitCycles: fit.trSyncWaitCycles ?? 0,
    trContextSwitchCycles: fit.trContextSwitchCycles ?? 0,
  };
}

/** The pps of a point with the given (possibly partial) fit. */
export function pointPps(id: string, fit: Partial<PaperFit>, workOf: PaperWorkSource, a: PaperAssumptions = PAPER_ASSUMPTIONS): number {
  const point = findPaperPoint(id);
  return predictPoint(point, workOf, paperProfiles(complete(fit), a)[point.target]);
}

/** Runs a fit plan; every `PaperFitParam` must be set by exactly one step. */
export function fitPaper(workOf: PaperWorkSource, plan: readonly FitStep[] = FIT_PLAN, a: PaperAssumptions = PAPER_ASSUMPTIONS): { fit: PaperFit; steps: StepResult[] } {
  const fit: Partial<PaperFit> = {};
  const steps: StepResult[] = [];
  for (const step of plan) {
    if (fit[step.param] !== undefined) throw new FitError(`${step.param} is set twice`);
    if ('rule' in step) {
      fit[step.param] = step.value(fit, a);
      steps.push({ step, value: fit[step.param]! });
      continue;
    }
    const target = step.targetPps ?? findPaperPoint(step.point).paperPps;
    if (target === null) throw new FitError(`point ${step.point} states no number to fit on`);
    const at = (v: number): number => pointPps(step.point, { ...fit, [step.param]: v }, workOf, a);
    let hi = UPPER[step.param];
    let lo = hi * 1e-9;
    if (at(lo) < target) throw new FitError(`cannot fit ${step.param} on ${step.point}: even at ${lo} the prediction is below ${target}`);
    if (at(hi) > target) throw new FitError(`cannot fit ${step.param} on ${step.point}: the point does not depend on it enough`);
    for (let i = 0; i < 80 && hi - lo > hi * 1e-7; i++) {
      const mid = (lo + hi) / 2;
      if (at(mid) > target) lo = mid;
      else hi = mid;
    }
    const value = (lo + hi) / 2;
    fit[step.param] = value;
    steps.push({ step, value, targetPps: target, predictedPps: at(value) });
  }
  for (const p of Object.keys(UPPER) as PaperFitParam[]) if (fit[p] === undefined) throw new FitError(`the plan does not set ${p}`);
  return { fit: fit as PaperFit, steps };
}

export interface LeaveOneOut {
  /** The fitted point left out. */
  readonly point: string;
  readonly paperPps: number;
  /** Its pps when the fit does not use it. */
  readonly predictedPps: number;
  readonly fit: PaperFit;
  readonly steps: readonly StepResult[];
}

/** Leave-one-out over the fitted points of `FIT_PLAN`. */
export function leaveOneOut(workOf: PaperWorkSource, a: PaperAssumptions = PAPER_ASSUMPTIONS): LeaveOneOut[] {
  return FIT_PLAN.map((step) => {
    if (!('point' in step)) throw new FitError('the fit plan has a rule step');
    const plan = LEAVE_ONE_OUT[step.point];
    if (plan === undefined) throw new FitError(`no leave-one-out plan for ${step.point}`);
    if (plan.some((s) => 'point' in s && s.point === step.point)) throw new FitError(`the leave-one-out plan for ${step.point} uses it`);
    const { fit, steps } = fitPaper(workOf, plan, a);
    return { point: step.point, paperPps: findPaperPoint(step.point).paperPps!, predictedPps: pointPps(step.point, fit, workOf, a), fit, steps };
  });
}
