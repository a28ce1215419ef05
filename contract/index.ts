/**
 * The contracts between the compiler and the runtime, one module each, imported by both sides:
 *
 * - `execution-mode.ts`: the three execution modes;
 * - `value-representation.ts`: how `bit<W>`/`int<W>` values are held (number or bigint, by width);
 * - `table-keys.ts`: how generated code hands keys to tables (number keys, the split-key window);
 * - `p4ts-operations.ts`: the operation numbers of the p4ts externs;
 * - `architecture.ts`: what an architecture is (package, stage order); `v1model.ts`: v1model's
 *   stages, stage numbers, drop port and port count; `psa.ts`: PSA's stages, packet paths, ports,
 *   hash engines and intrinsic-metadata layout.
 */
import type { Architecture } from './architecture.ts';
import { PSA } from './psa.ts';
import { V1MODEL } from './v1model.ts';

export * from './execution-mode.ts';
export * from './value-representation.ts';
export * from './table-keys.ts';
export * from './p4ts-operations.ts';
export * from './architecture.ts';
export * from './v1model.ts';
export * from './psa.ts';

/** Every architecture p4ts compiles for and runs, by package type of `main`. */
export const ARCHITECTURES: readonly Architecture[] = [V1MODEL, PSA];
