import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TableDescription } from '../../../runtime/control/description.ts';
import { ControlError } from '../../../runtime/control/errors.ts';
import { RuntimeTable } from '../../../runtime/control/runtime-table.ts';

const NO_ACTION = { id: 1, name: 'NoAction', params: [] };
const FORWARD = { id: 2, name: 'MyIngress.forward', params: [{ name: 'dmac', width: 48 }, { name: 'port', width: 9 }] };
const DROP = { id: 3, name: 'MyIngress.drop', params: [] };
const SET_BIG = { id: 4, name: 'MyIngress.set_big', params: [{ name: 'v', width: 128 }, { name: 'w', width: 40 }] };

function table(over: Partial<TableDescription> = {}): TableDescription {
  return {
    name: 'MyIngress.t',
    id: 100,
    keys: [{ name: 'hdr.ethernet.dstAddr', matchKind: 'exact', width: 48 }],
    actions: [FORWARD, DROP, NO_ACTION],
    defaultAction: { actionId: 3, args: [], isConst: false },
    ...over,
  };
}

describe('RuntimeTable exact', () => {
  it('48-bit keys as numbers; args numbers ≤ 53 bits', () => {
    const t = new RuntimeTable(table());
    const e = t.insert([{ kind: 'exact', value: 0x0800000001_11 }], 'MyIngress.forward', { dmac: 0x080000000111, port: 1 });
    expect(e.hit).toBe(true);
    expect(e.args).toEqual([0x080000000111, 1]);
    const r = t.lookup1(0x080000000111);
    expect(r).toBe(e);
    expect(r.actionId).toBe(2);
    const miss = t.lookup1(0x080000000112);
    expect(miss.hit).toBe(false);
    expect(miss.actionId).toBe(3);
    expect(miss).toBe(t.defaultResult);
    expect(t.lookupN([0x080000000111])).toBe(e);
  });

  it('accepts bigint keys and args and positional args', () => {
    const t = new RuntimeTable(table());
    const e = t.insert([{ kind: 'exact', value: 5n }], 'forward', [7n, 2]);
    expect(e.args).toEqual([7, 2]);
    expect(t.lookup1(5n)).toBe(e);
  });

  it('two and three keys; keyless tables', () => {
    const keys2 = [{ name: 'a', matchKind: 'exact' as const, width: 32 }, { name: 'b', matchKind: 'exact' as const, width: 64 }];
    const t2 = new RuntimeTable(table({ keys: keys2 }));
    const e2 = t2.insert([{ kind: 'exact', value: 1 }, { kind: 'exact', value: 1n << 60n }], 'drop');
    expect(t2.lookup2(1, 1n << 60n)).toBe(e2);
    expect(t2.lookup2(2, 1n << 60n).hit).toBe(false);
    const keys3 = [...keys2, { name: 'c', matchKind: 'ternary' as const, width: 8 }];
    const t3 = new RuntimeTable(table({ keys: keys3 }));
    const e3 = t3.insert([{ kind: 'exact', value: 1 }, { kind: 'exact', value: 2 }, { kind: 'ternary', value: 0x10, mask: 0xf0 }], 'drop', [], 5);
    expect(t3.lookup3(1, 2n, 0x1f)).toBe(e3);
    expect(t3.lookup3(1, 2n, 0x2f).hit).toBe(false);
    const t0 = new RuntimeTable(table({ keys: [] }));
    expect(t0.lookup0().hit).toBe(false);
    expect(t0.lookup0().actionId).toBe(3);
  });

  it('validates key count, kinds, widths, actions and args', () => {
    const t = new RuntimeTable(table());
    expect(() => t.insert([], 'drop')).toThrow(/expected 1 key field/);
    expect(() => t.insert([{ kind: 'lpm', value: 1, prefixLength: 8 }], 'drop')).toThrow(/lpm match is not allowed/);
    expect(() => t.insert([{ kind: 'exact', value: 1n << 48n }], 'drop')).toThrow(/does not fit in 48 bits/);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'nope')).toThrow(/unknown action "nope"/);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'forward', [1])).toThrow(/expected 2 argument/);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'forward', { dmac: 1 })).toThrow(/missing parameter "port"/);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'forward', { dmac: 1, port: 1, x: 2 })).toThrow(/unknown parameter "x"/);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'forward', { dmac: 1, port: 512 })).toThrow(/port: value 512 does not fit in 9 bits/);
    t.insert([{ kind: 'exact', value: 1 }], 'drop');
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 'drop')).toThrow(ControlError);
    expect(() => t.insert([{ kind: 'exact', value: 1 }], 99)).toThrow(/action id 99/);
  });

  it('remove, clear, entries, find, size limit', () => {
    const t = new RuntimeTable(table({ size: 2 }));
    const a = t.insert([{ kind: 'exact', value: 1 }], 'drop');
    t.insert([{ kind: 'exact', value: 2 }], 'drop');
    expect(() => t.insert([{ kind: 'exact', value: 3 }], 'drop')).toThrow(/full/);
    expect(t.entries().length).toBe(2);
    expect(t.find([{ kind: 'exact', value: 1n }])).toBe(a);
    expect(t.remove(a.handle)).toBe(true);
    expect(t.lookup1(1).hit).toBe(false);
    expect(t.remove(a.handle)).toBe(false);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.lookup1(2).hit).toBe(false);
  });

  it('direct counters on records', () => {
    const t = new RuntimeTable(table());
    t.insert([{ kind: 'exact', value: 1 }], 'drop');
    const r = t.lookup1(1);
    t.countHit(r, 64);
    t.countHit(t.lookup1(1), 100);
    expect([r.packets, r.bytes]).toEqual([2, 164]);
  });
});

describe('RuntimeTable lpm', () => {
  it('32-bit lpm: longest prefix wins, host bits masked', () => {
    const t = new RuntimeTable(table({ keys: [{ name: 'hdr.ipv4.dstAddr', matchKind: 'lpm', width: 32 }] }));
    const a = t.insert([{ kind: 'lpm', value: 0x0a000000, prefixLength: 8 }], 'drop');
    const b = t.insert([{ kind: 'lpm', value: 0x0a0101ff, prefixLength: 24 }], 'forward', [1, 2]);
    expect(b.match).toEqual([{ kind: 'lpm', value: 0x0a010100n, prefixLength: 24 }]);
    expect(t.lookup1(0x0a010105)).toBe(b);
    expect(t.lookup1(0x0a020105)).toBe(a);
    expect(t.lookup1(0x0b000000).hit).toBe(false);
    expect(() => t.insert([{ kind: 'lpm', value: 0, prefixLength: 33 }], 'drop')).toThrow(/prefix length 33/);
  });

  it('128-bit lpm keys as bigints, and as words', () => {
    const t = new RuntimeTable(table({ keys: [{ name: 'hdr.ipv6.dstAddr', matchKind: 'lpm', width: 128 }], actions: [SET_BIG, DROP] }));
    const p = 0x20010db8n << 96n;
    const e = t.insert([{ kind: 'lpm', value: p, prefixLength: 32 }], 'set_big', [p | 1n, 2n ** 40n - 1n]);
    expect(e.args).toEqual([p | 1n, 2 ** 40 - 1]);
    expect(typeof e.args[0]).toBe('bigint');
    expect(typeof e.args[1]).toBe('number');
    expect(t.lookup1(p | 0xffffn)).toBe(e);
    expect(t.lookupWords(new Uint32Array([0x20010db8, 0, 0, 5]))).toBe(e);
    expect(t.lookupWords(new Uint32Array([0x20010db9, 0, 0, 5])).hit).toBe(false);
    expect(t.lookup1(1n).hit).toBe(false);
  });
});

describe('RuntimeTable ternary, range, optional and priority', () => {
  const keys = [
    { name: 'hdr.ipv4.srcAddr', matchKind: 'ternary' as const, width: 32 },
    { name: 'hdr.tcp.dstPort', matchKind: 'range' as const, width: 16 },
    { name: 'meta.flag', matchKind: 'optional' as const, width: 1 },
  ];
  it('higher priority wins; ties go to the first inserted', () => {
    const t = new RuntimeTable(table({ keys }));
    const low = t.insert([{ kind: 'ternary', value: 0x0a000000, mask: 0xff000000 }, { kind: 'any' }, { kind: 'any' }], 'drop', [], 10);
    const high = t.insert([{ kind: 'ternary', value: 0x0a010000, mask: 0xffff0000 }, { kind: 'range', low: 80, high: 90 }, { kind: 'optional', value: 1 }], 'forward', [3, 4], 20);
    expect(t.lookup3(0x0a010203, 85, 1)).toBe(high);
    expect(t.lookup3(0x0a010203, 85, 0)).toBe(low);
    expect(t.lookup3(0x0a010203, 95, 1)).toBe(low);
    expect(t.lookup3(0x0b010203, 85, 1).hit).toBe(false);
    expect(t.entries()[0]).toBe(high);
    expect(() => t.insert([{ kind: 'range', low: 1, high: 2 }, { kind: 'any' }, { kind: 'any' }], 'drop')).toThrow(/range match is not allowed/);
    expect(() => t.insert([{ kind: 'any' }, { kind: 'range', low: 9, high: 2 }, { kind: 'any' }], 'drop')).toThrow(/empty range/);
  });

  it('lower-wins order on request', () => {
    const t = new RuntimeTable(table({ keys: keys.slice(0, 1) }), { priorityOrder: 'lower-wins' });
    t.insert([{ kind: 'any' }], 'drop', [], 10);
    const best = t.insert([{ kind: 'any' }], 'forward', [1, 1], 1);
    expect(t.lookup1(7)).toBe(best);
  });
});

describe('RuntimeTable default actions and const tables', () => {
  it('setDefault updates the default record in place', () => {
    const t = new RuntimeTable(table());
    const d = t.lookup1(9);
    t.setDefault('MyIngress.forward', { dmac: 0xffffffffffff, port: 3 });
    expect(d.actionId).toBe(2);
    expect(d.args).toEqual([0xffffffffffff, 3]);
    expect(t.lookup1(9)).toBe(d);
  });

  it('default args from the description', () => {
    const t = new RuntimeTable(table({ defaultAction: { actionId: 2, args: ['17', '4'], isConst: false } }));
    expect(t.defaultResult.args).toEqual([17, 4]);
  });

  it('rejects a const default, table-only and default-only misuse', () => {
    const t = new RuntimeTable(table({ defaultAction: { actionId: 3, args: [], isConst: true } }));
    expect(() => t.setDefault('drop')).toThrow(/default action is const/);
    const u = new RuntimeTable(table({ actions: [{ ...FORWARD, tableOnly: true }, { ...DROP, defaultOnly: true }] }));
    expect(() => u.setDefault('forward', [1, 1])).toThrow(/@tableonly/);
    expect(() => u.insert([{ kind: 'exact', value: 1 }], 'drop')).toThrow(/@defaultonly/);
  });

  it('const entries are installed and the table rejects changes', () => {
    const t = new RuntimeTable(
      table({
        constEntries: [
          { matches: [{ kind: 'exact', value: '281474976710655' }], actionId: 2, args: ['1', '5'] },
          { matches: [{ kind: 'exact', value: '1' }], actionId: 3, args: [] },
        ],
      }),
    );
    expect(t.hasConstEntries).toBe(true);
    const r = t.lookup1(0xffffffffffff);
    expect(r.hit).toBe(true);
    expect(r.args).toEqual([1, 5]);
    expect(() => t.insert([{ kind: 'exact', value: 2 }], 'drop')).toThrow(/const entries/);
    expect(() => t.remove(r.handle)).toThrow(/const entries/);
    expect(() => t.clear()).toThrow(/const entries/);
  });

  it('initial entries stay changeable', () => {
    const t = new RuntimeTable(table({ initialEntries: [{ matches: [{ kind: 'exact', value: '1' }], actionId: 3, args: [] }] }));
    expect(t.lookup1(1).hit).toBe(true);
    t.clear();
    expect(t.lookup1(1).hit).toBe(false);
  });

  it('an initial entry marked const cannot be modified or removed, and clear() keeps it', () => {
    const t = new RuntimeTable(
      table({
        initialEntries: [
          { matches: [{ kind: 'exact', value: '1' }], actionId: 3, args: [], isConst: true },
          { matches: [{ kind: 'exact', value: '2' }], actionId: 3, args: [] },
        ],
      }),
    );
    const fixed = t.lookup1(1);
    const changeable = t.lookup1(2);
    expect([t.hasConstEntries, t.isConstEntry(fixed), t.isConstEntry(changeable)]).toEqual([false, true, false]);
    expect(() => t.modify(fixed, 'drop')).toThrow(/const/);
    expect(() => t.remove(fixed.handle)).toThrow(/const/);
    t.modify(changeable, 'drop');
    t.insert([{ kind: 'exact', value: 3 }], 'drop');
    t.clear();
    expect([t.lookup1(1).hit, t.lookup1(2).hit, t.lookup1(3).hit, t.size]).toEqual([true, false, false, 1]);
  });
});

describe('RuntimeTable result indices (what generated code reads)', () => {
  it('fast-check: after any script of inserts, removals, default changes and argument changes, match* and the result arrays agree with the records', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('insert' as const), key: fc.nat(40), port: fc.nat(511), drop: fc.boolean() }),
            fc.record({ op: fc.constant('remove' as const), key: fc.nat(40) }),
            fc.record({ op: fc.constant('default' as const), port: fc.nat(511) }),
            fc.record({ op: fc.constant('modify' as const), key: fc.nat(40), port: fc.nat(511) }),
            fc.record({ op: fc.constant('clear' as const) }),
          ),
          { maxLength: 60 },
        ),
        (script) => {
          const t = new RuntimeTable(table());
          const mac = (k: number): number => 0x0a0000000000 + k * 0x10000000f;
          const installed = new Map<number, { port: number; drop: boolean; record: ReturnType<RuntimeTable['insert']> }>();
          let defaultPort = -1;
          for (const s of script) {
            if (s.op === 'insert' && !installed.has(s.key)) {
              const record = s.drop ? t.insert([{ kind: 'exact', value: mac(s.key) }], 'MyIngress.drop') : t.insert([{ kind: 'exact', value: mac(s.key) }], 'MyIngress.forward', [mac(s.key), s.port]);
              installed.set(s.key, { port: s.port, drop: s.drop, record });
            } else if (s.op === 'remove' && installed.has(s.key)) {
              expect(t.remove(installed.get(s.key)!.record.handle)).toBe(true);
              installed.delete(s.key);
            } else if (s.op === 'default') {
              t.setDefault('MyIngress.forward', [1, s.port]);
              defaultPort = s.port;
            } else if (s.op === 'modify' && installed.has(s.key) && !installed.get(s.key)!.drop) {
              installed.get(s.key)!.record.setArgs([mac(s.key), s.port]);
              installed.get(s.key)!.port = s.port;
            } else if (s.op === 'clear') {
              t.clear();
              installed.clear();
            }
          }
          for (let k = 0; k <= 40; k++) {
            const key = mac(k);
            const i = t.match1(key);
            expect(t.match1Split((key - (key >>> 0)) / 4294967296, key | 0)).toBe(i);
            expect(t.resultAt[i]).toBe(t.lookup1(key));
            const want = installed.get(k);
            if (want === undefined) {
              expect(i).toBe(0);
              expect(t.actionOf[0]).toBe(defaultPort < 0 ? 3 : 2);
              if (defaultPort >= 0) expect(t.arg1Of[0]).toBe(defaultPort);
            } else {
              expect(i).toBeGreaterThan(0);
              expect(t.actionOf[i]).toBe(want.drop ? 3 : 2);
              if (!want.drop) {
                expect(t.arg0Of[i]).toBe(key);
                expect(t.arg1Of[i]).toBe(want.port);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
  it("fast-check: a ternary, ternary, range table (esp_policy's shape): after inserts, removals and clears, match3 gives the result index of the entry a reference scan picks", () => {
    const desc = table({
      keys: [
        { name: 'std_meta.ingress_port', matchKind: 'ternary', width: 9 },
        { name: 'meta.protocol', matchKind: 'ternary', width: 8 },
        { name: 'meta.flow', matchKind: 'range', width: 8 },
      ],
    });
    const entry = fc.record({ port: fc.nat(3), portMask: fc.constantFrom(0, 0x1ff, 1), protocol: fc.constantFrom(6, 17, 50), protocolMask: fc.constantFrom(0, 0xff), low: fc.nat(255), span: fc.nat(255), priority: fc.nat(5), out: fc.nat(511) });
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), e: entry }) }, fc.record({ op: fc.constant('remove' as const), at: fc.nat(20) }), fc.record({ op: fc.constant('clear' as const) })), { maxLength: 30 }),
        (script) => {
          const t = new RuntimeTable(desc);
          type E = { port: number; portMask: number; protocol: number; protocolMask: number; low: number; span: number; priority: number; out: number };
          let installed: { e: E; seq: number; record: ReturnType<RuntimeTable['insert']> }[] = [];
          let seq = 0;
          for (const s of script) {
            if (s.op === 'insert') {
              const e = s.e;
              const high = Math.min(255, e.low + e.span);
              try {
                const record = t.insert(
                  [
                    { kind: 'ternary', value: e.port & e.portMask, mask: e.portMask },
                    { kind: 'ternary', value: e.protocol & e.protocolMask, mask: e.protocolMask },
                    { kind: 'range', low: e.low, high },
                  ],
                  'MyIngress.forward',
                  [1, e.out],
                  e.priority,
                );
                installed.push({ e: { ...e, span: high - e.low }, seq: seq++, record });
              } catch (err) {
                if (!(err instanceof ControlError)) throw err; // a duplicate (same match and priority)
              }
            } else if (s.op === 'remove' && s.at < installed.length) {
              expect(t.remove(installed[s.at]!.record.handle)).toBe(true);
              installed = installed.filter((_, i) => i !== s.at);
            } else if (s.op === 'clear') {
              t.clear();
              installed = [];
            }
          }
          const byPrecedence = [...installed].sort((a, b) => b.e.priority - a.e.priority || a.seq - b.seq);
          for (const port of [0, 1, 2, 3]) {
            for (const protocol of [6, 17, 50]) {
              for (let flow = 0; flow < 256; flow += 7) {
                const want = byPrecedence.find(({ e }) => (port & e.portMask) === (e.port & e.portMask) && (protocol & e.protocolMask) === (e.protocol & e.protocolMask) && flow >= e.low && flow <= e.low + e.span);
                const i = t.match3(port, protocol, flow);
                expect(t.resultAt[i]).toBe(want === undefined ? t.defaultResult : want.record);
                expect(t.lookup3(BigInt(port), BigInt(protocol), BigInt(flow))).toBe(t.resultAt[i]);
                if (want !== undefined) expect(t.arg1Of[i]).toBe(want.e.out);
              }
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});


describe('RuntimeTable hit flags (idle timeouts)', () => {
  it('takeHit reads and clears an entry\'s flag; an index freed and reused starts unhit; the arrays grow with the table', () => {
    const t = new RuntimeTable(table());
    const entries = Array.from({ length: 40 }, (_, i) => t.insert([{ kind: 'exact', value: 0x100 + i }], 'MyIngress.drop'));
    const a = entries[33]!;
    expect(t.takeHit(a)).toBe(false);
    t.hitFlags[t.match1(0x100 + 33)] = 1; // what generated code does on a hit
    expect(t.takeHit(a)).toBe(true);
    expect(t.takeHit(a)).toBe(false);
    t.hitFlags[a.index] = 1;
    t.remove(a.handle);
    const b = t.insert([{ kind: 'exact', value: 0x999 }], 'MyIngress.drop');
    expect(b.index).toBe(a.index);
    expect(t.takeHit(b)).toBe(false);
  });
});
