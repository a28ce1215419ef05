import { describe, expect, it } from 'vitest';
import { summarizePaperTable, type PaperRow } from '../../../runtime/model/paper-table.ts';

const claim = (id: string, ok: boolean, extra: Partial<PaperRow> = {}): PaperRow => ({ id, kind: 'claim', figure: 'Fig. 0', what: id, role: 'predicted', paper: undefined, model: undefined, error: undefined, ok, ...extra });

describe('summarizePaperTable', () => {
  it('counts untestable claims and other readings apart: neither held nor failed, and their error is not a prediction', () => {
    const rows: PaperRow[] = [
      { id: 'a/b/longjump/100', kind: 'number', figure: 'Fig. 3', what: 'n', role: 'predicted', paper: 100, model: 85, error: -0.15 },
      { id: 'a/b/sync/100', kind: 'number', figure: 'Fig. 3', what: 'n', role: 'fitted', fittedParam: 'x', paper: 76, model: 76, error: 0 },
      claim('claim:holds', true),
      claim('claim:fails', false, { model: 2.1, paper: 3, error: -0.3 }),
      { id: 'claim:by-fit', kind: 'claim', figure: 'Fig. 0', what: 'by fit', role: 'predicted', paper: 1, model: 0.998, error: -0.002, untestable: 'one number for both modes' },
      claim('claim:other-reading', true, { model: 2.7, paper: 3, error: -0.09, alternativeReadingOf: 'claim:fails' }),
    ];
    expect(summarizePaperTable(rows)).toEqual({
      fittedNumbers: 1,
      predictedNumbers: 1,
      predictedWithin15: 1,
      predictedWithError: 2,
      claimsHold: 1,
      claimsTestable: 2,
      claimsUntestable: 1,
      claimsAlternative: 1,
      claims: 4,
    });
  });
});
