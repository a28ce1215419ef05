/**
 * A measurement shared by the extern scenarios: one example program, one entries file per
 * traffic mix, the four execution variants side by side on the same packets, each in a worker
 * thread of its own (`pipeline-variant.ts`).
 */
import type { ScenarioContext } from '../harness/scenario.ts';
import { runRecord } from '../harness/measure.ts';
import { ASYNC_VARIANTS } from '../../runtime/testing/async-pipeline.ts';
import { measurePipelines } from './pipeline-variant.ts';

export interface SweepPoint {
  readonly scenario: string;
  readonly program: string;
  readonly entries: string;
  readonly share: number;
  readonly cycles: number;
  readonly title: string;
}

/** Measures the four variants at one point and records a run each; returns pps by variant. */
export async function measurePoint(ctx: ScenarioContext, p: SweepPoint): Promise<Map<string, number>> {
  const burst = ctx.settings.burst;
  const rates = await measurePipelines(ctx, ASYNC_VARIANTS.map((variant) => ({ program: p.program, entries: p.entries, variant, burst, label: variant })), p.title);
  const byVariant = new Map<string, number>();
  for (const r of rates) {
    byVariant.set(r.label, r.pps);
    ctx.record(runRecord(r, { scenario: p.scenario, mode: r.label, share: p.share, cycles: p.cycles, burst, implementation: 'compiled' }));
  }
  return byVariant;
}
