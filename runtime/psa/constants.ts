/**
 * Numeric constants of the Portable Switch Architecture the runtime uses: those shared with the
 * compiler come from `contract/psa.ts`; the enums below are numbered in `psa.p4`'s declaration
 * order.
 */
export { PacketPath, PSA_PORT_RECIRCULATE, PSA_PORT_CPU, PSA_CLONE_SESSION_TO_CPU, PsaMeterColor, PSA_HASH_ENGINE, type PsaHashAlgorithm } from '../../contract/psa.ts';

export const PACKET_PATH_NAMES: readonly string[] = ['NORMAL', 'NORMAL_UNICAST', 'NORMAL_MULTICAST', 'CLONE_I2E', 'CLONE_E2E', 'RESUBMIT', 'RECIRCULATE'];

/** `PSA_CounterType_t` (the same numbers as v1model's `CounterType`). */
export const PsaCounterType = { PACKETS: 0, BYTES: 1, PACKETS_AND_BYTES: 2 } as const;
export type PsaCounterType = (typeof PsaCounterType)[keyof typeof PsaCounterType];

/** `PSA_MeterType_t` (the same numbers as v1model's `MeterType`). */
export const PsaMeterType = { PACKETS: 0, BYTES: 1 } as const;
export type PsaMeterType = (typeof PsaMeterType)[keyof typeof PsaMeterType];
