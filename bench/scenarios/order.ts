/**
 * Scenario `order` (issue 12): the cost of keeping each flow in arrival order. examples/ipsec-esp
 * with 10 % of the flows encapsulated (the paper's mix where the async modes gain most: 90 % of
 * the packets overtake the 10 % that wait for the co-processor), longjump and context on the
 * worker co-processor, each without and with an `OutputOrder` stage keyed by flow, side by side.
 * Noted: how many outputs the stage held back behind an older packet of their flow.
 */
import { fileURLToPath } from 'node:url';
import { pairedRatio, runRecord } from '../harness/measure.ts';
import type { Scenario } from '../harness/scenario.ts';
import { measurePipelines } from './pipeline-variant.ts';

const PROGRAM = fileURLToPath(new URL('../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url));
const SHARE = 0.1;

export const orderScenario: Scenario = {
  name: 'order',
  title: 'Flow order: IPsec 10 %, longjump and context on the worker, without and with the per-flow order stage',
  async run(ctx) {
    const burst = ctx.settings.burst;
    const variants = (['longjump', 'context'] as const).flatMap((variant) =>
      ([undefined, 'flow'] as const).map((order) => ({
        program: PROGRAM,
        gatewayShare: SHARE,
        variant,
        burst,
        label: order === undefined ? variant : `${variant}+order`,
        ...(order !== undefined ? { order } : {}),
      })),
    );
    const rates = await measurePipelines(ctx, variants, 'order');
    for (const r of rates) ctx.record(runRecord(r, { scenario: 'order', mode: r.label, share: SHARE, cycles: 0, burst, implementation: 'compiled' }));
    const rate = (label: string) => rates.find((r) => r.label === label)!;
    ctx.ratio('order, ipsec 10%: longjump+order / longjump', pairedRatio(rate('longjump+order'), rate('longjump'), 'wall'));
    ctx.ratio('order, ipsec 10%: context+order / context', pairedRatio(rate('context+order'), rate('context'), 'wall'));
  },
};
