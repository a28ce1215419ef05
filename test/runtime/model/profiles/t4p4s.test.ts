import { describe, expect, it } from 'vitest';
import { T4P4S_RUNTIME, findPaperPoint, noOps, opCycles, pathCost, predictPoint, profiles, t4p4sPaperWork, type Profile } from '../../../../runtime/model/index.ts';
import { PayloadOp } from '../../../../contract/p4ts-operations.ts';
import { exampleWork, paperWorkOf } from '../example-work.ts';

describe('t4p4sPaperWork: the paper programs as T4P4S ran them (extern packets by a counter, no table)', () => {
  for (const name of ['ipsec-esp', 'encrypt', 'custom-extern']) {
    it(`${name}: every lookup goes on both paths, one primitive (the counter, outside what a longjump rerun repeats) comes, nothing else changes`, () => {
      const work = exampleWork(name);
      const ran = t4p4sPaperWork(work);
      for (const path of ['plain', 'extern'] as const) {
        expect(Object.keys(work[path].lookups).length).toBeGreaterThan(0); // the example's policy table
        expect(ran[path].lookups).toEqual({});
        expect(ran[path].afterLastCall.lookups).toEqual({});
        expect(ran[path].actionPrimitives).toBe(work[path].actionPrimitives + 1);
        expect(ran[path].notRerun).toEqual({ ...noOps(), actionPrimitives: 1 });
        const { notRerun: _, ...rest } = ran[path];
        expect({ ...rest, lookups: work[path].lookups, actionPrimitives: work[path].actionPrimitives, afterLastCall: work[path].afterLastCall }).toEqual(work[path]);
      }
    });
  }

  it('a longjump rerun repeats the work before the site but not the counter (asked once per packet, before handle_packet)', () => {
    const apu = profiles.apu4d4;
    const ran = t4p4sPaperWork(exampleWork('ipsec-esp')).extern;
    const { notRerun: _, ...counted } = ran; // the same work with the counter treated as rerun
    const resumes = (w: typeof ran): number[] => pathCost(w, 'longjump', apu).calls.map((c) => c.resumeCycles);
    const counter = opCycles({ ...noOps(), actionPrimitives: 1 }, apu);
    expect(counter).toBeGreaterThan(0);
    // ESP is two tasks, each re-entered: the counter is saved at both re-entries
    expect(resumes(counted).map((r, i) => r - resumes(ran)[i]!)).toEqual(resumes(ran).map(() => counter));
    // and only there: sync and context cost the same either way
    for (const mode of ['sync', 'context'] as const) expect(pathCost(ran, mode, apu)).toEqual(pathCost(counted, mode, apu));
  });

  it('leaves a program without extern sites as it is (L2 forwarding keeps its MAC table)', () => {
    const l2 = exampleWork('l2fwd');
    expect(t4p4sPaperWork(l2)).toBe(l2);
  });
});

describe('the T4P4S runtime and profiles', () => {
  it('frames ESP without a lookup: ipsec_encapsulate writes the SPI and the sequence number as constants', () => {
    expect(T4P4S_RUNTIME.externFraming[PayloadOp.EspEncapsulate]!.before.lookups).toBeUndefined();
  });

  it('both paper profiles rerun a parked packet from the start of handle_packet', () => {
    for (const p of Object.values(profiles)) {
      expect(p.modes.rerun).toBe(true);
      expect(p.modes.rerunFromStart).toBe(true);
    }
  });

  it('a paper IPsec point does not depend on a table lookup\u2019s cost; L2 forwarding (its MAC table) does', () => {
    const apu = profiles.apu4d4;
    const slowTables: Profile = { ...apu, cpu: { ...apu.cpu, lookupCycles: { exact: 5000, lpm: 5000, ternary: 5000, range: 5000, optional: 5000 } } };
    for (const mode of ['sync', 'longjump'] as const) {
      const ipsec = findPaperPoint(`apu4d4/ipsec-esp/${mode}/100`);
      expect(predictPoint(ipsec, paperWorkOf, slowTables)).toBeCloseTo(predictPoint(ipsec, paperWorkOf, apu), 6);
    }
    const l2 = findPaperPoint('apu4d4/l2fwd/sync/0');
    expect(predictPoint(l2, paperWorkOf, slowTables)).toBeLessThan(0.8 * predictPoint(l2, paperWorkOf, apu));
  });
});
