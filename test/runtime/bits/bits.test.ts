import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as N from '../../../runtime/bits/narrow.ts';
import * as W from '../../../runtime/bits/wide.ts';
import * as C from '../../../runtime/bits/convert.ts';

/** An arbitrary width 1..32 with an unsigned and a signed value of that width. */
const widthAndBits = fc.integer({ min: 1, max: 32 }).chain((w) =>
  fc.tuple(fc.constant(w), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n }), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n })),
);
const widthAndInts = fc.integer({ min: 1, max: 32 }).chain((w) =>
  fc.tuple(
    fc.constant(w),
    fc.bigInt({ min: -(1n << BigInt(w - 1)), max: (1n << BigInt(w - 1)) - 1n }),
    fc.bigInt({ min: -(1n << BigInt(w - 1)), max: (1n << BigInt(w - 1)) - 1n }),
  ),
);

type Bin = (a: number, b: number, w: number) => number;
type BinWide = (a: bigint, b: bigint, w: number) => bigint;

function agreesUnsigned(name: string, f: Bin, ref: BinWide): void {
  it(`${name} (bit<W>) agrees with the bigint reference`, () => {
    fc.assert(
      fc.property(widthAndBits, ([w, a, b]) => {
        expect(f(Number(a), Number(b), w)).toBe(Number(ref(a, b, w)));
      }),
      { numRuns: 500 },
    );
  });
}
function agreesSigned(name: string, f: Bin, ref: BinWide): void {
  it(`${name} (int<W>) agrees with the bigint reference`, () => {
    fc.assert(
      fc.property(widthAndInts, ([w, a, b]) => {
        expect(f(Number(a), Number(b), w)).toBe(Number(ref(a, b, w)));
      }),
      { numRuns: 500 },
    );
  });
}

describe('narrow (number) variants against the bigint reference', () => {
  agreesUnsigned('add', N.addBits, W.addWide);
  agreesUnsigned('sub', N.subBits, W.subWide);
  agreesUnsigned('mul', N.mulBits, W.mulWide);
  agreesUnsigned('|+|', N.satAddBits, W.satAddWide);
  agreesUnsigned('|-|', N.satSubBits, W.satSubWide);
  agreesUnsigned('/', (a, b) => N.divBits(a, b), (a, b) => W.divWide(a, b));
  agreesUnsigned('%', (a, b) => N.modBits(a, b), (a, b) => W.modWide(a, b));
  agreesSigned('add', N.addInt, W.addIntWide);
  agreesSigned('sub', N.subInt, W.subIntWide);
  agreesSigned('mul', N.mulInt, W.mulIntWide);
  agreesSigned('|+|', N.satAddInt, W.satAddIntWide);
  agreesSigned('|-|', N.satSubInt, W.satSubIntWide);

  it('unary ops agree', () => {
    fc.assert(
      fc.property(widthAndBits, widthAndInts, ([w, a], [v, x]) => {
        expect(N.negBits(Number(a), w)).toBe(Number(W.negWide(a, w)));
        expect(N.notBits(Number(a), w)).toBe(Number(W.notWide(a, w)));
        expect(N.negInt(Number(x), v)).toBe(Number(W.negIntWide(x, v)));
        expect(N.notInt(Number(x), v)).toBe(Number(W.notIntWide(x, v)));
      }),
    );
  });

  it('shifts agree, including counts ≥ width', () => {
    fc.assert(
      fc.property(widthAndBits, widthAndInts, fc.integer({ min: 0, max: 40 }), ([w, a], [v, x], n) => {
        expect(N.shlBits(Number(a), n, w)).toBe(Number(W.shlWide(a, n, w)));
        expect(N.shrBits(Number(a), n, w)).toBe(Number(W.shrWide(a, n, w)));
        expect(N.shlInt(Number(x), n, v)).toBe(Number(W.shlIntWide(x, n, v)));
        expect(N.shrInt(Number(x), n, v)).toBe(Number(W.shrIntWide(x, n, v)));
      }),
      { numRuns: 1000 },
    );
  });

  it('slices and slice assignment agree', () => {
    fc.assert(
      fc.property(widthAndBits, fc.nat(), fc.nat(), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), ([w, a], p, q, v) => {
        const hi = p % w;
        const lo = q % (hi + 1);
        expect(N.sliceBits(Number(a), hi, lo)).toBe(Number(W.sliceWide(a, hi, lo)));
        expect(N.setSliceBits(Number(a), hi, lo, Number(v), w)).toBe(Number(W.setSliceWide(a, hi, lo, v, w)));
      }),
      { numRuns: 1000 },
    );
  });

  it('concatenation agrees (unsigned and signed results)', () => {
    fc.assert(
      fc.property(widthAndBits, widthAndInts, ([wb, b], [wa, a]) => {
        fc.pre(wa + wb <= 32);
        expect(N.concatBits(Number(a), wa, Number(b), wb)).toBe(Number(W.concatWide(a, wa, b, wb)));
        expect(N.concatInt(Number(a), wa, Number(b), wb)).toBe(Number(W.concatIntWide(a, wa, b, wb)));
      }),
      { numRuns: 1000 },
    );
  });

  it('casts agree', () => {
    fc.assert(
      fc.property(widthAndBits, widthAndInts, fc.integer({ min: 1, max: 32 }), ([w, a], [v, x], to) => {
        expect(N.castBits(Number(a), to)).toBe(Number(W.castWide(a, to)));
        expect(N.castInt(Number(x), to)).toBe(Number(W.castIntWide(x, to)));
        expect(N.bitsToInt(Number(a), w)).toBe(Number(BigInt.asIntN(w, a)));
        expect(N.intToBits(Number(x), v)).toBe(Number(BigInt.asUintN(v, x)));
      }),
    );
  });
});

describe('edge cases', () => {
  it('32-bit values stay unsigned / signed', () => {
    expect(N.addBits(0xffffffff, 1, 32)).toBe(0);
    expect(N.addBits(0xfffffffe, 1, 32)).toBe(0xffffffff);
    expect(N.subBits(0, 1, 32)).toBe(0xffffffff);
    expect(N.addInt(0x7fffffff, 1, 32)).toBe(-0x80000000);
    expect(N.mulBits(0xffffffff, 0xffffffff, 32)).toBe(1);
    expect(N.satAddBits(0xffffffff, 5, 32)).toBe(0xffffffff);
    expect(N.satAddInt(0x7ffffff0, 0x100, 32)).toBe(0x7fffffff);
    expect(N.satSubInt(-0x7ffffff0, 0x100, 32)).toBe(-0x80000000);
    expect(N.satSubBits(3, 5, 8)).toBe(0);
  });
  it('shift count ≥ width', () => {
    expect(N.shlBits(1, 8, 8)).toBe(0);
    expect(N.shrInt(-5, 100, 8)).toBe(-1);
    expect(N.shrInt(5, 100, 8)).toBe(0);
    expect(N.shrBits(0x80000000, 31, 32)).toBe(1);
    expect(N.shlBits(1, 31, 32)).toBe(0x80000000);
    expect(W.shiftCount(1n << 70n)).toBe(0xfffff);
  });
  it('division by zero gives 0', () => {
    expect(N.divBits(7, 0)).toBe(0);
    expect(N.modBits(7, 0)).toBe(0);
    expect(W.divWide(7n, 0n)).toBe(0n);
  });
  it('bit<0> is 0', () => {
    expect(N.truncBits(12345, 0)).toBe(0);
    expect(N.truncInt(-1, 0)).toBe(0);
  });
  it('wide values are exact at 128 bits', () => {
    const max = (1n << 128n) - 1n;
    expect(W.addWide(max, 1n, 128)).toBe(0n);
    expect(W.satAddWide(max, 1n, 128)).toBe(max);
    expect(W.shrIntWide(-(1n << 127n), 127, 128)).toBe(-1n);
    expect(W.sliceWide(0x0123456789abcdef0011n, 79, 64)).toBe(0x0123n);
  });
});

describe('conversion at the 32-bit boundary', () => {
  it('narrow to wide and back', () => {
    expect(C.bitsToWide(0xffffffff)).toBe(0xffffffffn);
    expect(C.intToWide(-1)).toBe(-1n);
    expect(C.narrowToWideBits(-1, 48)).toBe(0xffffffffffffn);
    expect(C.narrowToWideInt(-2, 48)).toBe(-2n);
    expect(C.wideToBits(0x123456789n, 32)).toBe(0x23456789);
    expect(C.wideToInt(0xfffffffffn, 32)).toBe(-1);
    expect(C.sliceWideToBits(0xaabbccddeeffn, 23, 0)).toBe(0xddeeff);
    expect(C.concatNarrowToWide(0xffff, 16, 0xffffffff, 32)).toBe(0xffffffffffffn);
  });
  it('property: wide → narrow → wide is truncation', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }), fc.integer({ min: 1, max: 32 }), (v, w) => {
        expect(C.bitsToWide(C.wideToBits(v, w))).toBe(BigInt.asUintN(w, v));
        expect(C.intToWide(C.wideToInt(v, w))).toBe(BigInt.asIntN(w, v));
      }),
    );
  });
  it('parses literals', () => {
    expect(C.parseBigIntLiteral('0x1F')).toBe(31n);
    expect(C.parseBigIntLiteral('0b1_01')).toBe(5n);
    expect(C.parseBigIntLiteral('12')).toBe(12n);
    expect(C.parseBigIntLiteral('1x')).toBeUndefined();
  });
});
