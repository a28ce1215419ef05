import { describe, expect, it } from 'vitest';
import { PAPER_ASSUMPTIONS, T4P4S_COSTS, paperAssumptionList, predictedRows } from '../../../runtime/model/index.ts';
import { paperWorkOf } from './example-work.ts';

describe('sensitivity of the paper predictions', () => {
  it('varies every T4P4S software cost and the crypto, hand-off and copy facts of both machines', () => {
    const paths = paperAssumptionList().map((a) => a.path);
    for (const key of Object.keys(T4P4S_COSTS)) expect(paths).toContain(`software.${key}`);
    for (const m of ['apu', 'threadripper']) for (const f of ['aesBlockCycles', 'md5BlockCycles', 'handoffCycles', 'copyPerByte']) expect(paths).toContain(`${m}.${f}`);
  });

  it("gives each machine's fact its own origin where they differ: the copy rate is a published measurement on Zen 1, a bound derived from the store width on Jaguar", () => {
    const origin = (path: string) => paperAssumptionList().find((a) => a.path === path)?.origin;
    expect(origin('threadripper.copyPerByte')).toBe('documented');
    expect(origin('apu.copyPerByte')).toBe('derived');
    expect(origin('apu.handoffCycles')).toBe('assumed');
    expect(origin('threadripper.handoffCycles')).toBe('assumed');
  });

  it('a costlier re-parse (parse per header x1.5), refitted, lowers the predicted APU longjump; the claims are re-evaluated', () => {
    const parse = paperAssumptionList().find((a) => a.path === 'software.parseHeader')!;
    const base = predictedRows(paperWorkOf, PAPER_ASSUMPTIONS);
    const more = predictedRows(paperWorkOf, parse.set(PAPER_ASSUMPTIONS, parse.value * 1.5));
    const lj = (rows: typeof base): number => rows.find((r) => r.id === 'apu4d4/ipsec-esp/longjump/100')!.model!;
    expect(lj(more)).toBeLessThan(lj(base));
    expect(more.map((r) => r.id)).toEqual(base.map((r) => r.id));
  });
});
