import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbstractState } from '../../../compiler/packet-work/abstract-state.ts';
import type { IrBinaryOperator, IrExpression, IrType, IrV1Program } from '../../../compiler/ir/nodes.ts';
import { NO_SPAN } from '../../../compiler/source/index.ts';

const bits = (width: number, signed = false): IrType => ({ kind: 'bits', width, signed });
const BOOL: IrType = { kind: 'bool' };
const constant = (value: bigint | boolean, type: IrType): IrExpression => ({ kind: 'constant', type, value, span: NO_SPAN });
const binary = (op: IrBinaryOperator, left: IrExpression, right: IrExpression, type: IrType): IrExpression => ({ kind: 'binary', op, left, right, type, span: NO_SPAN });
/** A local whose value the walk does not know. */
const unknown = (type: IrType): IrExpression => ({ kind: 'variable', type, variable: { kind: 'local', id: 99, name: 'x', type, span: NO_SPAN }, span: NO_SPAN });

// the state only reads the program's headers and standard metadata variables (for initial values)
const state = (): AbstractState => new AbstractState({ headers: {}, standardMetadata: {} } as unknown as IrV1Program);

describe('AbstractState: values folded with the checker\u2019s constant semantics', () => {
  it('fixed-width arithmetic wraps, saturating operators saturate, like the checker', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b) => {
        const s = state();
        const at = (op: IrBinaryOperator) => s.eval(binary(op, constant(BigInt(a), bits(8)), constant(BigInt(b), bits(8)), bits(8)));
        expect(at('add')).toBe(BigInt((a + b) & 0xff));
        expect(at('sub')).toBe(BigInt((a - b) & 0xff));
        expect(at('addSat')).toBe(BigInt(Math.min(255, a + b)));
        expect(at('subSat')).toBe(BigInt(Math.max(0, a - b)));
        expect(s.eval(binary('lt', constant(BigInt(a), bits(8)), constant(BigInt(b), bits(8)), BOOL))).toBe(a < b);
      }),
    );
  });

  it('&& and || are decided by one known side; anything over an unknown value is unknown', () => {
    const s = state();
    expect(s.eval(binary('land', unknown(BOOL), constant(false, BOOL), BOOL))).toBe(false);
    expect(s.eval(binary('lor', constant(true, BOOL), unknown(BOOL), BOOL))).toBe(true);
    expect(s.eval(binary('land', unknown(BOOL), constant(true, BOOL), BOOL))).toBeUndefined();
    expect(s.eval(binary('add', unknown(bits(8)), constant(1n, bits(8)), bits(8)))).toBeUndefined();
  });

  it('remembers writes to locals, and a whole-aggregate write forgets its parts', () => {
    const s = state();
    const x = unknown(bits(8));
    s.set(x, 7n);
    expect(s.eval(binary('mul', x, constant(3n, bits(8)), bits(8)))).toBe(21n);
    const field: IrExpression = { kind: 'field', type: bits(8), base: x, field: 'f', span: NO_SPAN };
    s.set(field, 1n);
    expect(s.eval(field)).toBe(1n);
    s.set(x, undefined);
    expect(s.eval(field)).toBeUndefined();
  });
});
