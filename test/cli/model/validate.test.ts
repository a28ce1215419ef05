import { describe, expect, it } from 'vitest';
import { BenchInputError, compareCrossCore, parseBenchCrossCore } from '../../../cli/model/validate.ts';
import { CALIBRATION } from '../../runtime/model/local-calibration.ts';

const bench = (crossCore: unknown): string => JSON.stringify({ runs: [], ceilings: {}, crossCore });
const sample = (at: string, ns: number | null) => ({ at, ns });
const slowCalibration = { ...CALIBRATION, crossCore: { lineSamples: [sample('draw 1 start', 890), sample('draw 1 end', 910), sample('draw 2 start', 900), sample('draw 2 end', 880)] as { at: string; ns: number }[] } };

describe("parseBenchCrossCore: the bench's cross-core state per scenario", () => {
  it("each scenario's state from its before and after samples: the level, or null when they are two states or a probe failed", () => {
    const m = parseBenchCrossCore(
      bench({
        l2fwd: { lineSamples: [sample('before', 215), sample('after', 188)], stateNs: 188 },
        ipsec: { lineSamples: [sample('before', 210), sample('after', 905)], stateNs: null },
        burst: { lineSamples: [sample('before', 900), sample('after', null)], stateNs: null },
      }),
      'b.json',
    )!;
    expect([...m]).toEqual([
      ['l2fwd', 188],
      ['ipsec', null],
      ['burst', null],
    ]);
  });

  it('a bench document without the record (made before it was), or a bare array of runs: undefined', () => {
    expect(parseBenchCrossCore(JSON.stringify({ runs: [], ceilings: {} }), 'old.json')).toBeUndefined();
    expect(parseBenchCrossCore('[]', 'runs.json')).toBeUndefined();
  });

  it('a malformed record is an error naming the file and the field', () => {
    expect(() => parseBenchCrossCore(bench([1, 2]), 'b.json')).toThrow(BenchInputError);
    expect(() => parseBenchCrossCore(bench({ l2fwd: { lineSamples: [{ at: 'before', ns: 'fast' }] } }), 'b.json')).toThrow(/b\.json: crossCore\.l2fwd\.lineSamples/);
    expect(() => parseBenchCrossCore(bench({ l2fwd: {} }), 'b.json')).toThrow(/crossCore\.l2fwd\.lineSamples/);
    expect(() => parseBenchCrossCore('{', 'b.json')).toThrow(/b\.json: not JSON/);
  });
});

describe("compareCrossCore: each scenario's state beside the calibration's", () => {
  it('agree in one state, differ in two, unknown where either side is not known', () => {
    const states = new Map<string, number | null>([
      ['l2fwd', 188],
      ['ipsec', 905],
      ['burst', null],
    ]);
    const c = compareCrossCore(slowCalibration, states, ['l2fwd', 'ipsec', 'burst', 'encrypt']);
    expect(c.map((x) => [x.scenario, x.agree])).toEqual([
      ['l2fwd', false],
      ['ipsec', true],
      ['burst', undefined],
      ['encrypt', undefined],
    ]);
    expect(c[0]!.calibrationNs!).toBeGreaterThan(800);
    expect(c[3]!.benchNs).toBeUndefined();
  });

  it("without the bench's record, or with a calibration made before the probe, nothing agrees or differs", () => {
    expect(compareCrossCore(slowCalibration, undefined, ['l2fwd']).map((x) => x.agree)).toEqual([undefined]);
    const old = compareCrossCore({ ...CALIBRATION, crossCore: undefined }, new Map([['l2fwd', 188]]), ['l2fwd']);
    expect(old[0]).toEqual({ scenario: 'l2fwd', benchNs: 188, calibrationNs: null, agree: undefined });
  });
});
