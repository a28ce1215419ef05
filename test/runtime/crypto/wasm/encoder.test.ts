import { describe, expect, it } from 'vitest';
import { Code, encodeModule, Op, sleb, uleb } from '../../../../runtime/crypto/wasm/encoder.ts';
import { wasmApi } from '../../../../runtime/crypto/wasm/kernel.ts';

describe('LEB128', () => {
  it('unsigned', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(RangeError);
    expect(() => uleb(2 ** 32)).toThrow(RangeError);
  });
  it('signed', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    // Values above 2^31 - 1 are their 32-bit two's complement.
    expect(sleb(0xffffffff)).toEqual(sleb(-1));
    expect(() => sleb(0.5)).toThrow(RangeError);
  });
});

describe('encodeModule', () => {
  const api = wasmApi()!;
  const instantiate = (bytes: Uint8Array): Record<string, (...a: number[]) => number> =>
    new api.Instance(new api.Module(bytes), {}).exports as Record<string, (...a: number[]) => number>;

  it('a module that adds two numbers compiles and runs (i32 wrap-around included)', () => {
    const body = new Code().get(0).get(1).op(Op.add);
    const { add } = instantiate(encodeModule({ memoryPages: 1, functions: [{ name: 'add', params: 2, results: 1, locals: 0, body }] }));
    expect(add!(2, 3)).toBe(5);
    expect(add!(0x7fffffff, 1)).toBe(-0x80000000);
  });

  it('loops, calls, locals, memory and rotate', () => {
    // rotl1(x) = rotl(x, 1); sum(n) = sum over i < n of rotl1(i), with memory[0] as the accumulator.
    const rotl1 = new Code().get(0).i32(1).op(Op.rotl);
    const sum = new Code()
      .i32(0).i32(0).store()
      .block().get(0).op(Op.eqz).brIf(0)
      .loop()
      .get(0).i32(1).op(Op.sub).tee(0)
      .set(1).i32(0).i32(0).load().get(1).call(0).op(Op.add).store()
      .get(0).brIf(0)
      .end().end()
      .i32(0).load();
    const m = instantiate(
      encodeModule({
        memoryPages: 1,
        functions: [
          { name: 'rotl1', params: 1, results: 1, locals: 0, body: rotl1 },
          { name: 'sum', params: 1, results: 1, locals: 1, body: sum },
        ],
      }),
    );
    expect(m.rotl1!(0x80000001)).toBe(3);
    expect(m.sum!(0)).toBe(0);
    expect(m.sum!(10)).toBe(2 * 45);
  });

  it('a malformed body is rejected by the engine', () => {
    const body = new Code().op(Op.add); // nothing on the stack
    expect(() => new api.Module(encodeModule({ memoryPages: 1, functions: [{ name: 'f', params: 0, results: 1, locals: 0, body }] }))).toThrow();
  });
});
