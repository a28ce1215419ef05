/**
 * Sensitivity of the paper predictions to the assumptions: every number the profiles are built
 * from that is not fitted (T4P4S's software costs, the machines' facts) is set to half and to one
 * and a half of its value, the six fitted values are solved again (so the fit absorbs what it
 * can, as it would had the assumption been different), and every prediction of the paper table is
 * recomputed.
 */
import { FIT_PLAN, fitPaper, type FitStep } from './fit.ts';
import { reproducePaper, reproduceSettings, type PaperWorkSource } from './paper.ts';
import { paperTable, type PaperRow } from './paper-table.ts';
import type { ParamOrigin } from './profile.ts';
import { factOrigin, type MachineFacts } from './profiles/facts.ts';
import { PAPER_ASSUMPTIONS, paperProfiles, type PaperAssumptions } from './profiles/paper.ts';
import type { T4p4sCosts } from './profiles/t4p4s.ts';

export interface Assumption {
  /** `software.parseHeader`, `apu.handoffCycles`, ... */
  readonly path: string;
  readonly origin: ParamOrigin;
  readonly value: number;
  readonly set: (a: PaperAssumptions, value: number) => PaperAssumptions;
}

/** Facts the predictions can depend on (names and sizes of rings are left alone). */
const VARIED_FACTS: readonly (keyof MachineFacts)[] = ['aesBlockCycles', 'md5BlockCycles', 'handoffCycles', 'copyPerByte'];

/** Every varied assumption of the paper profiles. */
export function paperAssumptionList(a: PaperAssumptions = PAPER_ASSUMPTIONS): Assumption[] {
  const list: Assumption[] = [];
  for (const key of Object.keys(a.software) as (keyof T4p4sCosts)[]) {
    list.push({ path: `software.${key}`, origin: 'assumed', value: a.software[key], set: (x, v) => ({ ...x, software: { ...x.software, [key]: v } }) });
  }
  for (const machine of ['apu', 'threadripper'] as const) {
    for (const key of VARIED_FACTS) {
      list.push({ path: `${machine}.${key}`, origin: factOrigin(machine, key), value: a[machine][key] as number, set: (x, v) => ({ ...x, [machine]: { ...x[machine], [key]: v } }) });
    }
  }
  return list;
}

export interface SensitivityCase {
  readonly assumption: Assumption | undefined;
  readonly factor: number;
  /** The table's predicted rows (undefined when the fit could not be solved). */
  readonly rows: readonly PaperRow[] | undefined;
  readonly failure?: string;
}

/** The paper table's predicted rows with assumptions `a` (fitted values solved again). */
export function predictedRows(workOf: PaperWorkSource, a: PaperAssumptions, plan: readonly FitStep[] = FIT_PLAN): PaperRow[] {
  const { fit, steps } = fitPaper(workOf, plan, a);
  const profiles = paperProfiles(fit, a);
  const points = reproducePaper(workOf, (t) => profiles[t]);
  return paperTable(points, steps, [], reproduceSettings(workOf, (t) => profiles[t])).filter((r) => r.role === 'predicted');
}

/** The baseline, then each assumption at `factors` of its value. */
export function paperSensitivity(workOf: PaperWorkSource, factors: readonly number[] = [0.5, 1.5], onCase?: (c: SensitivityCase) => void): SensitivityCase[] {
  const cases: SensitivityCase[] = [];
  const run = (assumption: Assumption | undefined, factor: number, a: PaperAssumptions): void => {
    let c: SensitivityCase;
    try {
      c = { assumption, factor, rows: predictedRows(workOf, a) };
    } catch (error) {
      c = { assumption, factor, rows: undefined, failure: error instanceof Error ? error.message : String(error) };
    }
    cases.push(c);
    onCase?.(c);
  };
  run(undefined, 1, PAPER_ASSUMPTIONS);
  for (const assumption of paperAssumptionList()) {
    for (const f of factors) run(assumption, f, assumption.set(PAPER_ASSUMPTIONS, assumption.value * f));
  }
  return cases;
}
