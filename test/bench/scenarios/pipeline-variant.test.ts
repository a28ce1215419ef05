import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledCode, createPipelineVariant } from '../../../bench/scenarios/pipeline-variant.ts';

const path = (p: string): string => fileURLToPath(new URL(`../../../examples/${p}`, import.meta.url));

describe('createPipelineVariant (an extern scenario variant, built where it runs)', () => {
  it('builds examples/encrypt with an entries file and streams every packet of a batch through', async () => {
    const v = await createPipelineVariant({ code: compiledCode(path('encrypt/encrypt.p4'), 'sync-inline'), entries: path('encrypt/entries-10.json'), variant: 'sync-inline', burst: 32, label: 'encrypt 10%' });
    try {
      expect(v.batch()).toBe(256);
      const before = v.counters!();
      expect(v.batch()).toBe(256);
      expect(v.label).toBe('encrypt 10%');
      // sync-inline runs every task on its own thread: nothing offloaded, nothing "helped"
      expect(v.counters!()['offloaded']).toBe(before['offloaded']);
    } finally {
      v.close();
    }
  });

  it("configures examples/ipsec-esp as the gateway of a share, and refuses a variant with no control plane", async () => {
    const v = await createPipelineVariant({ code: compiledCode(path('ipsec-esp/ipsec-esp.p4'), 'sync-inline'), gatewayShare: 0.1, variant: 'sync-inline', burst: 32, label: 'ipsec 10%' });
    try {
      expect(v.batch()).toBe(256);
    } finally {
      v.close();
    }
    await expect(createPipelineVariant({ code: compiledCode(path('ipsec-esp/ipsec-esp.p4'), 'sync-inline'), variant: 'sync-inline', burst: 32, label: 'bare' })).rejects.toThrow(/neither entries nor gatewayShare/);
  });
});
