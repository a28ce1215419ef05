/**
 * Contract: the Portable Switch Architecture (PSA v1.2, as `compiler/p4include/psa.p4` declares
 * it with BMv2 psa_switch's widths), shared by the compiler and the runtime.
 *
 * Stages: ingress parser → ingress → ingress deparser → (packet replication engine, packet
 * buffer) → egress parser → egress → egress deparser. The generated program names its stage
 * functions after `PSA_STAGES`; the switch numbers them `PsaStage` (their index).
 *
 * Metadata: the seven intrinsic structs are `runtime/psa/metadata.ts` (`PsaMetadata`), laid out
 * as `PSA_METADATA_LAYOUT` says; the compiler refuses a program whose structs differ.
 */
import type { Architecture } from './architecture.ts';

export const PSA_STAGES = ['ingressParser', 'ingress', 'ingressDeparser', 'egressParser', 'egress', 'egressDeparser'] as const;

export type PsaStageName = (typeof PSA_STAGES)[number];

/** The stage numbers (`descriptor.stage`): the index in `PSA_STAGES`. */
export const PsaStage = {
  INGRESS_PARSER: 0,
  INGRESS: 1,
  INGRESS_DEPARSER: 2,
  EGRESS_PARSER: 3,
  EGRESS: 4,
  EGRESS_DEPARSER: 5,
} as const satisfies Record<string, number>;
export type PsaStage = (typeof PsaStage)[keyof typeof PsaStage];

export const PSA: Architecture<PsaStageName> = {
  name: 'psa',
  packageType: 'PSA_Switch',
  stages: PSA_STAGES,
};

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

/** `PSA_PORT_RECIRCULATE`: a packet sent here goes back to the ingress parser after egress. */
export const PSA_PORT_RECIRCULATE = 0xfffffffa;
/** `PSA_PORT_CPU`: the port to and from the control plane. */
export const PSA_PORT_CPU = 0xfffffffd;
/** `PSA_CLONE_SESSION_TO_CPU`: configured from the start with one copy to `PSA_PORT_CPU`. */
export const PSA_CLONE_SESSION_TO_CPU = 0;

/** `PSA_MeterColor_t`, in declaration order (RED first, unlike v1model and bmv2's meters). */
export const PsaMeterColor = { RED: 0, GREEN: 1, YELLOW: 2 } as const;
export type PsaMeterColor = (typeof PsaMeterColor)[keyof typeof PsaMeterColor];

/**
 * The hash engine (`runtime/externs/hash.ts` algorithm names) behind each
 * `PSA_HashAlgorithm_t` member, as BMv2 maps them (TARGET_DEFAULT is CRC16 there);
 * ONES_COMPLEMENT16 is the Internet checksum.
 */
export const PSA_HASH_ENGINE = {
  IDENTITY: 'identity',
  CRC32: 'crc32',
  CRC32_CUSTOM: 'crc32_custom',
  CRC16: 'crc16',
  CRC16_CUSTOM: 'crc16_custom',
  ONES_COMPLEMENT16: 'csum16',
  TARGET_DEFAULT: 'crc16',
} as const;
export type PsaHashAlgorithm = keyof typeof PSA_HASH_ENGINE;

/**
 * Extern types whose state belongs to one packet in one block (the specification starts them
 * cleared whenever their block runs): the program keeps one per packet, cleared at the start of
 * the stage that owns it.
 */
export const PSA_PER_PACKET_EXTERNS: ReadonlySet<string> = new Set(['Checksum', 'InternetChecksum']);

/** How an intrinsic field is held: a `bit<width>` value, a boolean, an enum, or an `error`. */
export type PsaFieldKind =
  | { readonly kind: 'bits'; readonly width: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'error' };

/** The properties of the runtime's `PsaMetadata`, one per intrinsic struct. */
export type PsaIntrinsicName =
  | 'ingressParserInput'
  | 'ingressInput'
  | 'ingressOutput'
  | 'egressParserInput'
  | 'egressInput'
  | 'egressOutput'
  | 'egressDeparserInput';

/** One intrinsic struct: its P4 name, its property in `PsaMetadata`, its fields in order. */
export interface PsaMetadataStruct {
  readonly p4Name: string;
  readonly property: PsaIntrinsicName;
  readonly fields: readonly { readonly name: string; readonly kind: PsaFieldKind }[];
}

const bits = (width: number): PsaFieldKind => ({ kind: 'bits', width });
const BOOL: PsaFieldKind = { kind: 'bool' };
const PATH: PsaFieldKind = { kind: 'enum', name: 'PSA_PacketPath_t' };
const ERROR: PsaFieldKind = { kind: 'error' };
const PORT = bits(32);
const CLASS_OF_SERVICE = bits(8);
const CLONE_SESSION = bits(16);
const MULTICAST_GROUP = bits(32);
const INSTANCE = bits(16);
const TIMESTAMP = bits(64);

/** The intrinsic structs as `psa.p4` declares them. */
export const PSA_METADATA_LAYOUT: readonly PsaMetadataStruct[] = [
  {
    p4Name: 'psa_ingress_parser_input_metadata_t',
    property: 'ingressParserInput',
    fields: [
      { name: 'ingress_port', kind: PORT },
      { name: 'packet_path', kind: PATH },
    ],
  },
  {
    p4Name: 'psa_ingress_input_metadata_t',
    property: 'ingressInput',
    fields: [
      { name: 'ingress_port', kind: PORT },
      { name: 'packet_path', kind: PATH },
      { name: 'ingress_timestamp', kind: TIMESTAMP },
      { name: 'parser_error', kind: ERROR },
    ],
  },
  {
    p4Name: 'psa_ingress_output_metadata_t',
    property: 'ingressOutput',
    fields: [
      { name: 'class_of_service', kind: CLASS_OF_SERVICE },
      { name: 'clone', kind: BOOL },
      { name: 'clone_session_id', kind: CLONE_SESSION },
      { name: 'drop', kind: BOOL },
      { name: 'resubmit', kind: BOOL },
      { name: 'multicast_group', kind: MULTICAST_GROUP },
      { name: 'egress_port', kind: PORT },
    ],
  },
  {
    p4Name: 'psa_egress_parser_input_metadata_t',
    property: 'egressParserInput',
    fields: [
      { name: 'egress_port', kind: PORT },
      { name: 'packet_path', kind: PATH },
    ],
  },
  {
    p4Name: 'psa_egress_input_metadata_t',
    property: 'egressInput',
    fields: [
      { name: 'class_of_service', kind: CLASS_OF_SERVICE },
      { name: 'egress_port', kind: PORT },
      { name: 'packet_path', kind: PATH },
      { name: 'instance', kind: INSTANCE },
      { name: 'egress_timestamp', kind: TIMESTAMP },
      { name: 'parser_error', kind: ERROR },
    ],
  },
  {
    p4Name: 'psa_egress_deparser_input_metadata_t',
    property: 'egressDeparserInput',
    fields: [{ name: 'egress_port', kind: PORT }],
  },
  {
    p4Name: 'psa_egress_output_metadata_t',
    property: 'egressOutput',
    fields: [
      { name: 'clone', kind: BOOL },
      { name: 'clone_session_id', kind: CLONE_SESSION },
      { name: 'drop', kind: BOOL },
    ],
  },
];
