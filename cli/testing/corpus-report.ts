/** How `p4ts test` reports outcomes: one line per test, a summary line, and the JSON report. */
import type { StfTestOutcome } from './stf-test-case.ts';

export function outcomeLine(o: StfTestOutcome): string {
  switch (o.status) {
    case 'pass':
      return `PASS ${o.name}`;
    case 'fail':
      return `FAIL ${o.name}: ${o.message}`;
    case 'error':
      return `ERROR ${o.name}: ${o.message}`;
  }
}

export interface CorpusTotals {
  readonly passed: number;
  /** Failures and errors. */
  readonly failed: number;
  readonly skipped: number;
}

export function corpusTotals(outcomes: readonly StfTestOutcome[], skipped: number): CorpusTotals {
  const passed = outcomes.filter((o) => o.status === 'pass').length;
  return { passed, failed: outcomes.length - passed, skipped };
}

export function summaryLine(t: CorpusTotals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

export interface CorpusJson {
  readonly results: readonly { readonly name: string; readonly status: StfTestOutcome['status']; readonly message: string }[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function corpusJson(outcomes: readonly StfTestOutcome[], t: CorpusTotals): CorpusJson {
  return {
    results: outcomes.map((o) => ({ name: o.name, status: o.status, message: o.message })),
    passed: t.passed,
    failed: t.failed,
    skipped: t.skipped,
  };
}
