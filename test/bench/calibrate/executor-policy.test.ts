import { describe, expect, it } from 'vitest';
import { Coprocessor } from '../../../runtime/coprocessor/index.ts';
import { POLICY_BURSTS, PUBLISH_WHEN_IDLE, executorPolicy } from '../../../bench/calibrate/executor-policy.ts';

describe("the co-processor's scheduling policy, as the calibration records it", () => {
  it('a help threshold per burst size, growing with the burst and never below it', () => {
    const p = executorPolicy();
    expect(Object.keys(p.helpBacklog).map(Number)).toEqual([...POLICY_BURSTS]);
    for (const b of POLICY_BURSTS) expect(p.helpBacklog[String(b)]).toBeGreaterThanOrEqual(Math.min(b, 512));
    for (let i = 1; i < POLICY_BURSTS.length; i++) expect(p.helpBacklog[String(POLICY_BURSTS[i]!)]).toBeGreaterThanOrEqual(p.helpBacklog[String(POLICY_BURSTS[i - 1]!)]!);
  });

  it("publish-when-idle is the runtime's default (read from a co-processor made without options; no worker started)", () => {
    const cop = new Coprocessor({ poolBuffers: 1, bufferSize: 64 });
    expect((cop as unknown as { opts: { publishWhenIdle: boolean } }).opts.publishWhenIdle).toBe(PUBLISH_WHEN_IDLE);
  });
});
