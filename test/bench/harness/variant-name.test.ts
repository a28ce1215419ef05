import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L2FWD_KIND_NAMES, parseVariantName, variantName, VariantNameError, type BenchVariant } from '../../../bench/harness/variant-name.ts';

const variantArb: fc.Arbitrary<BenchVariant> = fc.oneof(
  fc.constantFrom(...L2FWD_KIND_NAMES).map((kind): BenchVariant => ({ scenario: 'l2fwd', kind })),
  fc
    .record({
      implementation: fc.constantFrom('compiled' as const, 'handwritten' as const),
      variant: fc.constantFrom('sync-inline' as const, 'sync-offload' as const, 'context' as const, 'longjump' as const),
      percent: fc.integer({ min: 0, max: 100 }),
    })
    .map((r): BenchVariant => ({ scenario: 'ipsec', ...r })),
);

describe('bench variant names (bench/profile.ts --variant, bench/base-cost.ts --variants)', () => {
  it('reads the names the scripts document', () => {
    expect(parseVariantName('l2fwd-sync')).toEqual({ scenario: 'l2fwd', kind: 'sync' });
    expect(parseVariantName('l2fwd-sync-stages')).toEqual({ scenario: 'l2fwd', kind: 'sync-stages' });
    expect(parseVariantName('l2fwd-map-loop')).toEqual({ scenario: 'l2fwd', kind: 'map-loop' });
    expect(parseVariantName('ipsec-longjump-10')).toEqual({ scenario: 'ipsec', implementation: 'compiled', variant: 'longjump', percent: 10 });
    expect(parseVariantName('ipsec-hand-sync-inline-100')).toEqual({ scenario: 'ipsec', implementation: 'handwritten', variant: 'sync-inline', percent: 100 });
    expect(parseVariantName('ipsec-sync-offload-0')).toEqual({ scenario: 'ipsec', implementation: 'compiled', variant: 'sync-offload', percent: 0 });
  });

  it('fast-check: every name it prints parses back to the same variant', () => {
    fc.assert(
      fc.property(variantArb, (v) => {
        expect(parseVariantName(variantName(v))).toEqual(v);
      }),
    );
  });

  it('fast-check: a name that parses is the one the printer gives for its variant (one name per variant)', () => {
    const nameArb = fc.oneof(
      variantArb.map(variantName),
      // near misses: a printed name with characters dropped, added or replaced
      fc.tuple(variantArb.map(variantName), fc.nat(), fc.constantFrom('', '-', '0', '1', 'x', 'hand-', ' ')).map(([n, at, s]) => {
        const i = at % (n.length + 1);
        return n.slice(0, i) + s + n.slice(i + (at % 2));
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(nameArb, (name) => {
        let parsed: BenchVariant;
        try {
          parsed = parseVariantName(name);
        } catch (e) {
          expect(e).toBeInstanceOf(VariantNameError);
          // the error names the input and the forms accepted
          expect((e as Error).message).toContain(`'${name}'`);
          expect((e as Error).message).toContain('expected l2fwd-KIND');
          return;
        }
        expect(variantName(parsed)).toBe(name);
      }),
    );
  });

  it('says what is wrong with a bad name', () => {
    expect(() => parseVariantName('l2fwd-fast')).toThrow(/unknown variant 'l2fwd-fast': no l2fwd kind 'fast'; expected l2fwd-KIND \(KIND: sync, sync-stages, context, longjump, handwritten, map-loop\)/);
    expect(() => parseVariantName('ipsec-longjump')).toThrow(/no share of ESP traffic \(-PCT\) at its end/);
    expect(() => parseVariantName('ipsec-sync-inline')).toThrow(/no share of ESP traffic/);
    expect(() => parseVariantName('ipsec-longjump-101')).toThrow(/the share '101' is not a whole percentage from 0 to 100/);
    expect(() => parseVariantName('ipsec-longjump-010')).toThrow(/the share '010' is not a whole percentage/);
    expect(() => parseVariantName('ipsec-hand-10')).toThrow(/no IPsec variant 'hand'/);
    expect(() => parseVariantName('ipsec-inline-10')).toThrow(/no IPsec variant 'inline'/);
    expect(() => parseVariantName('ipsec-longjump-')).toThrow(/no share of ESP traffic/);
    expect(() => parseVariantName('ipsec-longjump-1e2')).toThrow(/no share of ESP traffic/);
    expect(() => parseVariantName('sync')).toThrow(/neither an l2fwd nor an ipsec variant/);
    expect(() => parseVariantName('l2fwd-constructor')).toThrow(/no l2fwd kind 'constructor'/);
  });
});
