import { describe, expect, it } from 'vitest';
import { lowerFile } from '../../../compiler/lower-file.ts';
import { readSourceText } from '../../../compiler/source/index.ts';
import { derivePacketWork } from '../../../compiler/packet-work/index.ts';
import { SMALLEST_SHAPE, nonNegativeLeastSquares } from '../../../bench/calibrate/solve.ts';
import { OPERATION_SHAPES, OP_SITE_SHAPES, STREAM_SHAPE, liveChecks, syntheticFrames, syntheticProgram, type SyntheticShape } from '../../../bench/calibrate/programs.ts';
import { compileShape, straightPathText } from '../../../bench/calibrate/index.ts';
import { PayloadOp } from '../../../contract/p4ts-operations.ts';
import type { PathWork } from '../../../runtime/model/index.ts';

function counts(shape: SyntheticShape): { plain: PathWork; extern: PathWork } {
  const path = `/calibrate/${shape.name}.p4`;
  const text = syntheticProgram(shape);
  const lowered = lowerFile(path, { readFile: (p) => (p === path ? text : readSourceText(p)) });
  expect(lowered.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return derivePacketWork(lowered.ir!).work;
}

describe('calibration programs', () => {
  const base = counts(OPERATION_SHAPES[0]!).plain;

  it('the smallest: one 14-byte header parsed and emitted, the egress port, no table, no site; the streaming shape adds only the burn site on the extern path', () => {
    expect([base.headersParsed, base.bytesParsed, base.headersEmitted, base.bytesEmitted, base.lookups, base.externCalls]).toEqual([1, 14, 1, 14, {}, []]);
    const stream = counts(STREAM_SHAPE);
    expect(stream.extern.externCalls.map((c) => c.ops)).toEqual([[{ kind: 'burn', cycles: 0 }]]);
    expect([stream.plain.headersParsed, stream.plain.lookups, stream.plain.actionPrimitives]).toEqual([base.headersParsed, base.lookups, base.actionPrimitives]);
  });

  it('the ESP and AES site shapes differ from the streaming shape only in the operation at the site, which works on the 46 bytes after the header', () => {
    const stream = counts(STREAM_SHAPE);
    const esp = counts(OP_SITE_SHAPES.esp);
    const aes = counts(OP_SITE_SHAPES.aes);
    expect(esp.extern.externCalls.map((c) => [c.op, c.taskBytes])).toEqual([[PayloadOp.EspEncapsulate, 46]]);
    expect(aes.extern.externCalls.map((c) => [c.op, c.taskBytes])).toEqual([[PayloadOp.AesEncrypt, 46]]);
    for (const x of [esp, aes]) expect({ ...x.plain, externCalls: [] }).toEqual({ ...stream.plain, externCalls: [] });
    // their extern frames carry an IPv4 packet of 46 bytes (version 4, total length 46)
    const f = syntheticFrames(0x88b6, 4, { ipv4: true })[3]!;
    expect([f[12], f[13], f[14], f[16], f[17]]).toEqual([0x88, 0xb6, 0x45, 0, 46]);
  });

  it('each shape adds the work its name says, as the analysis counts it', () => {
    const delta = (name: string): Partial<Record<string, unknown>> => {
      const c = counts(OPERATION_SHAPES.find((s) => s.name === name)!).plain;
      return { parsed: c.headersParsed - base.headersParsed, parsedBytes: c.bytesParsed - base.bytesParsed, emitted: c.headersEmitted - base.headersEmitted, emittedBytes: c.bytesEmitted - base.bytesEmitted, primitives: c.actionPrimitives - base.actionPrimitives, lookups: c.lookups };
    };
    expect(delta('ipv4-2')).toEqual({ parsed: 2, parsedBytes: 40, emitted: 2, emittedBytes: 40, primitives: 0, lookups: {} });
    expect(delta('ethernet-3')).toEqual({ parsed: 3, parsedBytes: 42, emitted: 3, emittedBytes: 42, primitives: 0, lookups: {} });
    expect(delta('rewrite-ethernet-3')).toEqual({ parsed: 3, parsedBytes: 42, emitted: 3, emittedBytes: 42, primitives: 3, lookups: {} });
    expect(delta('lookahead-ipv4-6')).toMatchObject({ parsed: 6, parsedBytes: 120, emitted: 0, primitives: 12 });
    expect(delta('primitives-24')).toMatchObject({ parsed: 0, primitives: 24 });
    for (const kind of ['exact', 'lpm', 'ternary', 'range']) expect(delta(`tables-${kind}-4`)).toMatchObject({ parsed: 0, lookups: { [kind]: 4 } });
  });

  it('only the rewrite shape has headers a straight path must write: the others emit every header where the parser found it', () => {
    const rewritten = Object.fromEntries(OPERATION_SHAPES.map((s) => [s.name, counts(s).plain.headersRewritten]));
    expect(rewritten).toEqual(Object.fromEntries(OPERATION_SHAPES.map((s) => [s.name, s.name === 'rewrite-ethernet-3' ? 3 : 0])));
  });
});

describe('nonNegativeLeastSquares', () => {
  it('recovers the coefficients of exact data, and pins a would-be negative one to 0', () => {
    const a = [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 2, 1], [1, 3, 2]];
    const x = [10, 2, 5];
    const b = a.map((r) => r.reduce((s, v, i) => s + v * x[i]!, 0));
    nonNegativeLeastSquares(a, b).forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 9));
    const y = nonNegativeLeastSquares(a, a.map((r) => 10 + r[1]! * 2 - r[2]! * 0.5));
    expect(y[2]).toBe(0);
    expect(y.every((v) => v >= 0)).toBe(true);
  });
});

describe('calibration programs: the smallest shape', () => {
  it('every operation shape counts at least the smallest shape\'s work of every kind (the solver takes each shape\'s difference to it)', () => {
    const flat = (x: unknown, at = ''): [string, number][] => (typeof x === 'number' ? [[at, x]] : typeof x === 'object' && x !== null ? Object.entries(x).flatMap(([k, v]) => flat(v, `${at}.${k}`)) : []);
    const least = new Map(flat(counts(OPERATION_SHAPES.find((s) => s.name === SMALLEST_SHAPE)!).plain));
    expect(least.size).toBeGreaterThan(0);
    for (const shape of OPERATION_SHAPES) {
      const below = flat(counts(shape).plain).filter(([k, v]) => least.has(k) && v < least.get(k)!).map(([k]) => k);
      expect({ shape: shape.name, below }).toEqual({ shape: shape.name, below: [] });
    }
  });
});

describe('calibration programs: the work is live', () => {
  /** The metadata a shape's straight path (sync mode) assigns and never reads afterwards: work the JIT may drop. */
  function deadAssignments(shape: SyntheticShape): string[] {
    const { code } = compileShape(shape, 'sync');
    const text = straightPathText(code)!;
    expect(text).toBeDefined();
    const dead: string[] = [];
    for (const m of text.matchAll(/^\s*(meta_\w+) = /gm)) {
      const name = m[1]!;
      const after = text.slice(m.index! + m[0].length);
      // a read: the name anywhere but as the target of an assignment
      if (!new RegExp(`\\b${name}\\b(?!\\s*=[^=])`).test(after)) dead.push(name);
    }
    return dead;
  }

  it('every value the lookahead and primitive shapes write is read again in the generated straight path (until 2026-12-07 none was, and those shapes measured the one-header program)', () => {
    for (const name of ['lookahead-ipv4-3', 'lookahead-ipv4-6', 'lookahead-ethernet-4', 'primitives-24']) {
      const shape = OPERATION_SHAPES.find((s) => s.name === name)!;
      expect({ name, dead: deadAssignments(shape) }).toEqual({ name, dead: [] });
    }
    // the check would see it: without the reads, the primitives are written and never read
    const written = syntheticProgram(OPERATION_SHAPES.find((s) => s.name === 'primitives-24')!);
    expect(liveChecks({ name: 'x', primitives: 2, lookaheadsIpv4: 1, lookaheadsEthernet: 1 })).toHaveLength(6);
    expect(written).toContain('if (meta.p23 == meta.addr) { mark_to_drop(sm); }');
  });

  it("no liveness check compares a field with a constant outside the field's reachable range (V8 types such a test as false and folds it, and the work with it)", () => {
    // the range V8 can prove for each checked field: a lookahead field is a header field of its
    // width; a primitive `meta.p{i} = meta.addr + (i+1)` with `meta.addr` a 16-bit EtherType
    const range = (field: string): [number, number] => {
      const p = /^meta_p(\d+)$/.exec(field);
      if (p !== null) return [Number(p[1]) + 1, 0xffff + Number(p[1]) + 1];
      const width = { n: 16, a: 48, b: 48, m: 32 }[field[5]!]!;
      return [0, 2 ** width - 1];
    };
    let checks = 0;
    for (const name of ['lookahead-ipv4-3', 'lookahead-ipv4-6', 'lookahead-ethernet-4', 'primitives-24']) {
      const text = straightPathText(compileShape(OPERATION_SHAPES.find((s) => s.name === name)!, 'sync').code)!;
      for (const m of text.matchAll(/if \(\((meta_\w+) === (\w+)\)\)/g)) {
        checks++;
        const [field, rhs] = [m[1]!, m[2]!];
        if (!/^(0x[0-9a-f]+|\d+)$/i.test(rhs)) continue; // a runtime value: no range proof folds it
        const [lo, hi] = range(field);
        expect({ name, field, rhs, inRange: Number(rhs) >= lo && Number(rhs) <= hi }).toEqual({ name, field, rhs, inRange: true });
      }
    }
    expect(checks).toBe(3 * 1 + 6 * 1 + 4 * 3 + 24);
    // the check would see the old form: all-ones is outside meta.p0's range [1, 65536]
    expect(0xffffffff > range('meta_p0')[1]).toBe(true);
  });

  it('a lookahead decodes every field of its header, as the analysis counts it (a header parsed), not only the field it keeps', () => {
    const text = straightPathText(compileShape(OPERATION_SHAPES.find((s) => s.name === 'lookahead-ipv4-3')!, 'sync').code)!;
    const decoded = [...text.matchAll(/^\s*parser_lookahead(?:_\d+)?_(\w+) = .*data\[/gm)].map((m) => m[1]);
    expect(decoded).toHaveLength(3 * 12);
    expect(new Set(decoded)).toEqual(new Set(['version', 'ihl', 'tos', 'len', 'id', 'flags', 'frag', 'ttl', 'proto', 'csum', 'src', 'dst']));
    const eth = straightPathText(compileShape(OPERATION_SHAPES.find((s) => s.name === 'lookahead-ethernet-4')!, 'sync').code)!;
    expect([...eth.matchAll(/^\s*parser_lookahead(?:_\d+)?_(\w+) = .*data\[/gm)]).toHaveLength(4 * 3);
  });

  it("the reads' branch is a drop no calibration frame takes, so the analysis leaves it out of the plain path's counts", () => {
    const plain = counts(OPERATION_SHAPES.find((s) => s.name === 'primitives-24')!).plain;
    expect(plain.actionPrimitives - base0().actionPrimitives).toBe(24);
    // the walk took the branch that forwards: the packet goes out whole
    expect(plain.frameBytesOut).toBe(plain.frameBytesIn);
    expect(plain.frameBytesOut).toBeGreaterThan(0);
  });
});

function base0(): PathWork {
  return counts(OPERATION_SHAPES[0]!).plain;
}
