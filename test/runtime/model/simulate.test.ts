import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  WORKER_RELEASE_EVERY,
  calibrationProblem,
  localProfile,
  type Profile,
  MODEL_MODES,
  TARGETS,
  predict,
  simInput,
  simulate,
  boundPps,
} from '../../../runtime/model/index.ts';
import { isExternPacket, type SimInput } from '../../../runtime/model/simulate.ts';
import { Coprocessor } from '../../../runtime/coprocessor/index.ts';
import { DROWSY_SPIN_SHARE } from '../../../runtime/coprocessor/protocol.ts';
import { exampleWork, paperWorkOf } from './example-work.ts';
import { CALIBRATION } from './local-calibration.ts';

const burnWork = (cycles: number) => paperWorkOf('burn', cycles);
const ipsecWork = () => exampleWork('ipsec-esp');
const l2fwdWork = () => exampleWork('l2fwd');
const encryptionWork = () => exampleWork('encrypt');

const CYCLES = [250, 500, 1000, 2000, 4000, 8000, 16000, 32000];
const SHARES = [0.02, 0.1, 0.2, 0.33, 0.5, 0.75, 1];

describe('simulator monotonicity', () => {
  for (const target of TARGETS) {
    for (const mode of MODEL_MODES) {
      for (const share of [1, 0.2, 0.1]) {
        it(`${target} ${mode} ${share * 100}%: more extern cycles, no more pps`, () => {
          const pps = CYCLES.map((c) => predict(burnWork(c), target, mode, { externShare: share }).pps);
          // async modes: flat while the main core limits, falling once the co-processor does;
          // burst/poll alignment makes discrete wiggles of ~0.1%, hence the 0.5% tolerance
          for (let i = 1; i < pps.length; i++) {
            if (mode === 'sync') expect(pps[i]!).toBeLessThan(pps[i - 1]!);
            else expect(pps[i]!).toBeLessThanOrEqual(pps[i - 1]! * 1.005);
          }
          // the longest extern saturates the co-processor at 100%: fewer pps than the shortest
          if (share === 1) expect(pps[pps.length - 1]!).toBeLessThan(pps[0]! * 0.95);
        });
      }
      it(`${target} ${mode}: higher IPsec share, fewer pps`, () => {
        const pps = SHARES.map((s) => predict(ipsecWork(), target, mode, { externShare: s }).pps);
        for (let i = 1; i < pps.length; i++) expect(pps[i]!).toBeLessThan(pps[i - 1]!);
      });
    }
  }
});

describe('simulator basics', () => {
  it('spreads extern packets evenly with the exact share', () => {
    for (const share of [0, 0.02, 0.1, 0.33, 0.5, 1]) {
      let n = 0;
      for (let k = 0; k < 10_000; k++) if (isExternPacket(k, share)) n++;
      expect(Math.abs(n - share * 10_000)).toBeLessThanOrEqual(1);
    }
  });
  it('caps at the line rate: 1.488 Mpps on 1 GbE and 14.88 Mpps on 10 GbE with 64-byte frames', () => {
    const fast = { ...simInput(l2fwdWork(), 'apu4d4', 'sync'), mainClockHz: 1e12 };
    expect(simulate(fast).pps / 1.488e6).toBeCloseTo(1, 2);
    const p = predict(l2fwdWork(), 'threadripper-1900x', 'sync');
    expect(p.lineRatePps / 14.88e6).toBeCloseTo(1, 2);
  });
  it('the three modes agree on a program without externs', () => {
    const pps = MODEL_MODES.map((m) => predict(l2fwdWork(), 'apu4d4', m).pps);
    expect(new Set(pps).size).toBe(1);
  });
  it('stays under the closed-form bound (slowest resource) and close to it at 100%', () => {
    for (const target of TARGETS) {
      for (const mode of MODEL_MODES) {
        const input = simInput(ipsecWork(), target, mode, { externShare: 1 });
        const sim = simulate(input).pps;
        const bound = boundPps(input);
        expect(sim).toBeLessThanOrEqual(bound * 1.01);
        expect(sim).toBeGreaterThan(bound * 0.9);
      }
    }
  });
  it('small co-processor bursts cost throughput when the co-processor limits (the paper: burst size >= 16)', () => {
    const at = (burst: number): number => predict(burnWork(20000), 'apu4d4', 'longjump', { burst }).pps;
    expect(at(1)).toBeLessThan(at(16));
    expect(at(32) / at(16)).toBeGreaterThan(0.99);
  });
  it('the extern share is ignored by programs without externs, and clamped to 0..1', () => {
    expect(predict(l2fwdWork(), 'apu4d4', 'longjump', { externShare: 0.5 }).pps).toBe(predict(l2fwdWork(), 'apu4d4', 'longjump').pps);
    expect(predict(encryptionWork(), 'apu4d4', 'sync', { externShare: 7 }).pps).toBe(predict(encryptionWork(), 'apu4d4', 'sync', { externShare: 1 }).pps);
  });
  it('reports a bottleneck', () => {
    expect(predict(burnWork(20000), 'apu4d4', 'longjump').bottleneck).toBe('co-processor');
    expect(predict(ipsecWork(), 'apu4d4', 'longjump').bottleneck).toBe('main-core');
  });
});

describe("the p4ts executor's scheduling (help when behind, predicted)", () => {
  const longjump = (patch: (p: Profile) => Profile = (p) => p) => {
    const { profile, mode } = localProfile(CALIBRATION, 'stream', 'longjump');
    return { profile: patch(profile), mode };
  };
  const releasingEvery = (n: number) => (p: Profile): Profile => ({ ...p, modes: { ...p.modes, p4tsExecutor: { ...p.modes.p4tsExecutor!, releaseEvery: n } } });

  it('a worker that keeps up on average is still helped while it has not released the previous burst: more the later it releases', () => {
    // 10 % of the packets call a 1000-cycle burn: the worker needs ~0.5 µs a task, the main thread
    // makes one every ~2.5 µs, so the worker is idle most of the time; yet a burst is published
    // whole, and until the worker releases its first slots the next tasks find a backlog
    const w = paperWorkOf('burn', 1000);
    const at = (every: number) => {
      const { profile, mode } = longjump(releasingEvery(every));
      return predict(w, profile, mode, { externShare: 0.1 }).helpedShare;
    };
    expect(at(16)).toBeGreaterThan(0.05);
    expect(at(32)).toBeGreaterThan(at(16));
    expect(at(1)).toBeLessThan(at(16));
  });

  it('a worker slower than the tasks arrive: the main thread runs the share that balances the two threads', () => {
    const w = paperWorkOf('burn', 20000);
    const { profile, mode } = longjump();
    const input = simInput(w, profile, mode, { externShare: 1 });
    const call = input.extern.calls[0]!;
    // per extern packet: main m for a packet the worker serves (pipeline, suspend, resume, its
    // share of a burst), k for one whose task the main thread runs at the site (pipeline, the
    // sync-inline site, the task; no suspend or resume), worker s per task it takes:
    // (1 - h) s = (1 - h) m + h k
    const rest = call.beforeCycles + call.afterCycles + input.extern.afterCycles;
    const m = rest + call.suspendCycles + call.resumeCycles + input.asyncBurstCycles / input.burst;
    const k = rest + call.helpAtSiteCycles! + call.inlineCycles;
    const s = call.serviceCycles + input.coprocBurstCycles / input.burst;
    const balance = (s - m) / (s - m + k);
    const sim = simulate(input);
    expect(Math.abs(sim.helpedShare - balance)).toBeLessThan(0.03);
    // and the main thread's CPU per packet is the mix of the two prices
    const mix = (1 - sim.helpedShare) * m + sim.helpedShare * k;
    expect(Math.abs(sim.mainNsPerPacket / mix - 1)).toBeLessThan(0.03);
  });

  it("context and longjump: a helped task is priced as sync-inline's site (its calibrated overhead, the task), never as a suspend and resume", () => {
    const w = paperWorkOf('burn', 20000);
    for (const variant of ['context', 'longjump'] as const) {
      const { profile, mode } = localProfile(CALIBRATION, 'stream', variant);
      const call = simInput(w, profile, mode, { externShare: 1 }).extern.calls[0]!;
      expect(call.helpAtSiteCycles).toBe(CALIBRATION.stream['sync-inline'].externOverhead);
      expect(call.suspendCycles + call.resumeCycles).toBeCloseTo(CALIBRATION.stream[variant].externOverhead, 9);
      // a dearer suspend and resume costs the packets the worker serves, not the helped ones: the
      // main thread's CPU per packet rises by at most the extra times the share it did not help
      const dearer = { ...profile, modes: { ...profile.modes, contextSwitchCycles: profile.modes.contextSwitchCycles + 500, parkCycles: profile.modes.parkCycles + 250, reentryCycles: profile.modes.reentryCycles + 250 } };
      const a = predict(w, profile, mode, { externShare: 1 });
      const b = predict(w, dearer, mode, { externShare: 1 });
      expect(b.mainNsPerPacket - a.mainNsPerPacket).toBeLessThanOrEqual(1000 * (1 - Math.min(a.helpedShare, b.helpedShare)) + 1);
    }
    // sync variants have no help; the paper's targets keep a helped packet suspended and resumed
    expect(simInput(w, localProfile(CALIBRATION, 'stream', 'sync-inline').profile, 'sync', { externShare: 1 }).extern.calls[0]!.helpAtSiteCycles).toBeUndefined();
    expect(simInput(w, 'apu4d4', 'longjump', { externShare: 1 }).extern.calls[0]!.helpAtSiteCycles).toBeUndefined();
  });

  it('without help, the main thread waits for the worker (a partial burst goes out at its flush deadline)', () => {
    const w = paperWorkOf('burn', 20000);
    const { profile, mode } = longjump((p) => ({ ...p, modes: { ...p.modes, helpWhenBehind: false } }));
    const p = predict(w, profile, mode, { externShare: 1 });
    const input = simInput(w, profile, mode, { externShare: 1 });
    const worker = 1e9 / (input.extern.calls[0]!.serviceCycles + input.coprocBurstCycles / input.burst);
    expect(p.pps / worker).toBeGreaterThan(0.95);
    expect(p.pps / worker).toBeLessThan(1.01);
    expect(p.helpedShare).toBe(0);
  });

  it('publish-when-idle: an idle, awake worker gets a partial burst at once, so the main thread helps less', () => {
    const w = paperWorkOf('burn', 1000);
    const at = (publishWhenIdle: boolean) => {
      const { profile, mode } = longjump((p) => ({ ...p, modes: { ...p.modes, p4tsExecutor: { ...p.modes.p4tsExecutor!, publishWhenIdle } } }));
      const input = simInput(w, profile, mode, { externShare: 0.1 });
      return simulate(input);
    };
    expect(at(true).meanBurst).toBeLessThan(at(false).meanBurst);
    expect(at(true).helpedShare).toBeLessThan(at(false).helpedShare);
  });

  it("publish-when-idle as the runtime does it: a partial burst goes out once a quarter burst (the runtime's idleBurst) is staged, not with every task", () => {
    const w = paperWorkOf('burn', 1000);
    const at = (idleBurst: number) => {
      const { profile, mode } = longjump((p) => ({ ...p, modes: { ...p.modes, p4tsExecutor: { ...p.modes.p4tsExecutor!, publishWhenIdle: true, idleBurst: { 32: idleBurst } } } }));
      const input = simInput(w, profile, mode, { externShare: 0.1, burst: 32 });
      expect(input.executor?.idleBurst).toBe(idleBurst);
      // the quarter alone: the wait for a drowsy worker (tested on its own below) taken out
      return simulate({ ...input, executor: { ...input.executor!, drowsySpinShare: 0 } });
    };
    // tasks come ~10 packets apart and the worker is idle between them: with a quarter burst
    // (8 of 32) no burst is smaller than that (a flush timeout is far longer than 8 tasks take)
    expect(at(1).meanBurst).toBeLessThan(2);
    expect(at(8).meanBurst).toBeGreaterThanOrEqual(8);
    expect(at(8).meanBurst).toBeLessThan(32);
    // and a burst the calibration did not record gets the runtime's own rule: what a co-processor
    // of that burst size does (made without a worker)
    const { profile, mode } = longjump();
    for (const burst of [1, 3, 8, 32, 48, 100]) {
      const runtime = new Coprocessor({ burstSize: burst, capacity: 1024, poolBuffers: 1, bufferSize: 64 }).idleBurst;
      expect(simInput(w, profile, mode, { burst }).executor?.idleBurst).toBe(runtime);
    }
    expect(simInput(w, profile, mode, { burst: 32 }).executor?.idleBurst).toBe(8);
  });

  it('a higher help threshold (more tasks may wait for the worker): no more help', () => {
    const w = paperWorkOf('burn', 1000);
    const at = (threshold: number, share: number) => {
      const { profile, mode } = longjump((p) => ({ ...p, modes: { ...p.modes, p4tsExecutor: { ...p.modes.p4tsExecutor!, helpBacklog: { 32: threshold } } } }));
      return predict(w, profile, mode, { externShare: share }).helpedShare;
    };
    for (const share of [0.1, 1]) expect(at(64, share)).toBeLessThanOrEqual(at(32, share) + 0.01);
    expect(at(64, 0.1)).toBeLessThan(at(32, 0.1));
  });

  it("a calibration without the runtime's policy (made before it was recorded) gets the policy of that time: help beyond one burst, full bursts (the idle burst, unused then, the runtime's rule)", () => {
    const { profile, mode } = localProfile(CALIBRATION, 'stream', 'longjump');
    expect(simInput(paperWorkOf('burn', 1000), profile, mode, { burst: 16 }).executor).toEqual({ refuseAbove: 16, releaseEvery: WORKER_RELEASE_EVERY, publishWhenIdle: false, idleBurst: 4, drowsySpinShare: DROWSY_SPIN_SHARE });
    const now = localProfile({ ...CALIBRATION, executor: { helpBacklog: { '16': 64 }, publishWhenIdle: true, idleBurst: { '16': 4 } } }, 'stream', 'longjump');
    expect(simInput(paperWorkOf('burn', 1000), now.profile, now.mode, { burst: 16 }).executor).toEqual({ refuseAbove: 64, releaseEvery: WORKER_RELEASE_EVERY, publishWhenIdle: true, idleBurst: 4, drowsySpinShare: DROWSY_SPIN_SHARE });
  });

  it('the worker releases its slots as often as the runtime’s worker does (it keeps no copy of the constant the model imports)', () => {
    const worker = readFileSync(new URL('../../../runtime/coprocessor/worker.ts', import.meta.url), 'utf8');
    expect(worker).toMatch(/import \{[^}]*\bPUBLISH_EVERY\b[^}]*\} from '\.\/protocol\.ts';/);
    expect(worker).not.toMatch(/const PUBLISH_EVERY\b/);
  });
});

const US = 1000;

/**
 * Every packet calls the extern; the main thread takes exactly 1 µs to reach the site and nothing
 * else costs it anything, so a task is staged every microsecond; the worker serves a task in 0.1 µs.
 * Bursts of 32, a quarter burst (8) may go out early; no help, no flush timeout to speak of.
 */
function everyMicrosecond(spinWindowNs: number, drowsySpinShare: number): SimInput {
  return {
    mode: 'longjump',
    share: 1,
    plain: { afterCycles: 0, calls: [], frameBytesOut: 64 },
    extern: {
      afterCycles: 0,
      calls: [{ beforeCycles: US, serviceCycles: 100, inlineCycles: 100, helpAtSiteCycles: undefined, suspendCycles: 0, resumeCycles: 0, afterCycles: 0, syncSubmitCycles: 0 }],
      frameBytesOut: 64,
    },
    mainClockHz: 1e9,
    coprocClockHz: 1e9,
    arrivalIntervalNs: 0,
    rxBurst: 32,
    rxRingSize: 512,
    rxPacketCycles: 0,
    txPacketCycles: 0,
    burstCallCycles: 0,
    burst: 32,
    coprocBurstCycles: 0,
    coprocIdleSpinNs: spinWindowNs,
    coprocWakeNs: 0,
    syncWaitCycles: 0,
    asyncBurstCycles: 0,
    asyncPollCycles: 0,
    asyncHandoffCycles: 0,
    maxInFlight: 512,
    flushTimeoutNs: 1e9,
    helpWhenBehind: false,
    executor: { refuseAbove: 1024, releaseEvery: 16, publishWhenIdle: true, idleBurst: 8, drowsySpinShare },
    packets: 5000,
  };
}

/** Mean tasks per burst (the first burst, sent to a worker that has never worked, moves it by < 0.01). */
const meanBurst = (spinWindowNs: number, share = DROWSY_SPIN_SHARE): number => simulate(everyMicrosecond(spinWindowNs, share)).meanBurst;

describe('publish when drowsy: a partial burst goes out only to a worker that has spun half its window (the runtime since 2026-12-07)', () => {
  it('a calibration without the drowsy share gets the runtime’s own constant, which the co-processor imports too (no copy)', () => {
    const { profile, mode } = localProfile({ ...CALIBRATION, executor: { helpBacklog: { '32': 64 }, publishWhenIdle: true } }, 'stream', 'longjump');
    expect(simInput(paperWorkOf('burn', 1000), profile, mode, { burst: 32 }).executor?.drowsySpinShare).toBe(DROWSY_SPIN_SHARE);
    const cop = readFileSync(new URL('../../../runtime/coprocessor/coprocessor.ts', import.meta.url), 'utf8');
    expect(cop).toMatch(/import \{[^}]*\bDROWSY_SPIN_SHARE\b[^}]*\} from '\.\/protocol\.ts';/);
    for (const file of ['coprocessor.ts', 'worker.ts']) expect(readFileSync(new URL(`../../../runtime/coprocessor/${file}`, import.meta.url), 'utf8')).not.toMatch(/const DROWSY_SPIN_SHARE\b/);
  });

  it('a calibration that records the drowsy share (`executor.drowsySpinShare`) is simulated with it; one out of range is refused', () => {
    const recorded = localProfile({ ...CALIBRATION, executor: { helpBacklog: { '32': 64 }, publishWhenIdle: true, drowsySpinShare: 0.25 } }, 'stream', 'longjump');
    expect(simInput(paperWorkOf('burn', 1000), recorded.profile, recorded.mode, { burst: 32 }).executor?.drowsySpinShare).toBe(0.25);
    expect(calibrationProblem({ ...CALIBRATION, executor: { helpBacklog: { '32': 64 }, publishWhenIdle: true, drowsySpinShare: 0.25 } })).toBeUndefined();
    expect(calibrationProblem({ ...CALIBRATION, executor: { helpBacklog: { '32': 64 }, publishWhenIdle: true, drowsySpinShare: 1.5 } })).toMatch(/^executor\.drowsySpinShare: expected a share of the spin window from 0 to 1, got 1\.5$/);
    expect(calibrationProblem({ ...CALIBRATION, executor: { helpBacklog: { '32': 64 }, publishWhenIdle: true, drowsySpinShare: 'half' } })).toMatch(/^executor\.drowsySpinShare: /);
  });

  it('a worker idle less than half its spin window when a quarter burst is staged gets no partial burst: the burst fills (the old rule sent 8 tasks)', () => {
    // a burst of k goes out at staging time t, the worker is done at t + 0.1k µs; the 8th task
    // after it is staged at t + 8 µs, the worker then idle 7.2 µs, awake (window 200 µs) but
    // short of drowsy (100 µs): the 32nd task publishes the full burst
    expect(meanBurst(200 * US)).toBeCloseTo(32, 1);
    expect(meanBurst(200 * US, 0)).toBeCloseTo(8, 1);
  });

  it('a worker idle longer than half its window gets the partial burst at the first task staged after that moment', () => {
    // window 20 µs, drowsy after 10 µs: the j-th task after a burst of k is staged when the
    // worker has been idle j - 0.1k µs; in steady state k = j, the least j >= 8 with 0.9 j >= 10:
    // j = 12 (11 tasks: 9.9 µs idle, not yet drowsy)
    expect(meanBurst(20 * US)).toBeCloseTo(12, 1);
    // window 16 µs, drowsy after 8 µs: 0.9 j >= 8 from j = 9
    expect(meanBurst(16 * US)).toBeCloseTo(9, 1);
    // the old rule: the 8th task, 7.2 µs idle and awake, went out at once either way
    expect(meanBurst(20 * US, 0)).toBeCloseTo(8, 1);
    expect(meanBurst(16 * US, 0)).toBeCloseTo(8, 1);
  });

  it('a worker asleep by the time a quarter burst is staged gets full bursts under either rule (the wake-up is paid once per burst)', () => {
    // window 4 µs: after a full burst (done 3.2 µs after it went out) the 8th task finds the
    // worker idle 4.8 µs, asleep
    expect(meanBurst(4 * US)).toBeCloseTo(32, 1);
    expect(meanBurst(4 * US, 0)).toBeCloseTo(32, 1);
  });

  it('a worker that never spins (a window of 0) never says it is drowsy: full bursts', () => {
    expect(meanBurst(0)).toBeCloseTo(32, 1);
  });
});
