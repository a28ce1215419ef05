/**
 * Scenario `encrypt` (issue 5): examples/encrypt encrypting the payload of a share of 64-byte
 * frames with AES-128-CBC (the paper's "simple encryption" case), shares 100/50/20/10 %, in the
 * four execution variants.
 */
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../harness/scenario.ts';
import { measurePoint } from './share-sweep.ts';

const example = (file: string) => fileURLToPath(new URL(`../../examples/encrypt/${file}`, import.meta.url));

export const encryptScenario: Scenario = {
  name: 'encrypt',
  title: 'Simple encryption (AES-128-CBC on the payload) of a share of 64-byte frames',
  async run(ctx) {
    const shares = ctx.settings.quick ? [100, 10] : [100, 50, 20, 10];
    for (const share of shares) {
      await measurePoint(ctx, {
        scenario: 'encrypt',
        program: example('encrypt.p4'),
        entries: example(`entries-${share}.json`),
        share: share / 100,
        cycles: 0,
        title: `encrypt ${share}%`,
      });
    }
  },
};
