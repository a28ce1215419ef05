import { describe, expect, it } from 'vitest';
import { TARGETS, fitProfile, profiles } from '../../../runtime/model/index.ts';
import { paramValue } from '../../../runtime/model/fit.ts';
import { findPaperPoint } from '../../../runtime/model/paper.ts';
import { paperWorkOf } from './example-work.ts';

describe('fitting', () => {
  for (const target of TARGETS) {
    it(`${target}: the committed fitted values agree with a re-fit within 1%`, () => {
      const { results } = fitProfile(profiles[target], paperWorkOf);
      expect(results.length).toBe(profiles[target].fitted.length);
      for (const r of results) {
        const committed = paramValue(profiles[target], r.param);
        expect(Math.abs(committed - r.value) / Math.max(1, r.value), `${r.param}: committed ${committed}, fit ${r.value}`).toBeLessThanOrEqual(0.01);
        expect(Math.abs(r.predictedPps / r.targetPps - 1)).toBeLessThan(0.001);
      }
    });
    it(`${target}: fitted and validated points are disjoint and exist`, () => {
      const fitted = new Set(profiles[target].fitted.map((f) => f.point));
      for (const id of profiles[target].validated) {
        expect(fitted.has(id)).toBe(false);
        if (!id.startsWith('claim:')) expect(findPaperPoint(id).paperPps).not.toBeNull();
      }
      for (const id of fitted) expect(findPaperPoint(id).id).toBe(id);
    });
  }
  it('the APU longjump number (100k) is a validation point, not a fit point', () => {
    expect(profiles.apu4d4.validated).toContain('apu4d4/ipsec-esp/longjump/100');
  });
});
