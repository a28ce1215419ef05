/**
 * The PSA switch and the contract compiled PSA programs implement. See `program.ts` for the
 * contract, `switch.ts` for the semantics, `docs/psa.md` for both.
 */
export * from './constants.ts';
export { PsaMetadata, type PsaIntrinsics } from './metadata.ts';
export type * from './metadata.ts';
export * from './program.ts';
export { PsaSwitch, isPsaPort, type PsaSwitchOptions, type PsaDigestRecord } from './switch.ts';
export * from './externs/index.ts';
