import { describe, expect, it } from 'vitest';
import { BuiltinOp, Coprocessor } from '../../../runtime/coprocessor/index.ts';
import { DROWSY_SPIN_SHARE } from '../../../runtime/coprocessor/protocol.ts';
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

  it("records after what share of its spin window the worker says it is drowsy: the runtime's constant, as a co-processor applies it", () => {
    expect(executorPolicy().drowsySpinShare).toBe(DROWSY_SPIN_SHARE);
    expect(new Coprocessor({ poolBuffers: 1, bufferSize: 64, spinMicros: 1000 }).drowsyMicros).toBe(1000 * DROWSY_SPIN_SHARE);
    expect(new Coprocessor({ poolBuffers: 1, bufferSize: 64, spinMicros: 1000, drowsyMicros: 7 }).drowsyMicros).toBe(7);
  });

  it('a drowsy worker gets a partial burst from a quarter burst on, read from the runtime: fewer staged tasks stay staged', async () => {
    const p = executorPolicy();
    expect(Object.keys(p.idleBurst ?? {}).map(Number)).toEqual([...POLICY_BURSTS]);
    for (const b of POLICY_BURSTS) expect(p.idleBurst![String(b)]).toBeGreaterThanOrEqual(1);
    for (const b of POLICY_BURSTS) expect(p.idleBurst![String(b)]).toBeLessThan(Math.max(2, b));
    // a running co-processor whose worker says it is drowsy after 20 ms without work but spins a
    // minute before it would sleep: drowsy and awake for as long as the test takes, however long
    // a loaded machine keeps this thread off its core (the drowsy point moved, not the rule)
    const burst = 32;
    const idle = p.idleBurst![String(burst)]!;
    const cop = new Coprocessor({ burstSize: burst, poolBuffers: 4, capacity: 64, spinMicros: 60_000_000, drowsyMicros: 20_000 });
    await cop.start();
    try {
      let got = 0;
      /** Polls until `n` results have come back (or 30 s have passed: the assertion after it fails). */
      const wait = async (n: number): Promise<void> => {
        for (const end = performance.now() + 30_000; ; await new Promise((r) => setTimeout(r, 1))) {
          cop.poll(() => void got++);
          if (got >= n || performance.now() >= end) return;
        }
      };
      expect(cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0)).toBe(true);
      cop.flush();
      await wait(1);
      expect(got).toBe(1);
      const end = performance.now() + 30_000;
      while (!cop.workerStats().drowsy && performance.now() < end) await new Promise((r) => setTimeout(r, 10));
      // drowsy and awake: it has not slept (DROWSY would stay set while it slept)
      expect(cop.workerStats()).toMatchObject({ drowsy: true, sleeps: 0 });
      const bursts = cop.stats.bursts;
      for (let i = 1; i < idle; i++) cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0);
      expect(cop.stats.bursts).toBe(bursts); // drowsy, but under a quarter burst staged: still staged
      cop.submitOp(BuiltinOp.Burn, 0, 0, 0, 0, 0);
      expect([cop.stats.bursts, cop.stats.idleFlushes]).toEqual([bursts + 1, 1]);
      await wait(1 + idle);
      expect(got).toBe(1 + idle);
    } finally {
      await cop.close();
    }
  });
});
