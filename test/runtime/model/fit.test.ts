import { describe, expect, it } from 'vitest';
import { FIT_PLAN, LEAVE_ONE_OUT, PAPER_FIT, findPaperPoint, fitPaper, leaveOneOut, pointPps } from '../../../runtime/model/index.ts';
import type { PaperFitParam } from '../../../runtime/model/index.ts';
import { paperWorkOf } from './example-work.ts';

const { fit, steps } = fitPaper(paperWorkOf);

describe('fitting the paper profiles', () => {
  it('the committed fitted values agree with a re-fit within 0.1%', () => {
    for (const p of Object.keys(PAPER_FIT) as PaperFitParam[]) {
      expect(Math.abs(PAPER_FIT[p] / fit[p] - 1), `${p}: committed ${PAPER_FIT[p]}, fit ${fit[p]}`).toBeLessThan(0.001);
    }
  });

  it('each fitted value reproduces its point; three per machine, six points, each a number the paper states', () => {
    expect(steps).toHaveLength(6);
    for (const s of steps) {
      expect(Math.abs(s.predictedPps! / s.targetPps! - 1)).toBeLessThan(1e-4);
      expect('point' in s.step && findPaperPoint(s.step.point).paperPps).toBe(s.targetPps);
    }
    const byTarget = (t: string): number => FIT_PLAN.filter((s) => 'point' in s && s.point.startsWith(t)).length;
    expect([byTarget('apu4d4'), byTarget('threadripper-1900x')]).toEqual([3, 3]);
  });

  it('the APU longjump number is not a fitting point', () => {
    expect(FIT_PLAN.some((s) => 'point' in s && s.point === 'apu4d4/ipsec-esp/longjump/100')).toBe(false);
  });

  it('leave-one-out: every fitted point has a plan that does not use it, and is then predicted', () => {
    const loo = leaveOneOut(paperWorkOf);
    expect(loo.map((l) => l.point).sort()).toEqual(Object.keys(LEAVE_ONE_OUT).sort());
    for (const l of loo) {
      expect(l.steps.some((s) => 'point' in s.step && s.step.point === l.point)).toBe(false);
      expect(l.predictedPps).toBe(pointPps(l.point, l.fit, paperWorkOf));
      expect(l.predictedPps).toBeGreaterThan(0);
    }
    // six refits of the paper profiles (bisection over the simulator): ~8 s alone on a quiet
    // machine, 28 s alone at load 17; the suite's 60 s default ran out in a full run at that load
  }, 240_000);
});
