/**
 * A measurement shared by the extern scenarios: one example program, one entries file per
 * traffic mix, the four execution variants side by side on the same packets.
 */
import type { ScenarioContext } from '../harness/scenario.ts';
import { measureSideBySide, runRecord } from '../harness/measure.ts';
import { ASYNC_VARIANTS, asyncPipeline, flowFrames, type AsyncPipeline } from './async-pipeline.ts';
import { configureFromEntries } from './entries.ts';

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
  const frames = flowFrames();
  const pipelines: AsyncPipeline[] = [];
  const burst = ctx.settings.burst;
  try {
    for (const variant of ASYNC_VARIANTS) {
      pipelines.push(await asyncPipeline({ program: p.program, variant, burst, batch: 256, configure: configureFromEntries(p.entries), frames }));
    }
    const rates = await measureSideBySide(pipelines, ctx.settings, ctx.progress, p.title);
    const byVariant = new Map<string, number>();
    for (const r of rates) {
      byVariant.set(r.label, r.pps);
      ctx.record(runRecord(r, { scenario: p.scenario, mode: r.label, share: p.share, cycles: p.cycles, burst, implementation: 'compiled' }));
    }
    return byVariant;
  } finally {
    for (const pipeline of pipelines) pipeline.close();
  }
}
