/**
 * Action profiles of either architecture: v1model's `action_profile(size)` and
 * `action_selector(algorithm, size, outputWidth)`, PSA's `ActionProfile(size)` and
 * `ActionSelector(algo, size, outputWidth)`. They have the same shape, and one runtime object
 * serves both; this says which an extern instance is.
 */
import type { IrExternInstance } from './nodes.ts';

export interface ActionProfileShape {
  /** An action selector (entries may name groups; the selector keys' hash picks a member). */
  readonly selector: boolean;
  /** The most members it holds (the `size` argument). */
  readonly size: number;
}

const SELECTORS: ReadonlySet<string> = new Set(['action_selector', 'ActionSelector']);
const PROFILES: ReadonlySet<string> = new Set(['action_profile', 'ActionProfile']);

/** The shape of an action profile or selector instance; undefined for any other extern. */
export function actionProfileShape(x: IrExternInstance): ActionProfileShape | undefined {
  const selector = SELECTORS.has(x.type);
  if (!selector && !PROFILES.has(x.type)) return undefined;
  const size = x.constructorArguments[selector ? 1 : 0];
  return { selector, size: typeof size === 'bigint' ? Number(size) : 0 };
}
