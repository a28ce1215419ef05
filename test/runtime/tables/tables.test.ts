import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type ActionEntry,
  type EntrySpec,
  type FieldMatch,
  type KeyField,
  type KeyValue,
  ExactTable,
  LpmTable,
  MultiFieldTable,
  RangeTable,
  TableError,
  TernaryTable,
  createTable,
} from '../../../runtime/tables/index.ts';
import { scansFlatRows } from '../../../contract/table-keys.ts';

const ip = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const ex = (value: KeyValue): FieldMatch => ({ kind: 'exact', value });
const lpm = (value: KeyValue, prefixLength: number): FieldMatch => ({ kind: 'lpm', value, prefixLength });
const tern = (value: KeyValue, mask: KeyValue): FieldMatch => ({ kind: 'ternary', value, mask });
const range = (low: KeyValue, high: KeyValue): FieldMatch => ({ kind: 'range', low, high });

describe('ExactTable', () => {
  it('single field, default action, remove, clear', () => {
    const t = new ExactTable([16], { name: 'ethertype', defaultAction: { actionId: 9, args: [1] } });
    const e = t.insert({ match: [ex(0x0800)], actionId: 1, args: [7], id: 'ipv4' });
    t.insert({ match: [ex(0x86dd)], actionId: 2 });
    expect(t.lookup([0x0800])).toBe(e);
    expect(t.lookupValue(0x0800)?.args).toEqual([7]);
    expect(t.lookup([0x0800])?.id).toBe('ipv4');
    expect(t.lookup([0x0806])).toBeUndefined();
    expect(t.defaultEntry.actionId).toBe(9);
    t.setDefault(3, [4]);
    expect(t.defaultEntry.args).toEqual([4]);
    expect(() => t.insert({ match: [ex(0x0800)], actionId: 5 })).toThrow(TableError);
    expect(t.remove(e.handle)).toBe(true);
    expect(t.remove(e.handle)).toBe(false);
    expect(t.lookup([0x0800])).toBeUndefined();
    expect(t.size).toBe(1);
    t.clear();
    expect(t.size).toBe(0);
    expect(() => t.insert({ match: [ex(0x10000)], actionId: 1 })).toThrow(/does not fit/);
  });

  it('multi-field keys ≤ 52 bits (MAC + VLAN as one number) and > 52 bits (nested levels)', () => {
    const t = new ExactTable([48, 4]);
    t.insert({ match: [ex(0x001122334455n), ex(3)], actionId: 1 });
    expect(t.lookup([0x001122334455, 3])?.actionId).toBe(1);
    expect(t.lookup([0x001122334455n, 3])?.actionId).toBe(1); // bigint accepted for > 32-bit fields
    expect(t.lookup([0x001122334455, 4])).toBeUndefined();

    const five = new ExactTable([32, 32, 8, 16, 16]);
    const a = five.insert({ match: [ex(ip(10, 0, 0, 1)), ex(ip(10, 0, 0, 2)), ex(6), ex(1234), ex(80)], actionId: 1 });
    five.insert({ match: [ex(ip(10, 0, 0, 1)), ex(ip(10, 0, 0, 2)), ex(17), ex(1234), ex(80)], actionId: 2 });
    expect(five.lookup([ip(10, 0, 0, 1), ip(10, 0, 0, 2), 6, 1234, 80])).toBe(a);
    expect(five.lookup([ip(10, 0, 0, 1), ip(10, 0, 0, 2), 17, 1234, 80])?.actionId).toBe(2);
    expect(five.lookup([ip(10, 0, 0, 1), ip(10, 0, 0, 2), 17, 1234, 81])).toBeUndefined();
    five.remove(a.handle);
    expect(five.lookup([ip(10, 0, 0, 1), ip(10, 0, 0, 2), 6, 1234, 80])).toBeUndefined();
    expect(five.lookup([ip(10, 0, 0, 1), ip(10, 0, 0, 2), 17, 1234, 80])?.actionId).toBe(2);
  });

  it('128-bit keys (bigint map keys)', () => {
    const t = new ExactTable([128, 8]);
    const addr = 0x20010db8000000000000000000000001n;
    t.insert({ match: [ex(addr), ex(1)], actionId: 4 });
    expect(t.lookup([addr, 1])?.actionId).toBe(4);
    expect(t.lookup([addr + 1n, 1])).toBeUndefined();
  });

  it('keyless tables and seal()', () => {
    const t = new ExactTable([]);
    t.insert({ match: [], actionId: 1 });
    expect(t.lookup([])?.actionId).toBe(1);
    t.seal();
    expect(() => t.insert({ match: [], actionId: 2 })).toThrow(/const/);
    expect(() => t.clear()).toThrow(/const/);
    const c = new ExactTable([8], { constDefault: true, defaultAction: { actionId: 0 } });
    expect(() => c.setDefault(1)).toThrow(/const/);
  });
});

describe('LpmTable', () => {
  it('overlapping IPv4 prefixes: longest wins, /0 is the default route', () => {
    const t = new LpmTable(32);
    t.insert({ match: [lpm(0, 0)], actionId: 0 });
    const p8 = t.insert({ match: [lpm(ip(10, 0, 0, 0), 8)], actionId: 8 });
    t.insert({ match: [lpm(ip(10, 1, 0, 0), 16)], actionId: 16 });
    t.insert({ match: [lpm(ip(10, 1, 2, 0), 24)], actionId: 24 });
    t.insert({ match: [ex(ip(10, 1, 2, 3))], actionId: 32 });
    expect(t.lookupValue(ip(10, 1, 2, 3))?.actionId).toBe(32);
    expect(t.lookupValue(ip(10, 1, 2, 4))?.actionId).toBe(24);
    expect(t.lookupValue(ip(10, 1, 3, 4))?.actionId).toBe(16);
    expect(t.lookupValue(ip(10, 2, 3, 4))?.actionId).toBe(8);
    expect(t.lookupValue(ip(11, 2, 3, 4))?.actionId).toBe(0);
    expect(t.lookup([0xffffffff])?.actionId).toBe(0);
    expect(t.lookupValue(ip(10, 1, 2, 4))?.priority).toBe(24);
    t.remove(p8.handle);
    expect(t.lookupValue(ip(10, 2, 3, 4))?.actionId).toBe(0);
    expect(() => t.insert({ match: [lpm(ip(10, 1, 2, 99), 24)], actionId: 1 })).toThrow(/duplicate/); // host bits are masked
    expect(() => t.insert({ match: [lpm(0, 33)], actionId: 1 })).toThrow(TableError);
  });

  it('128-bit IPv6 prefixes (trie), bigint and word lookups', () => {
    const t = new LpmTable(128);
    const net = 0x20010db8n << 96n;
    t.insert({ match: [lpm(net, 32)], actionId: 32 });
    t.insert({ match: [lpm(net | (0xabcdn << 80n), 48)], actionId: 48 });
    const host = net | (0xabcdn << 80n) | 1n;
    const h = t.insert({ match: [lpm(host, 128)], actionId: 128 });
    expect(t.lookupValue(host)?.actionId).toBe(128);
    expect(t.lookupValue(host + 1n)?.actionId).toBe(48);
    expect(t.lookupValue(net | 5n)?.actionId).toBe(32);
    expect(t.lookupValue(5n)).toBeUndefined();
    expect(t.lookupWords(Uint32Array.from([0x20010db8, 0xabcd0000, 0, 1]))?.actionId).toBe(128);
    t.remove(h.handle);
    expect(t.lookupValue(host)?.actionId).toBe(48);
    t.insert({ match: [{ kind: 'any' }], actionId: 0 });
    expect(t.lookupValue(5n)?.actionId).toBe(0);
    t.clear();
    expect(t.lookupValue(host)).toBeUndefined();
  });
});

describe('TernaryTable and priorities', () => {
  it('the STF convention: a larger priority wins (ternary2-bmv2.stf: 110 beats 100)', () => {
    const t = new TernaryTable([16]);
    t.insert({ match: [tern(0x2500, 0xff00)], actionId: 1, priority: 100 });
    t.insert({ match: [tern(0x2525, 0xffff)], actionId: 2, priority: 110 });
    expect(t.lookup([0x2525])?.actionId).toBe(2);
    expect(t.lookup([0x2500])?.actionId).toBe(1);
  });

  it('bmv2 CLI convention: a smaller priority wins', () => {
    const t = new TernaryTable([16], { priorityOrder: 'lower-wins' });
    t.insert({ match: [tern(0x2500, 0xff00)], actionId: 1, priority: 100 });
    t.insert({ match: [tern(0x2525, 0xffff)], actionId: 2, priority: 110 });
    expect(t.lookup([0x2525])?.actionId).toBe(1);
  });

  it('ties: the entry inserted first wins (const entries in program order)', () => {
    const t = new TernaryTable([8, 8]);
    t.insert({ match: [tern(0x10, 0xf0), { kind: 'any' }], actionId: 1 });
    t.insert({ match: [tern(0x12, 0xff), tern(0, 0)], actionId: 2 });
    t.insert({ match: [{ kind: 'any' }, { kind: 'any' }], actionId: 3 });
    expect(t.lookup([0x12, 0])?.actionId).toBe(1);
    expect(t.lookup([0x22, 0])?.actionId).toBe(3);
    expect(() => t.insert({ match: [tern(0x12, 0xff), tern(0, 0)], actionId: 9 })).toThrow(/duplicate/);
    t.insert({ match: [tern(0x12, 0xff), tern(0, 0)], actionId: 4, priority: 1 });
    expect(t.lookup([0x12, 0])?.actionId).toBe(4);
  });

  it('ternary fields of 48 and 128 bits', () => {
    const t = new TernaryTable([48, 128]);
    t.insert({ match: [tern(0x0100_0000_0000n, 0x0100_0000_0000n), { kind: 'any' }], actionId: 1, priority: 5 }); // multicast bit
    t.insert({ match: [{ kind: 'any' }, tern(0xff00n << 112n, 0xff00n << 112n)], actionId: 2, priority: 4 });
    expect(t.lookup([0x0100_5e00_0001, 0n])?.actionId).toBe(1);
    expect(t.lookup([0x0000_5e00_0001n, 0xff02n << 112n])?.actionId).toBe(2);
    expect(t.lookup([0x0000_5e00_0001, 1n])).toBeUndefined();
  });
});

describe('RangeTable and MultiFieldTable', () => {
  it('ranges with priorities', () => {
    const t = new RangeTable([16]);
    t.insert({ match: [range(0, 1023)], actionId: 1, priority: 1 });
    t.insert({ match: [range(80, 80)], actionId: 2, priority: 2 });
    expect(t.lookup([80])?.actionId).toBe(2);
    expect(t.lookup([81])?.actionId).toBe(1);
    expect(t.lookup([1024])).toBeUndefined();
    expect(() => t.insert({ match: [range(5, 4)], actionId: 1 })).toThrow(/empty range/);
  });

  it('exact + lpm without priorities: longest prefix wins', () => {
    const t = new MultiFieldTable([
      { kind: 'exact', width: 8, name: 'vrf' },
      { kind: 'lpm', width: 32, name: 'dst' },
    ]);
    t.insert({ match: [ex(1), lpm(ip(10, 0, 0, 0), 8)], actionId: 8 });
    t.insert({ match: [ex(1), lpm(ip(10, 1, 0, 0), 16)], actionId: 16 });
    t.insert({ match: [ex(2), lpm(0, 0)], actionId: 0 });
    expect(t.usesPriority).toBe(false);
    expect(t.lookup([1, ip(10, 1, 9, 9)])?.actionId).toBe(16);
    expect(t.lookup([1, ip(10, 2, 9, 9)])?.actionId).toBe(8);
    expect(t.lookup([2, ip(10, 2, 9, 9)])?.actionId).toBe(0);
    expect(t.lookup([3, ip(10, 2, 9, 9)])).toBeUndefined();
    expect(() => t.insert({ match: [{ kind: 'any' }, lpm(0, 0)], actionId: 1 })).toThrow(/not allowed/);
  });

  it('optional fields', () => {
    const t = new MultiFieldTable([
      { kind: 'optional', width: 9 },
      { kind: 'exact', width: 16 },
    ]);
    t.insert({ match: [{ kind: 'optional', value: 3 }, ex(0x800)], actionId: 1, priority: 10 });
    t.insert({ match: [{ kind: 'any' }, ex(0x800)], actionId: 2, priority: 5 });
    expect(t.lookup([3, 0x800])?.actionId).toBe(1);
    expect(t.lookup([4, 0x800])?.actionId).toBe(2);
  });

  it('createTable picks the engine', () => {
    expect(createTable([{ kind: 'exact', width: 8 }])).toBeInstanceOf(ExactTable);
    expect(createTable([{ kind: 'lpm', width: 32 }])).toBeInstanceOf(LpmTable);
    expect(createTable([{ kind: 'ternary', width: 8 }])).toBeInstanceOf(MultiFieldTable);
  });

  it('flat rows (scansFlatRows, the compiler\'s scan) serve exactly the multi-field tables of 1-3 fields of at most 32 bits', () => {
    const keyArb = fc.record({ kind: fc.constantFrom('exact', 'lpm', 'ternary', 'range', 'optional'), width: fc.constantFrom(1, 8, 32, 33, 48, 64) });
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 4 }), (keys) => {
        const t = createTable(keys);
        const multi = !keys.every((k) => k.kind === 'exact') && !(keys.length === 1 && keys[0]!.kind === 'lpm');
        expect(t instanceof MultiFieldTable).toBe(multi);
        const flat = multi && keys.length <= 3 && keys.every((k) => k.width <= 32);
        expect(scansFlatRows(keys)).toBe(flat);
        expect(t instanceof MultiFieldTable && t.narrow3).toBe(flat);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- property tests against a naive reference scan -------------------------------------------

interface RefEntry {
  match: FieldMatch[];
  priority: number;
  seq: number;
  actionId: number;
}

function fieldMatches(m: FieldMatch, k: bigint, width: number): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'exact':
    case 'optional':
      return BigInt(m.value) === k;
    case 'lpm': {
      const mask = ((1n << BigInt(m.prefixLength)) - 1n) << BigInt(width - m.prefixLength);
      return (k & mask) === (BigInt(m.value) & mask);
    }
    case 'ternary':
      return (k & BigInt(m.mask)) === (BigInt(m.value) & BigInt(m.mask));
    case 'range':
      return BigInt(m.low) <= k && k <= BigInt(m.high);
  }
}
function prefixOf(m: FieldMatch, width: number): number {
  return m.kind === 'lpm' ? m.prefixLength : m.kind === 'exact' ? width : 0;
}

/** The winner by the rules: priority (or prefix length) first, then insertion order. */
function reference(keys: KeyField[], entries: RefEntry[], key: bigint[], usesPriority: boolean): number | undefined {
  let best: RefEntry | undefined;
  let bestRank = -Infinity;
  for (const e of entries) {
    if (!e.match.every((m, i) => fieldMatches(m, key[i]!, keys[i]!.width))) continue;
    const rank = usesPriority ? e.priority : e.match.reduce((s, m, i) => s + (keys[i]!.kind === 'lpm' ? prefixOf(m, keys[i]!.width) : 0), 0);
    if (rank > bestRank || (rank === bestRank && best && e.seq < best.seq)) {
      best = e;
      bestRank = rank;
    }
  }
  return best?.actionId;
}

/** Values clustered on few patterns so that entries and keys overlap often. */
const valueOf = (width: number) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n }),
    fc.constantFrom(0n, 1n, (1n << BigInt(width)) - 1n, 1n << BigInt(width - 1), 0x0an << BigInt(width - 8)),
  );

function matchArb(kind: KeyField['kind'], width: number): fc.Arbitrary<FieldMatch> {
  switch (kind) {
    case 'exact':
      return valueOf(width).map((value) => ({ kind: 'exact' as const, value }));
    case 'lpm':
      return fc.tuple(valueOf(width), fc.integer({ min: 0, max: width })).map(([value, prefixLength]) => ({
        kind: 'lpm' as const,
        value: value & (((1n << BigInt(prefixLength)) - 1n) << BigInt(width - prefixLength)),
        prefixLength,
      }));
    case 'ternary':
      return fc.tuple(valueOf(width), valueOf(width)).map(([value, mask]) => ({ kind: 'ternary' as const, value: value & mask, mask }));
    case 'range':
      return fc.tuple(valueOf(width), valueOf(width)).map(([a, b]) => ({ kind: 'range' as const, low: a < b ? a : b, high: a < b ? b : a }));
    case 'optional':
      return fc.oneof(valueOf(width).map((value) => ({ kind: 'optional' as const, value })), fc.constant({ kind: 'any' as const }));
  }
}

/** Narrow values as numbers (the runtime representation up to 52 bits in tables), wide as bigint. */
const asKey = (v: bigint, width: number): KeyValue => (width <= 52 ? Number(v) : v);

function runProperty(keys: KeyField[], make: () => { insert: (s: { match: FieldMatch[]; actionId: number; priority: number }) => unknown; lookup: (k: KeyValue[]) => ActionEntry | undefined }, usesPriority: boolean): void {
  const entryArb = fc.tuple(fc.tuple(...keys.map((k) => matchArb(k.kind, k.width))), fc.integer({ min: 0, max: 5 }));
  const keyArb = fc.tuple(...keys.map((k) => valueOf(k.width)));
  fc.assert(
    fc.property(fc.array(entryArb, { maxLength: 25 }), fc.array(keyArb, { minLength: 1, maxLength: 25 }), (specs, lookups) => {
      const table = make();
      const accepted: RefEntry[] = [];
      specs.forEach(([match, priority], idx) => {
        try {
          table.insert({ match: match as FieldMatch[], actionId: idx, priority });
          accepted.push({ match: match as FieldMatch[], priority, seq: idx, actionId: idx });
        } catch (e) {
          if (!(e instanceof TableError)) throw e; // duplicates are rejected; the reference skips them too
        }
      });
      for (const k of lookups) {
        const key = k as bigint[];
        const got = table.lookup(key.map((v, i) => asKey(v, keys[i]!.width)))?.actionId;
        expect(got).toBe(reference(keys, accepted, key, usesPriority));
      }
    }),
    { numRuns: 200 },
  );
}

describe('engines agree with a naive reference scan', () => {
  it('ExactTable (16+48 bits, and 32+32+8+16+16, and 128)', () => {
    for (const widths of [[16, 48], [32, 32, 8, 16, 16], [128]]) {
      const keys = widths.map((width) => ({ kind: 'exact' as const, width }));
      runProperty(keys, () => new ExactTable(keys), false);
    }
  });
  it('LpmTable 32-bit (per-length maps) and 128-bit (trie)', () => {
    for (const width of [32, 48, 128]) {
      const keys = [{ kind: 'lpm' as const, width }];
      runProperty(keys, () => new LpmTable(width), false);
    }
  });
  it('TernaryTable (8, 40 and 128-bit fields)', () => {
    const keys = [8, 40, 128].map((width) => ({ kind: 'ternary' as const, width }));
    runProperty(keys, () => new TernaryTable([8, 40, 128]), true);
  });
  it('RangeTable', () => {
    const keys = [16, 64].map((width) => ({ kind: 'range' as const, width }));
    runProperty(keys, () => new RangeTable([16, 64]), true);
  });
  it('TernaryTable and RangeTable with every field 32 bits or narrower (the flat scan), 32-bit masks and ranges included', () => {
    const ternary = [9, 8, 32].map((width) => ({ kind: 'ternary' as const, width }));
    runProperty(ternary, () => new TernaryTable([9, 8, 32]), true);
    const range = [8, 32].map((width) => ({ kind: 'range' as const, width }));
    runProperty(range, () => new RangeTable([8, 32]), true);
  });
  it('MultiFieldTable of up to 3 narrow fields of mixed kinds (lookup3): ternary, exact, optional and lpm keys beside 8- and 32-bit ranges', () => {
    const layouts: KeyField[][] = [
      [
        { kind: 'ternary', width: 9 },
        { kind: 'ternary', width: 8 },
        { kind: 'range', width: 8 },
      ],
      [
        { kind: 'exact', width: 32 },
        { kind: 'range', width: 32 },
      ],
      [
        { kind: 'range', width: 16 },
        { kind: 'optional', width: 9 },
        { kind: 'lpm', width: 32 },
      ],
      [{ kind: 'ternary', width: 32 }],
    ];
    for (const keys of layouts) {
      runProperty(keys, () => new MultiFieldTable(keys), true);
      // the data plane's entry point, keys as numbers: the handle of the same entry
      runProperty(
        keys,
        () => {
          const t = new MultiFieldTable(keys);
          return {
            insert: (s: EntrySpec) => t.insert(s),
            lookup: (k: KeyValue[]): ActionEntry | undefined => {
              const h = t.lookup3(Number(k[0] ?? 0), Number(k[1] ?? 0), Number(k[2] ?? 0));
              const e = t.lookup(k);
              expect(h).toBe(e?.handle ?? 0);
              return e;
            },
          };
        },
        true,
      );
    }
  });
  it('MultiFieldTable: a lookup after a remove and after an insert sees the change (flat scan rebuilt)', () => {
    const t = new RangeTable([8]);
    const a = t.insert({ match: [{ kind: 'range', low: 0n, high: 49n }], actionId: 1, priority: 2 });
    t.insert({ match: [{ kind: 'range', low: 0n, high: 99n }], actionId: 2, priority: 1 });
    expect(t.lookup([10])?.actionId).toBe(1);
    t.remove(a.handle);
    expect(t.lookup([10])?.actionId).toBe(2);
    t.insert({ match: [{ kind: 'range', low: 10n, high: 10n }], actionId: 3, priority: 5 });
    expect(t.lookup([10])?.actionId).toBe(3);
    expect(t.lookup([100])).toBeUndefined();
    t.clear();
    expect(t.lookup([10])).toBeUndefined();
  });
  it('MultiFieldTable mixing every kind', () => {
    const keys: KeyField[] = [
      { kind: 'exact', width: 8 },
      { kind: 'lpm', width: 32 },
      { kind: 'ternary', width: 12 },
      { kind: 'range', width: 16 },
      { kind: 'optional', width: 9 },
    ];
    runProperty(keys, () => new MultiFieldTable(keys), true);
  });
  it('MultiFieldTable exact + lpm (prefix-length order)', () => {
    const keys: KeyField[] = [
      { kind: 'exact', width: 4 },
      { kind: 'lpm', width: 128 },
    ];
    runProperty(keys, () => new MultiFieldTable(keys), false);
  });
});
