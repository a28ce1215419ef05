/**
 * Scenario `burn` (issue 5): examples/custom-extern, whose extern site costs a given number of
 * cycles (`burn`, nominal 3 GHz) — the paper's stand-in for any co-processor function — for
 * 500 to 20,000 cycles and shares of 100/20/10 %, in the four execution variants. Each point is
 * one of the example's entries files.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../harness/scenario.ts';
import { measurePoint } from './share-sweep.ts';

const example = (file: string) => fileURLToPath(new URL(`../../examples/custom-extern/${file}`, import.meta.url));

/** The (cycles, share %) points the example has entries files for. */
function points(): { cycles: number; share: number }[] {
  return readdirSync(example('entries'))
    .map((f) => /^burn-(\d+)-(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ cycles: Number(m[1]), share: Number(m[2]) }))
    .sort((a, b) => a.cycles - b.cycles || b.share - a.share);
}

export const burnScenario: Scenario = {
  name: 'burn',
  title: 'Custom extern burn(cycles): 500 to 20,000 cycles at 100/20/10 % of 64-byte frames',
  async run(ctx) {
    const all = points();
    const chosen = ctx.settings.quick ? all.filter((p) => (p.cycles === 1000 || p.cycles === 10000) && p.share === 100) : all;
    for (const p of chosen) {
      await measurePoint(ctx, {
        scenario: 'burn',
        program: example('custom-extern.p4'),
        entries: example(`entries/burn-${p.cycles}-${p.share}.json`),
        share: p.share / 100,
        cycles: p.cycles,
        title: `burn ${p.cycles} cycles ${p.share}%`,
      });
    }
  },
};
