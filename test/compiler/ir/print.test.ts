/**
 * The IR printer (`p4ts compile --dump-ir`): golden IR of a few programs — a router with tables
 * and checksums, a parser-heavy ESP gateway with every extern call an extern site (live sets and
 * call chains), and two fixtures with loops, header stacks, switch statements and `continue` — and the
 * shapes of single constructs.
 */
import { describe, expect, it } from 'vitest';
import { lowerFile } from '../../../compiler/lower-file.ts';
import { printExpression, printProgram, printType } from '../../../compiler/ir/print.ts';
import type { IrExpression } from '../../../compiler/ir/nodes.ts';
import { expectGolden } from '../../golden.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;

const PROGRAMS: readonly { readonly name: string; readonly path: string; readonly asyncAll: boolean }[] = [
  { name: 'l3-router', path: 'examples/l3-router/l3-router.p4', asyncAll: false },
  { name: 'ipsec-esp.async-all', path: 'examples/ipsec-esp/ipsec-esp.p4', asyncAll: true },
  { name: 'language-constructs', path: 'test/fixtures/stf/language-constructs.p4', asyncAll: false },
  { name: 'loop-continue', path: 'test/fixtures/stf/loop-continue.p4', asyncAll: false },
];

describe('printProgram', () => {
  it.each(PROGRAMS)('matches golden/$name.ir', ({ name, path, asyncAll }) => {
    const lowered = lowerFile(`${ROOT}${path}`, { asyncAll });
    expect(lowered.ok).toBe(true);
    const text = printProgram(lowered.ir!, { locate: lowered.locate });
    expect(text).not.toContain(ROOT);
    expectGolden(`${GOLDEN}${name}.ir`, text);
  });

  it('prints every stage in pipeline order and every site with its chain and live set', () => {
    const lowered = lowerFile(`${ROOT}examples/ipsec-esp/ipsec-esp.p4`, { asyncAll: true });
    const text = printProgram(lowered.ir!);
    const stages = [...text.matchAll(/^(\w+): (?:parser|control) /gm)].map((m) => m[1]);
    expect(stages).toEqual(['parser', 'verifyChecksum', 'ingress', 'egress', 'computeChecksum', 'deparser']);
    expect(text).toMatch(/^site 3: esp_encapsulate in ingress > table esp_policy > action encapsulate; live: port$/m);
    // Without `locate`, no source lines.
    expect(text).not.toMatch(/ipsec-esp\.p4:\d+/);
  });
});

describe('printExpression and printType', () => {
  const span = { start: 0, end: 0 };
  const bit = (width: number, signed = false) => ({ kind: 'bits' as const, width, signed });
  const v = { kind: 'local' as const, id: 1, name: 'x', type: bit(8), span };
  const x: IrExpression = { kind: 'variable', type: bit(8), variable: v, span };
  const c = (value: bigint, width = 8): IrExpression => ({ kind: 'constant', type: bit(width), value, span });

  it('writes operators, slices, casts and constants as P4 does', () => {
    expect(printExpression({ kind: 'binary', type: bit(8), op: 'addSat', left: x, right: c(1n), span })).toBe('(x |+| 8w1)');
    expect(printExpression({ kind: 'slice', type: bit(4), base: x, hi: 7, lo: 4, span })).toBe('x[7:4]');
    expect(printExpression({ kind: 'cast', type: bit(16, true), operand: x, span })).toBe('(int<16>)(x)');
    expect(printExpression({ kind: 'conditional', type: bit(8), condition: { kind: 'constant', type: { kind: 'bool' }, value: true, span }, then: x, otherwise: c(0n), span })).toBe('(true ? x : 8w0)');
    expect(printExpression({ kind: 'concat', type: bit(16), left: x, right: c(255n), span })).toBe('(x ++ 8w255)');
  });

  it('writes types', () => {
    expect(printType(bit(9))).toBe('bit<9>');
    expect(printType(bit(32, true))).toBe('int<32>');
    expect(printType({ kind: 'stack', element: bit(8), size: 4 })).toBe('bit<8>[4]');
    expect(printType({ kind: 'tuple', elements: [bit(1), { kind: 'bool' }] })).toBe('tuple<bit<1>, bool>');
  });
});
