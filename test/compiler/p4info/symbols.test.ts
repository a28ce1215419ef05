import { describe, expect, it } from 'vitest';
import { fieldIds, jenkinsOneAtATime, P4RuntimeSymbols } from '../../../compiler/p4info/symbols.ts';

describe('jenkinsOneAtATime', () => {
  it('gives the ids the reference compiler gives (its P4Infos name NoAction 21257015, a table IngressI.indirect_ws 38116258)', () => {
    expect((0x01 << 24) | (jenkinsOneAtATime('NoAction') & 0xffffff)).toBe(21257015);
    expect((0x02 << 24) | (jenkinsOneAtATime('IngressI.indirect_ws') & 0xffffff)).toBe(38116258);
    expect((0x11 << 24) | (jenkinsOneAtATime('IngressI.as') & 0xffffff)).toBe(291652621);
  });

  it('is a 32-bit unsigned value', () => {
    for (const s of ['', 'a', 'MyIngress.ipv4_lpm', 'x'.repeat(1000), 'ü']) {
      const h = jenkinsOneAtATime(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});

/** Two names whose hashes agree in the low 24 bits (found by search, deterministic). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const name = `c.t${i}`;
    const low = jenkinsOneAtATime(name) & 0xffffff;
    const other = seen.get(low);
    if (other !== undefined) return [other, name];
    seen.set(low, name);
  }
}

describe('P4RuntimeSymbols', () => {
  it('puts the kind prefix in the top 8 bits and the name hash below', () => {
    const s = new P4RuntimeSymbols();
    s.add('TABLE', 'c.t');
    s.add('ACTION', 'c.t');
    expect(s.id('TABLE', 'c.t') >>> 24).toBe(0x02);
    expect(s.id('ACTION', 'c.t') >>> 24).toBe(0x01);
    expect(s.id('TABLE', 'c.t') & 0xffffff).toBe(jenkinsOneAtATime('c.t') & 0xffffff);
  });

  it('resolves a collision by probing, the name that sorts later moving on, whatever the order of adding', () => {
    const [a, b] = collidingPair();
    const [first, second] = [a, b].sort();
    for (const order of [[a, b], [b, a]]) {
      const s = new P4RuntimeSymbols();
      for (const n of order) s.add('TABLE', n);
      expect(s.id('TABLE', first!) & 0xffffff).toBe(jenkinsOneAtATime(first!) & 0xffffff);
      expect(s.id('TABLE', second!) & 0xffffff).toBe((jenkinsOneAtATime(second!) + 1) & 0xffffff);
    }
  });

  it('honours @id, adding the prefix when missing, and never hands a taken id to a hashed name', () => {
    const s = new P4RuntimeSymbols();
    const hashed = (0x02 << 24) | (jenkinsOneAtATime('c.u') & 0xffffff);
    s.add('TABLE', 'c.t', hashed); // takes the id c.u would hash to
    s.add('TABLE', 'c.u');
    s.add('ACTION', 'c.a', 0x42);
    s.add('ACTION', 'c.b', 0x01000043);
    expect(s.id('TABLE', 'c.t')).toBe(hashed);
    expect(s.id('TABLE', 'c.u')).toBe(hashed + 1);
    expect(s.id('ACTION', 'c.a')).toBe(0x01000042);
    expect(s.id('ACTION', 'c.b')).toBe(0x01000043);
    expect(s.problems).toEqual([]);
  });

  it('reports an @id with another kind\'s prefix and an @id given twice', () => {
    const s = new P4RuntimeSymbols();
    s.add('TABLE', 'c.t', 0x01000001);
    s.add('ACTION', 'c.a', 7);
    s.add('ACTION', 'c.b', 7);
    expect(s.problems.map((p) => p.message)).toEqual(['c.t: @id has the wrong 8-bit prefix', '@id 16777223 is assigned to multiple declarations']);
  });

  it('aliases are the shortest suffix no other symbol of any kind shares', () => {
    const s = new P4RuntimeSymbols();
    s.add('TABLE', 'ingress.c1.t');
    s.add('TABLE', 'ingress.c2.t');
    s.add('ACTION', 'ingress.c1.drop');
    s.add('COUNTER', 'egress.drop');
    s.add('ACTION', 'NoAction');
    expect(s.alias('ingress.c1.t')).toBe('c1.t');
    expect(s.alias('ingress.c1.drop')).toBe('c1.drop');
    expect(s.alias('egress.drop')).toBe('egress.drop');
    expect(s.alias('NoAction')).toBe('NoAction');
  });
});

describe('fieldIds', () => {
  it('numbers fields 1, 2, ... by position, around the ids @id took', () => {
    const problems: { message: string }[] = [];
    expect(fieldIds([undefined, undefined, undefined], problems, 't')).toEqual([1, 2, 3]);
    expect(fieldIds([undefined, 1n, undefined], problems, 't')).toEqual([2, 1, 3]);
    expect(fieldIds([5n, undefined, undefined], problems, 't')).toEqual([5, 2, 3]);
    expect(fieldIds([undefined, 2n, undefined, undefined], problems, 't')).toEqual([1, 2, 3, 4]);
    expect(problems).toEqual([]);
    fieldIds([3n, 3n, 0n], problems, 't');
    expect(problems.map((p) => p.message)).toEqual(['t: @id 3 is used multiple times', 't: 0 is not a valid @id value']);
  });
});
