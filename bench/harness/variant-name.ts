/**
 * The names of single bench variants on the command line of the stand-alone scripts
 * (`bench/profile.ts --variant`, `bench/base-cost.ts --variants`): one parser and one printer, so
 * the scripts accept the same names.
 *
 * - `l2fwd-KIND`: scenario l2fwd's variant (`L2fwdVariantOptions['variant']`: sync, sync-stages,
 *   context, longjump, handwritten, map-loop);
 * - `ipsec-VARIANT-PCT` and `ipsec-hand-VARIANT-PCT`: examples/ipsec-esp compiled or written by
 *   hand, VARIANT sync-inline, sync-offload, context or longjump, PCT the share of ESP traffic as a
 *   whole percentage from 0 to 100 (`ipsec-longjump-10`).
 */
import type { AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import type { L2fwdVariantOptions } from '../scenarios/l2fwd.ts';

export type L2fwdKind = L2fwdVariantOptions['variant'];

/** A variant the scripts can run by name. */
export type BenchVariant =
  | { readonly scenario: 'l2fwd'; readonly kind: L2fwdKind }
  | { readonly scenario: 'ipsec'; readonly implementation: 'compiled' | 'handwritten'; readonly variant: AsyncVariantName; readonly percent: number };

// Records, so that the compiler says when a kind is added to the scenario and not here.
const L2FWD_KINDS: Record<L2fwdKind, true> = { sync: true, 'sync-stages': true, context: true, longjump: true, handwritten: true, 'map-loop': true };
const ASYNC_VARIANTS: Record<AsyncVariantName, true> = { 'sync-inline': true, 'sync-offload': true, context: true, longjump: true };

/** Every l2fwd kind, in the order the usage lists them. */
export const L2FWD_KIND_NAMES = Object.keys(L2FWD_KINDS) as L2fwdKind[];
const ASYNC_VARIANT_NAMES = Object.keys(ASYNC_VARIANTS) as AsyncVariantName[];

/** The accepted forms, for usage lines and errors. */
export const VARIANT_NAME_FORMS =
  `l2fwd-KIND (KIND: ${L2FWD_KIND_NAMES.join(', ')}) or ipsec-[hand-]VARIANT-PCT ` +
  `(VARIANT: ${ASYNC_VARIANT_NAMES.join(', ')}; PCT: the share of ESP traffic, a whole percentage 0-100), e.g. ipsec-longjump-10`;

export class VariantNameError extends Error {}

const has = <K extends string>(set: Record<K, true>, s: string): s is K => Object.hasOwn(set, s);

/** The variant a name stands for; a `VariantNameError` saying what is accepted for any other name. */
export function parseVariantName(name: string): BenchVariant {
  const bad = (why: string): VariantNameError => new VariantNameError(`unknown variant '${name}': ${why}; expected ${VARIANT_NAME_FORMS}`);
  if (name.startsWith('l2fwd-')) {
    const kind = name.slice('l2fwd-'.length);
    if (!has(L2FWD_KINDS, kind)) throw bad(`no l2fwd kind '${kind}'`);
    return { scenario: 'l2fwd', kind };
  }
  if (name.startsWith('ipsec-')) {
    const m = /^ipsec-(hand-)?(.*)-([0-9]+)$/.exec(name);
    if (m === null) throw bad('no share of ESP traffic (-PCT) at its end');
    const [, hand, variant, pct] = m as unknown as [string, string | undefined, string, string];
    if (!has(ASYNC_VARIANTS, variant)) throw bad(`no IPsec variant '${variant}'`);
    if (!/^(0|[1-9][0-9]*)$/.test(pct) || Number(pct) > 100) throw bad(`the share '${pct}' is not a whole percentage from 0 to 100`);
    return { scenario: 'ipsec', implementation: hand === undefined ? 'compiled' : 'handwritten', variant, percent: Number(pct) };
  }
  throw bad('neither an l2fwd nor an ipsec variant');
}

/** The name of a variant (`parseVariantName` reads it back). */
export function variantName(v: BenchVariant): string {
  return v.scenario === 'l2fwd' ? `l2fwd-${v.kind}` : `ipsec-${v.implementation === 'handwritten' ? 'hand-' : ''}${v.variant}-${v.percent}`;
}
