import { describe, expect, it } from 'vitest';
import { Progress } from '../../../bench/harness/progress.ts';
import { adjacencyNote, measureRunners, pairedRatio, runFor, sharedGcCounter, warmUp, type Rate, type RoundResult, type Runner, type Variant } from '../../../bench/harness/measure.ts';
import type { BenchSettings } from '../../../bench/harness/scenario.ts';

const settings = (rounds: number): BenchSettings => ({ quick: true, roundSeconds: 0.01, rounds, burst: 32, isolate: false });

/** A runner that replays given per-round figures and logs the order it was called in. */
function scripted(label: string, log: string[], mainNs: readonly number[], pps: readonly number[]): Runner {
  let k = 0;
  return {
    label,
    warmUp: () => {
      log.push(`warm ${label}`);
      return Promise.resolve({ cpu: 0.5, wall: 0.5, chunks: [40, 30, 30, 30, 30], capped: false });
    },
    round: (seconds): Promise<RoundResult> => {
      log.push(label);
      const packets = pps[k]! * seconds;
      const r = { packets, wall: seconds, cpu: (packets * mainNs[k]!) / 1e9, threadCpu: (packets * mainNs[k]!) / 1e9, gcMinor: 0, gcMajor: 0 };
      k++;
      return Promise.resolve(r);
    },
    close: () => {
      log.push(`close ${label}`);
      return Promise.resolve();
    },
  };
}

describe('measureRunners', () => {
  it('warms every runner up, then alternates rounds turning the order round every cycle, and closes them', async () => {
    const log: string[] = [];
    const ns = [10, 10, 10, 10];
    const pps = [1e6, 1e6, 1e6, 1e6];
    const rates = await measureRunners([scripted('A', log, ns, pps), scripted('B', log, ns, pps), scripted('C', log, ns, pps)], settings(4), new Progress(false));
    expect(log).toEqual(['warm A', 'warm B', 'warm C', 'A', 'B', 'C', 'C', 'B', 'A', 'A', 'B', 'C', 'C', 'B', 'A', 'close A', 'close B', 'close C']);
    expect(rates.map((r) => r.label)).toEqual(['A', 'B', 'C']);
    expect(rates[0]!.warmUp?.chunks).toEqual([40, 30, 30, 30, 30]);
  });

  it("reads the cross-core state (a scenario's lineSample) after the warm-up and after each cycle of rounds", async () => {
    const log: string[] = [];
    const ns = [10, 10, 10];
    const pps = [1e6, 1e6, 1e6];
    const lineSample = (at: string): Promise<void> => {
      log.push(`sample ${at}`);
      return Promise.resolve();
    };
    await measureRunners([scripted('A', log, ns, pps), scripted('B', log, ns, pps)], settings(3), new Progress(false), 'x ', lineSample);
    expect(log).toEqual(['warm A', 'warm B', 'sample x warm-up', 'A', 'B', 'sample x cycle 1', 'B', 'A', 'sample x cycle 2', 'A', 'B', 'sample x cycle 3', 'close A', 'close B']);
  });

  it('keeps every round in the order measured and takes the median round', async () => {
    const [a] = await measureRunners([scripted('A', [], [30, 50, 31, 29, 32], [1e6, 2e6, 3e6, 4e6, 5e6])], settings(5), new Progress(false));
    expect(a!.mainNsRounds.map((x) => Math.round(x))).toEqual([30, 50, 31, 29, 32]);
    expect(a!.mainNsPerPacket).toBeCloseTo(31, 6);
    expect(a!.rounds).toEqual([1e6, 2e6, 3e6, 4e6, 5e6].map((x) => expect.closeTo(x, 3)));
    expect(a!.pps).toBeCloseTo(5e6, 3);
    expect(a!.ppsMedian).toBeCloseTo(3e6, 3);
  });
});

describe('adjacencyNote', () => {
  it('names a ratio whose variants are not measured next to each other in the cycle', () => {
    expect(adjacencyNote(0, 1)).toBe('');
    expect(adjacencyNote(3, 2)).toBe('');
    expect(adjacencyNote(6, 0)).toBe(' (same cycle, not adjacent)');
    expect(adjacencyNote(1, 3)).toBe(' (same cycle, not adjacent)');
  });
});

describe('pairedRatio', () => {
  const rate = (mainNsRounds: number[], rounds: number[]): Rate =>
    ({ label: 'x', rounds, mainNsRounds, mainNsPerPacket: Number.NaN, pps: 0, ppsMedian: 0, ppsCpu: 0, otherNsPerPacket: 0, cores: 1, counters: {}, gcMinor: 0, gcMajor: 0, packets: 0 }) as Rate;

  it('divides round k of one by round k of the other, as rates, and gives the median and spread', () => {
    // a load burst in round 3 doubles both variants' cost: the pair's ratio is unchanged
    const compiled = rate([40, 40, 80, 40, 50], [1, 1, 1, 1, 1]);
    const hand = rate([30, 30, 60, 32, 30], [2, 2, 2, 2, 2]);
    const r = pairedRatio(compiled, hand, 'main-cpu');
    expect(r.pairs).toBe(5);
    expect(r.value).toBeCloseTo(0.75, 9); // 30/40, 30/40, 60/80, 32/40, 30/50 -> median 0.75
    expect(r.min).toBeCloseTo(0.6, 9);
    expect(r.max).toBeCloseTo(0.8, 9);
    expect(r.q1).toBeCloseTo(0.75, 9);
    expect(r.q3).toBeCloseTo(0.75, 9);
    expect(r.measure).toBe('main-cpu');
    expect(pairedRatio(compiled, hand, 'wall').value).toBeCloseTo(0.5, 9);
  });

  it('leaves out pairs with a missing figure, and is NaN when none is left', () => {
    const a = rate([Number.NaN, 20], [1, 1]);
    const b = rate([10, 10], [1, 1]);
    expect(pairedRatio(a, b, 'main-cpu')).toMatchObject({ pairs: 1, value: 0.5 });
    const none = pairedRatio(rate([Number.NaN], [1]), rate([10], [1]), 'main-cpu');
    expect(none.pairs).toBe(0);
    expect(none.value).toBeNaN();
    expect(none.min).toBeNaN();
  });
});

describe('runFor and warmUp', () => {
  const spinning = (): Variant & { batches: number } => {
    const v = {
      label: 'spin',
      batches: 0,
      batch(): number {
        v.batches++;
        let x = 0;
        for (let i = 0; i < 2000; i++) x = (x + i * 7) | 0;
        return x === -1 ? 0 : 32;
      },
    };
    return v;
  };

  it('runFor counts the packets of every batch it ran and reads both clocks', () => {
    const v = spinning();
    const r = runFor(v, 0.02);
    expect(r.packets).toBe(32 * v.batches);
    expect(r.wall).toBeGreaterThanOrEqual(0.02);
    expect(r.cpu).toBeGreaterThan(0);
  });

  it('runFor with a CPU budget runs until the thread has used that much CPU time', () => {
    const r = runFor(spinning(), 0.02, true);
    if (Number.isNaN(r.threadCpu)) return; // no thread CPU clock here
    // ... or until its wall-time cap (ten times the budget) when other jobs keep it off the CPU:
    // it never stops before one of the two
    expect(r.threadCpu >= 0.02 || r.wall >= 0.2).toBe(true);
  });

  it('warmUp runs at least its minimum of CPU time and stops at its maximum', () => {
    const v = spinning();
    const w = warmUp(v, { minCpu: 0.05, maxCpu: 0.3 });
    if (Number.isNaN(w.cpu)) {
      expect(w.wall).toBeGreaterThanOrEqual(0.05); // no thread CPU clock here: wall time instead
      return;
    }
    expect(w.cpu).toBeGreaterThanOrEqual(0.05);
    if (w.capped) {
      expect(w.cpu >= 0.3 || w.wall >= 3).toBe(true);
    } else {
      // it stopped because its last three chunks did not beat the best before them by more than 3 %
      const n = w.chunks.length - 3;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(Math.min(...w.chunks.slice(n))).toBeGreaterThanOrEqual(Math.min(...w.chunks.slice(0, n)) * 0.97);
    }
    // a budget smaller than one chunk: cut short as soon as the budget is used (one chunk on a
    // quiet machine; under load a chunk's thread CPU time can fall below the budget, so more)
    const capped = warmUp(v, { minCpu: 0.01, maxCpu: 0.01 });
    expect(capped.capped).toBe(true);
    expect(capped.chunks.length).toBeGreaterThanOrEqual(1);
    expect(capped.cpu >= 0.01 || capped.wall >= 0.1).toBe(true);
  });
});

describe('sharedGcCounter', () => {
  it("is one counter for every scenario's in-process variants (their rounds count differences of it)", () => {
    expect(sharedGcCounter()).toBe(sharedGcCounter());
  });
});
