import { describe, expect, it } from 'vitest';
import { PAPER_CLAIMS, paperPoints, reproducePaper } from '../../../runtime/model/index.ts';

const points = reproducePaper();

describe('paper reproduction: stated numbers within 10%', () => {
  const stated = points.filter((p) => p.paper_pps !== null);
  it('covers every number the paper states (L2 430k; APU IPsec 100/76/48k; Threadripper 930/320/320k)', () => {
    expect(stated.length).toBe(9);
  });
  for (const p of stated) {
    it(`${p.target} ${p.program} ${p.mode} ${p.share * 100}%: ${p.predicted_pps} vs ${p.paper_pps}`, () => {
      const paper = p.paper_pps ?? 0;
      expect(Math.abs(p.predicted_pps / paper - 1)).toBeLessThanOrEqual(0.1);
    });
  }
});

describe('paper reproduction: orderings and crossovers', () => {
  for (const claim of PAPER_CLAIMS) {
    it(`${claim.id} (${claim.figure}): ${claim.check}`, () => {
      const r = claim.evaluate(points);
      expect(r.ok, r.detail).toBe(true);
    });
  }
});

describe('reproducePaper output', () => {
  it('has the JSON shape {target, program, mode, share, cycles, predicted_pps, paper_pps}', () => {
    for (const p of points) {
      expect(Object.keys(p).sort()).toEqual(['cycles', 'mode', 'paper_pps', 'predicted_pps', 'program', 'share', 'target']);
      expect(Number.isFinite(p.predicted_pps) && p.predicted_pps > 0).toBe(true);
    }
  });
  it('covers both targets, all programs, all modes, the IPsec shares 100/50/33/10/2% and 500-20,000 cycles at 100/20/10%', () => {
    expect(points.length).toBe(paperPoints().length);
    for (const target of ['apu4d4', 'threadripper-1900x'] as const) {
      const t = points.filter((p) => p.target === target);
      expect(new Set(t.filter((p) => p.program === 'ipsec-esp').map((p) => p.share))).toEqual(new Set([1, 0.5, 0.33, 0.1, 0.02]));
      const burn = t.filter((p) => p.program === 'burn');
      expect(new Set(burn.map((p) => p.cycles))).toEqual(new Set([500, 1000, 2000, 5000, 10000, 20000]));
      expect(new Set(burn.map((p) => p.share))).toEqual(new Set([1, 0.2, 0.1]));
      expect(t.some((p) => p.program === 'encryption')).toBe(true);
      expect(t.some((p) => p.program === 'l2fwd')).toBe(true);
    }
  });
  it('is deterministic', () => {
    expect(reproducePaper()).toEqual(points);
  });
});
