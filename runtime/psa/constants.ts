/**
 * Numeric constants of the Portable Switch Architecture as `compiler/p4include/psa.p4` declares
 * them (enums numbered in declaration order, the target-specific values of BMv2's psa_switch).
 * Plain `as const` objects: generated code and the runtime share the numbers directly.
 */
import type { HashAlgorithmName } from '../externs/hash.ts';

/** `PSA_PacketPath_t`, in declaration order. */
export const PacketPath = {
  NORMAL: 0,
  NORMAL_UNICAST: 1,
  NORMAL_MULTICAST: 2,
  CLONE_I2E: 3,
  CLONE_E2E: 4,
  RESUBMIT: 5,
  RECIRCULATE: 6,
} as const;
export type PacketPath = (typeof PacketPath)[keyof typeof PacketPath];

export const PACKET_PATH_NAMES: readonly string[] = ['NORMAL', 'NORMAL_UNICAST', 'NORMAL_MULTICAST', 'CLONE_I2E', 'CLONE_E2E', 'RESUBMIT', 'RECIRCULATE'];

/** `PSA_PORT_RECIRCULATE`: a packet sent here goes back to the ingress parser after egress. */
export const PSA_PORT_RECIRCULATE = 0xfffffffa;
/** `PSA_PORT_CPU`: the port to and from the control plane. */
export const PSA_PORT_CPU = 0xfffffffd;
/** `PSA_CLONE_SESSION_TO_CPU`: configured from the start with one copy to `PSA_PORT_CPU`. */
export const PSA_CLONE_SESSION_TO_CPU = 0;

/** `PSA_MeterColor_t`, in declaration order (RED first, unlike v1model and bmv2's meters). */
export const PsaMeterColor = { RED: 0, GREEN: 1, YELLOW: 2 } as const;
export type PsaMeterColor = (typeof PsaMeterColor)[keyof typeof PsaMeterColor];

/** `PSA_CounterType_t` (the same numbers as v1model's `CounterType`). */
export const PsaCounterType = { PACKETS: 0, BYTES: 1, PACKETS_AND_BYTES: 2 } as const;
export type PsaCounterType = (typeof PsaCounterType)[keyof typeof PsaCounterType];

/** `PSA_MeterType_t` (the same numbers as v1model's `MeterType`). */
export const PsaMeterType = { PACKETS: 0, BYTES: 1 } as const;
export type PsaMeterType = (typeof PsaMeterType)[keyof typeof PsaMeterType];

/** `PSA_HashAlgorithm_t` members in declaration order. */
export const PSA_HASH_ALGORITHMS = ['IDENTITY', 'CRC32', 'CRC32_CUSTOM', 'CRC16', 'CRC16_CUSTOM', 'ONES_COMPLEMENT16', 'TARGET_DEFAULT'] as const;
export type PsaHashAlgorithm = (typeof PSA_HASH_ALGORITHMS)[number];

/**
 * The hash engine (`runtime/externs/hash.ts`) behind each `PSA_HashAlgorithm_t` member, as BMv2
 * maps them (TARGET_DEFAULT is CRC16 there); ONES_COMPLEMENT16 is the Internet checksum.
 */
export const PSA_HASH_ENGINE = {
  IDENTITY: 'identity',
  CRC32: 'crc32',
  CRC32_CUSTOM: 'crc32_custom',
  CRC16: 'crc16',
  CRC16_CUSTOM: 'crc16_custom',
  ONES_COMPLEMENT16: 'csum16',
  TARGET_DEFAULT: 'crc16',
} as const satisfies Record<PsaHashAlgorithm, HashAlgorithmName>;
