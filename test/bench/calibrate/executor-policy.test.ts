import { describe, expect, it } from 'vitest';
import { BuiltinOp, Coprocessor } from '../../../runtime/coprocessor/index.ts';
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

  it('a worker idle for half its spin window gets a partial burst from a quarter burst on, read from the runtime: fewer staged tasks stay staged', async () => {
    const p = executorPolicy();
    expect(Object.keys(p.idleBurst ?? {}).map(Number)).toEqual([...POLICY_BURSTS]);
    for (const b of POLICY_BURSTS) expect(p.idleBurst![String(b)]).toBeGreaterThanOrEqual(1);
    for (const b of POLICY_BURSTS) expect(p.idleBurst![String(b)]).toBeLessThan(Math.max(2, b));
    // a running co-processor (its worker spinning for a second after each task, so idle and
    // awake, and drowsy — about to sleep, when a partial burst goes out — after half a second)
    const burst = 32;
    const idle = p.idleBurst![String(burst)]!;
    const cop = new Coprocessor({ burstSize: burst, poolBuffers: 4, capacity: 64, spinMicros: 1_000_000 });
    await cop.start();
    try {
      let got = 0;
      const wait = async (n: number): Promise<void> => {
        for (let i = 0; got < n && i < 20_000; i++) {
          cop.poll(() => void got++);
          if (got < n) await new Promise((r) => setImmediate(r));
        }
      };
      expect(cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0)).toBe(true);
      cop.flush();
      await wait(1);
      for (let i = 0; !cop.workerStats().drowsy && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
      expect(cop.workerStats().drowsy).toBe(true);
      const bursts = cop.stats.bursts;
      for (let i = 1; i < idle; i++) cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0);
      expect(cop.stats.bursts).toBe(bursts); // idle, but under a quarter burst staged: still staged
      cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0);
      expect([cop.stats.bursts, cop.stats.idleFlushes]).toEqual([bursts + 1, 1]);
      await wait(1 + idle);
      expect(got).toBe(1 + idle);
    } finally {
      await cop.close();
    }
  });
});
