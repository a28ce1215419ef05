import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES } from '../../../contract/execution-mode.ts';
import { LOCAL_VARIANTS, calibrationProblem, localProfile, predict } from '../../../runtime/model/index.ts';
import { CALIBRATION } from './local-calibration.ts';
import { exampleWork, paperWorkOf } from './example-work.ts';

describe('the local target', () => {
  it('run to completion: a program without sites costs the base plus its operations, in every mode', () => {
    const w = exampleWork('l2fwd');
    // one 14-byte header parsed and emitted, one exact lookup, one primitive
    const ops = 6 + 14 * 0.25 + 4 + 14 * 0.5 + 20 + 1.5;
    for (const mode of EXECUTION_MODES) {
      const { profile, mode: m } = localProfile(CALIBRATION, 'rtc', mode);
      expect(m).toBe(mode);
      expect(predict(w, profile, m).pps / (1e9 / (CALIBRATION.rtcBase[mode] + ops))).toBeCloseTo(1, 2);
    }
  });

  it('stream, sync-inline: an extern packet adds the site overhead and the task on the main thread (ESP: fixed + 3 AES + 3 MD5 blocks)', () => {
    const w = exampleWork('ipsec-esp');
    const { profile, mode } = localProfile(CALIBRATION, 'stream', 'sync-inline');
    const plain = predict(w, profile, mode, { externShare: 0 }).pps;
    const all = predict(w, profile, mode, { externShare: 1 }).pps;
    expect(1e9 / all - 1e9 / plain).toBeCloseTo(30 + 300 + 3 * 100 + 3 * 150, -1);
  });

  it('stream, longjump: a task the worker cannot keep up with is helped by the main thread (more than the worker alone, less than both)', () => {
    const w = paperWorkOf('burn', 20000); // 20000 nominal cycles: 6.7 µs a task
    const { profile, mode } = localProfile(CALIBRATION, 'stream', 'longjump');
    const task = 150 + 20 + 20000 / 3;
    const helped = predict(w, profile, mode, { externShare: 1 });
    expect(helped.pps).toBeGreaterThan(1e9 / task);
    expect(helped.pps).toBeLessThan(2e9 / task);
    expect(helped.helpedShare).toBeGreaterThan(0.2);
    const alone = predict(w, { ...profile, modes: { ...profile.modes, helpWhenBehind: false } }, mode, { externShare: 1 });
    expect(alone.pps).toBeLessThanOrEqual(1e9 / task * 1.001);
    expect(alone.helpedShare).toBe(0);
    // the main thread waits for the worker (asleep): less CPU per packet than wall time per packet
    expect(alone.mainNsPerPacket).toBeLessThan(0.5e9 / alone.pps);
    expect(helped.mainNsPerPacket).toBeGreaterThan(alone.mainNsPerPacket);
  });

  it("the switch's glue around an ESP or AES site is main-thread work of every extern packet, in every variant", () => {
    const glued = { ...CALIBRATION, opGlue: { esp: 100, aes: 40 } };
    for (const [example, glue] of [['ipsec-esp', 100], ['encrypt', 40]] as const) {
      const w = exampleWork(example);
      for (const v of LOCAL_VARIANTS) {
        const mainNs = (cal: typeof CALIBRATION): number => {
          const { profile, mode } = localProfile(cal, 'stream', v);
          // without help, so the glue is all that changes the main thread's work
          return predict(w, { ...profile, modes: { ...profile.modes, helpWhenBehind: false } }, mode, { externShare: 0.5 }).mainNsPerPacket;
        };
        // half the packets pay it (the simulation's flush timing moves it by a few percent)
        expect((mainNs(glued) - mainNs(CALIBRATION)) / (0.5 * glue)).toBeGreaterThan(0.95);
        expect((mainNs(glued) - mainNs(CALIBRATION)) / (0.5 * glue)).toBeLessThan(1.05);
      }
    }
  });

  it('a packet suspended at an ESP or AES site pays its measured extra in context and longjump; sync and a task run at its site do not', () => {
    const extra = { ...CALIBRATION, asyncOpGlue: { context: { esp: 70, aes: 30 }, longjump: { esp: 120, aes: -20 } } };
    for (const [example, site] of [['ipsec-esp', 'esp'], ['encrypt', 'aes']] as const) {
      const w = exampleWork(example);
      for (const v of LOCAL_VARIANTS) {
        const mainNs = (cal: typeof CALIBRATION, helpWhenBehind: boolean, externShare: number): number => {
          const { profile, mode } = localProfile(cal, 'stream', v);
          return predict(w, { ...profile, modes: { ...profile.modes, helpWhenBehind } }, mode, { externShare }).mainNsPerPacket;
        };
        const moved = (mainNs(extra, false, 0.5) - mainNs(CALIBRATION, false, 0.5)) / 0.5;
        const want = v === 'context' || v === 'longjump' ? extra.asyncOpGlue[v][site] : 0;
        expect(Math.abs(moved - want)).toBeLessThan(Math.max(3, 0.05 * Math.abs(want)));
      }
    }
    // longjump at share 1 with a worker that cannot keep up: the tasks the main thread runs at
    // their site do not suspend, so the extra moves the main thread's work by less than all packets' worth
    const w = exampleWork('ipsec-esp');
    const { profile, mode } = localProfile(extra, 'stream', 'longjump');
    const base = localProfile(CALIBRATION, 'stream', 'longjump');
    const a = predict(w, profile, mode, { externShare: 1 });
    const b = predict(w, base.profile, base.mode, { externShare: 1 });
    expect(a.helpedShare).toBeGreaterThan(0.1);
    expect(a.mainNsPerPacket - b.mainNsPerPacket).toBeLessThan(120);
  });

  it('a calibration whose per-operation suspend extra is not a number is named by its path', () => {
    expect(calibrationProblem(JSON.parse(JSON.stringify({ ...CALIBRATION, asyncOpGlue: { context: { esp: 1, aes: 2 }, longjump: { esp: 'x', aes: 0 } } })))).toMatch(/^asyncOpGlue\.longjump\.esp: expected a number/);
    expect(calibrationProblem(JSON.parse(JSON.stringify({ ...CALIBRATION, asyncOpGlue: { context: { esp: -5, aes: 2 }, longjump: { esp: 3, aes: 0 } } })))).toBeUndefined();
  });

  it('every stream variant makes a profile, and extern packets cost more than plain ones', () => {
    const w = exampleWork('encrypt');
    for (const v of LOCAL_VARIANTS) {
      const { profile, mode } = localProfile(CALIBRATION, 'stream', v);
      expect(profile.lineRateBps).toBe(Infinity);
      expect(predict(w, profile, mode, { externShare: 1 }).pps).toBeLessThan(predict(w, profile, mode, { externShare: 0 }).pps);
    }
  });
});

describe('the calibration file', () => {
  /** Every number's path in the calibration, with the cost paths among them. */
  const numberPaths = (o: unknown, prefix = ''): string[] =>
    typeof o === 'number' ? [prefix] : typeof o === 'object' && o !== null && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => numberPaths(v, prefix === '' ? k : `${prefix}.${k}`)) : [];
  const set = (o: unknown, path: string, value: unknown): unknown => {
    const copy = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
    const keys = path.split('.');
    let at: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
    if (value === undefined) delete at[keys.at(-1)!];
    else at[keys.at(-1)!] = value;
    return copy;
  };

  it('what --calibrate writes reads back as a calibration (JSON round trip)', () => {
    expect(calibrationProblem(JSON.parse(JSON.stringify(CALIBRATION)))).toBeUndefined();
  });

  it('a cost that is missing, negative, not a number or not finite is named by its path', () => {
    const costs = numberPaths(CALIBRATION).filter((p) => !p.startsWith('machine.') && !p.startsWith('settings.') && p !== 'version');
    expect(costs.length).toBe(3 * 10 + 4 * 2 + 3 + 7 + 3);
    fc.assert(
      fc.property(fc.constantFrom(...costs), fc.constantFrom<unknown>(undefined, -1, '12', null, 'Infinity'), (path, bad) => {
        expect(calibrationProblem(set(CALIBRATION, path, bad))).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}: expected a non-negative number`));
      }),
    );
  });

  it('the ESP and AES glue may be absent (a calibration made before it was measured), not negative', () => {
    expect(calibrationProblem({ ...CALIBRATION, opGlue: { esp: 10, aes: 0 } })).toBeUndefined();
    expect(calibrationProblem({ ...CALIBRATION, opGlue: { esp: -1, aes: 0 } })).toMatch(/^opGlue\.esp: expected a non-negative number/);
    expect(calibrationProblem({ ...CALIBRATION, opGlue: { esp: 1 } })).toMatch(/^opGlue\.aes: expected/);
  });

  it('another version, another document or a bad machine record is not a calibration', () => {
    expect(calibrationProblem({ ...CALIBRATION, version: 1 })).toMatch(/^version: a calibration of version 1, this p4ts reads version 2 \(run p4ts model --calibrate again\)/);
    expect(calibrationProblem({ ...CALIBRATION, version: '2' })).toMatch(/not a calibration \(version 2\)/);
    expect(calibrationProblem([CALIBRATION])).toMatch(/not a calibration/);
    expect(calibrationProblem({ runs: [] })).toMatch(/not a calibration/);
    expect(calibrationProblem(set(CALIBRATION, 'machine.loadAverage', 3))).toMatch(/^machine: expected/);
  });
});

describe('the worker thread sleeps when idle (the ring round trip of the calibration)', () => {
  const w = exampleWork('ipsec-esp');
  const at = (wakeNs: number, spinNs: number, share: number): ReturnType<typeof predict> => {
    const { profile, mode } = localProfile({ ...CALIBRATION, ring: { ...CALIBRATION.ring, sleepingNs: wakeNs, spinWindowNs: spinNs } }, 'stream', 'longjump');
    return predict(w, profile, mode, { externShare: share });
  };

  it('at a low share a burst finds the worker asleep: the longer its wake-up, the more tasks the main thread runs itself', () => {
    // a burst of 32 tasks every 320 packets, far apart: the worker sleeps in between
    const quick = at(0, 1000, 0.1);
    const slow = at(200_000, 1000, 0.1);
    expect(slow.helpedShare).toBeGreaterThan(quick.helpedShare + 0.2);
    expect(slow.mainNsPerPacket).toBeGreaterThan(quick.mainNsPerPacket);
    // a worker that spins for ever never needs waking
    expect(at(200_000, Infinity, 0.1).helpedShare).toBeCloseTo(quick.helpedShare, 5);
  });

  it('sync-inline has no worker, so no wake-up; sync-offload pays its calibrated round trip, not a wake-up on top', () => {
    const { profile } = localProfile(CALIBRATION, 'stream', 'sync-inline');
    expect(profile.coproc.wakeNs).toBeUndefined();
    const off = localProfile(CALIBRATION, 'stream', 'sync-offload');
    expect(off.profile.coproc.wakeNs).toBe(CALIBRATION.ring.sleepingNs);
    const slowWake = localProfile({ ...CALIBRATION, ring: { ...CALIBRATION.ring, sleepingNs: 1e6 } }, 'stream', 'sync-offload');
    expect(predict(w, slowWake.profile, 'sync', { externShare: 0.1 }).mainNsPerPacket).toBeCloseTo(predict(w, off.profile, 'sync', { externShare: 0.1 }).mainNsPerPacket, 0);
  });
});
