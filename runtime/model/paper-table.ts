/**
 * The paper, as fit and validate: every number the paper states and every claim it makes in
 * words, each marked `fitted` (a fitted value was solved on it, so it reproduces by construction)
 * or `predicted` (nothing was solved on it), with the error of each prediction, and for each
 * fitted number its leave-one-out prediction (the fit without it).
 */
import { PAPER_CLAIMS } from './claims.ts';
import type { LeaveOneOut, StepResult } from './fit.ts';
import { findPaperPoint, paperPoints, type ModelPoint, type SettingPoint } from './paper.ts';

export interface PaperRow {
  /** A point id, or a claim id. */
  readonly id: string;
  readonly kind: 'number' | 'claim';
  readonly figure: string;
  /** What is compared, in words. */
  readonly what: string;
  readonly role: 'fitted' | 'predicted';
  /** The fitted value solved on this number, for fitted rows. */
  readonly fittedParam?: string;
  readonly paper: number | undefined;
  /** The paper's value as it says it, for claims ("1000-2000", "> 1.12"). */
  readonly paperText?: string;
  readonly model: number | undefined;
  /** Relative error of a prediction (for quantity claims: as the claim defines it). */
  readonly error: number | undefined;
  /** Claims: whether the check holds (absent for an untestable claim). */
  readonly ok?: boolean;
  /** Claims: the part of the check fitted numbers decide (absent: all of it is predicted). */
  readonly fittedPart?: string;
  /** Claims: why fitted numbers decide all of it, so it holds or fails by construction (absent: testable); such a row has no `ok`. */
  readonly untestable?: string;
  /** Claims: the claim whose sentence this row reads another way (shown, not counted). */
  readonly alternativeReadingOf?: string;
  readonly detail?: string;
  /** Fitted numbers: the prediction when the fit leaves this number out. */
  readonly leaveOneOut?: { readonly predicted: number; readonly error: number };
}

function describePoint(id: string): string {
  const p = findPaperPoint(id);
  if (p.program === 'l2fwd') return `${p.target} L2 forwarding`;
  return `${p.target} ${p.program} ${Math.round(p.share * 100)}% ${p.mode}`;
}

/**
 * Rows for every stated number (one per point id; L2's three modes count once) and every claim
 * (`settings`: the setting points, which the claims about burst and frame sizes read).
 */
export function paperTable(points: readonly ModelPoint[], steps: readonly StepResult[], loo: readonly LeaveOneOut[], settings: readonly SettingPoint[]): PaperRow[] {
  const fittedOn = new Map<string, string>();
  for (const s of steps) if ('point' in s.step) fittedOn.set(s.step.point, s.step.param);
  const rows: PaperRow[] = [];
  for (const p of paperPoints()) {
    if (p.paperPps === null) continue;
    if (p.program === 'l2fwd' && p.mode !== 'sync') continue; // one number, the same in every mode
    const model = points.find((q) => q.target === p.target && q.program === p.program && q.mode === p.mode && q.share === p.share && q.cycles === p.cycles)?.predicted_pps;
    const param = fittedOn.get(p.id);
    const out = loo.find((l) => l.point === p.id);
    rows.push({
      id: p.id,
      kind: 'number',
      figure: p.figure,
      what: describePoint(p.id),
      role: param === undefined ? 'predicted' : 'fitted',
      ...(param !== undefined ? { fittedParam: param } : {}),
      paper: p.paperPps,
      model,
      error: model === undefined ? undefined : model / p.paperPps - 1,
      ...(out !== undefined ? { leaveOneOut: { predicted: out.predictedPps, error: out.predictedPps / out.paperPps - 1 } } : {}),
    });
  }
  for (const c of PAPER_CLAIMS) {
    const r = c.evaluate(points, settings);
    rows.push({
      id: c.id,
      kind: 'claim',
      figure: c.figure,
      what: c.check,
      role: 'predicted',
      paper: r.paperValue,
      ...(r.paperText !== undefined ? { paperText: r.paperText } : {}),
      model: r.value,
      error: r.error,
      ...(c.untestable !== undefined ? { untestable: c.untestable } : { ok: r.ok }),
      ...(c.fittedPart !== undefined ? { fittedPart: c.fittedPart } : {}),
      ...(c.alternativeReadingOf !== undefined ? { alternativeReadingOf: c.alternativeReadingOf } : {}),
      detail: r.detail,
    });
  }
  return rows;
}

export interface PaperSummary {
  readonly fittedNumbers: number;
  readonly predictedNumbers: number;
  /** Predicted numbers and quantity claims within 15%. */
  readonly predictedWithin15: number;
  readonly predictedWithError: number;
  /** Testable claims that hold. */
  readonly claimsHold: number;
  /** Claims the model can test (fitted numbers do not decide all of them). */
  readonly claimsTestable: number;
  /** Claims fitted numbers decide entirely: evaluated and printed, not counted as held or failed. */
  readonly claimsUntestable: number;
  /** Second readings of a sentence another claim checks: printed, not counted. */
  readonly claimsAlternative: number;
  /** Every claim row. */
  readonly claims: number;
}

export function summarizePaperTable(rows: readonly PaperRow[]): PaperSummary {
  const numbers = rows.filter((r) => r.kind === 'number');
  const counted = (r: PaperRow): boolean => r.untestable === undefined && r.alternativeReadingOf === undefined;
  const predicted = rows.filter((r) => r.role === 'predicted' && r.error !== undefined && counted(r));
  const claims = rows.filter((r) => r.kind === 'claim');
  const testable = claims.filter(counted);
  return {
    fittedNumbers: numbers.filter((r) => r.role === 'fitted').length,
    predictedNumbers: numbers.filter((r) => r.role === 'predicted').length,
    predictedWithin15: predicted.filter((r) => Math.abs(r.error!) <= 0.15).length,
    predictedWithError: predicted.length,
    claimsHold: testable.filter((r) => r.ok).length,
    claimsTestable: testable.length,
    claimsUntestable: claims.filter((r) => r.untestable !== undefined).length,
    claimsAlternative: claims.filter((r) => r.alternativeReadingOf !== undefined).length,
    claims: claims.length,
  };
}
