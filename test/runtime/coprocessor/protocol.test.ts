import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Coprocessor, PacketPool } from '../../../runtime/coprocessor/index.ts';
import { MAX_CODE, MAX_SPAN, codeOf, lengthOf, offsetOf, opOf, opWord, resultWord, spanWord, statusOf } from '../../../runtime/coprocessor/protocol.ts';

describe('slot words', () => {
  test('offset and length, opcode, status and code come back as they went in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SPAN }), fc.integer({ min: 0, max: MAX_SPAN }), (offset, length) => {
        const w = spanWord(offset, length);
        expect([offsetOf(w), lengthOf(w)]).toEqual([offset, length]);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: MAX_CODE }), (op, status, code) => {
        const w = resultWord(op, status, code);
        expect([opOf(w), statusOf(w), codeOf(w)]).toEqual([op, status, code]);
        expect(opOf(opWord(op))).toBe(op);
      }),
    );
  });

  test('values a slot cannot carry become ones that fail the task, never another valid task', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: MAX_SPAN + 1 })), fc.integer({ min: 0, max: MAX_SPAN }), (bad, good) => {
        expect(offsetOf(spanWord(bad, good))).toBe(MAX_SPAN);
        expect(lengthOf(spanWord(good, bad))).toBe(MAX_SPAN);
      }),
    );
    // no operation has opcode 0; a code too large for 16 bits comes back as MAX_CODE
    for (const op of [-1, 256, 1 << 20]) expect(opWord(op)).toBe(0);
    expect(codeOf(resultWord(16, 1, MAX_CODE + 5))).toBe(MAX_CODE);
  });

  test('a pool whose buffers a slot cannot address is refused', () => {
    // MAX_SPAN stands for an offset or a length a slot cannot carry: no buffer may hold it
    expect(() => new Coprocessor({ pool: PacketPool.create(2, MAX_SPAN + 1) })).toThrow(/at most 65534/);
    expect(() => new Coprocessor({ pool: PacketPool.create(2, MAX_SPAN) })).toThrow(/at most 65534/);
    expect(() => new Coprocessor({ pool: PacketPool.create(2, MAX_SPAN - 1) })).not.toThrow();
  });
});
