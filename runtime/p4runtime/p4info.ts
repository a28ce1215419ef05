/**
 * The P4Info (`p4.config.v1.P4Info`) as plain objects: field names as in the `.proto`
 * (snake_case), enums as their names, 64-bit integers as numbers or decimal strings, bytes as
 * `Uint8Array`. This is the shape `schema.ts` encodes and decodes, the compiler builds
 * (`compiler/p4info/`) and the P4Runtime server reads. Only the fields p4ts writes or reads are
 * listed; the `.proto` files have the rest.
 */

/** A 64-bit integer as protobufjs hands it over with `longs: String`, or as we write it. */
export type Int64 = number | string;

/** The 8-bit prefix of every P4Info id (`P4Ids.Prefix`). */
export const P4IdPrefix = {
  ACTION: 0x01,
  TABLE: 0x02,
  VALUE_SET: 0x03,
  CONTROLLER_HEADER: 0x04,
  ACTION_PROFILE: 0x11,
  COUNTER: 0x12,
  DIRECT_COUNTER: 0x13,
  METER: 0x14,
  DIRECT_METER: 0x15,
  REGISTER: 0x16,
  DIGEST: 0x17,
} as const;

export type P4IdPrefixName = keyof typeof P4IdPrefix;

export interface Documentation {
  readonly brief?: string;
  readonly description?: string;
}

export interface Preamble {
  readonly id: number;
  readonly name: string;
  readonly alias?: string;
  readonly annotations?: readonly string[];
  readonly doc?: Documentation;
}

export interface NamedType {
  readonly name: string;
}

export type MatchType = 'UNSPECIFIED' | 'EXACT' | 'LPM' | 'TERNARY' | 'RANGE' | 'OPTIONAL';

export interface MatchField {
  readonly id: number;
  readonly name: string;
  readonly annotations?: readonly string[];
  readonly bitwidth?: number;
  readonly match_type?: MatchType;
  readonly other_match_type?: string;
  readonly doc?: Documentation;
  readonly type_name?: NamedType;
}

export interface ActionCallArgument {
  readonly param_id: number;
  readonly value: Uint8Array;
}

export interface TableActionCall {
  readonly action_id: number;
  readonly arguments?: readonly ActionCallArgument[];
}

export type ActionScope = 'TABLE_AND_DEFAULT' | 'TABLE_ONLY' | 'DEFAULT_ONLY' | 'GROUP_ACTION';

export interface ActionRef {
  readonly id: number;
  readonly scope?: ActionScope;
  readonly annotations?: readonly string[];
}

export interface Table {
  readonly preamble: Preamble;
  readonly match_fields?: readonly MatchField[];
  readonly action_refs?: readonly ActionRef[];
  readonly const_default_action_id?: number;
  readonly initial_default_action?: TableActionCall;
  readonly implementation_id?: number;
  readonly direct_resource_ids?: readonly number[];
  readonly size?: Int64;
  readonly idle_timeout_behavior?: 'NO_TIMEOUT' | 'NOTIFY_CONTROL';
  readonly is_const_table?: boolean;
  readonly has_initial_entries?: boolean;
}

export interface ActionParam {
  readonly id: number;
  readonly name: string;
  readonly annotations?: readonly string[];
  readonly bitwidth?: number;
  readonly doc?: Documentation;
  readonly type_name?: NamedType;
}

export interface Action {
  readonly preamble: Preamble;
  readonly params?: readonly ActionParam[];
}

export interface ActionProfile {
  readonly preamble: Preamble;
  readonly table_ids?: readonly number[];
  readonly with_selector?: boolean;
  readonly size?: Int64;
  readonly max_group_size?: number;
}

export type CounterUnit = 'UNSPECIFIED' | 'BYTES' | 'PACKETS' | 'BOTH';
export type MeterUnit = 'UNSPECIFIED' | 'BYTES' | 'PACKETS';

export interface Counter {
  readonly preamble: Preamble;
  readonly spec?: { readonly unit?: CounterUnit };
  readonly size?: Int64;
}

export interface DirectCounter {
  readonly preamble: Preamble;
  readonly spec?: { readonly unit?: CounterUnit };
  readonly direct_table_id?: number;
}

export interface Meter {
  readonly preamble: Preamble;
  readonly spec?: { readonly unit?: MeterUnit };
  readonly size?: Int64;
}

export interface DirectMeter {
  readonly preamble: Preamble;
  readonly spec?: { readonly unit?: MeterUnit };
  readonly direct_table_id?: number;
}

export interface ControllerMetadata {
  readonly id: number;
  readonly name: string;
  readonly annotations?: readonly string[];
  readonly bitwidth?: number;
  readonly type_name?: NamedType;
}

export interface ControllerPacketMetadata {
  readonly preamble: Preamble;
  readonly metadata?: readonly ControllerMetadata[];
}

export interface ValueSet {
  readonly preamble: Preamble;
  readonly match?: readonly MatchField[];
  readonly size?: number;
}

export interface BitstringLikeTypeSpec {
  readonly bit?: { readonly bitwidth: number };
  readonly int?: { readonly bitwidth: number };
  readonly varbit?: { readonly max_bitwidth: number };
}

export interface DataTypeSpec {
  readonly bitstring?: BitstringLikeTypeSpec;
  readonly bool?: Record<string, never>;
  readonly tuple?: { readonly members?: readonly DataTypeSpec[] };
  readonly struct?: NamedType;
  readonly header?: NamedType;
  readonly header_union?: NamedType;
  readonly header_stack?: { readonly header: NamedType; readonly size: number };
  readonly header_union_stack?: { readonly header_union: NamedType; readonly size: number };
  readonly enum?: NamedType;
  readonly error?: Record<string, never>;
  readonly serializable_enum?: NamedType;
}

export interface Register {
  readonly preamble: Preamble;
  readonly type_spec?: DataTypeSpec;
  readonly size?: number;
}

export interface Digest {
  readonly preamble: Preamble;
  readonly type_spec?: DataTypeSpec;
}

export interface TypeInfo {
  readonly structs?: Readonly<Record<string, { readonly members?: readonly { readonly name: string; readonly type_spec: DataTypeSpec }[] }>>;
  readonly headers?: Readonly<Record<string, { readonly members?: readonly { readonly name: string; readonly type_spec: BitstringLikeTypeSpec }[] }>>;
  readonly header_unions?: Readonly<Record<string, { readonly members?: readonly { readonly name: string; readonly header: NamedType }[] }>>;
  readonly enums?: Readonly<Record<string, { readonly members?: readonly { readonly name: string }[] }>>;
  readonly error?: { readonly members?: readonly string[] };
  readonly serializable_enums?: Readonly<
    Record<string, { readonly underlying_type: { readonly bitwidth: number }; readonly members?: readonly { readonly name: string; readonly value: Uint8Array }[] }>
  >;
}

export interface PkgInfo {
  readonly name?: string;
  readonly version?: string;
  readonly arch?: string;
  readonly doc?: Documentation;
  readonly annotations?: readonly string[];
}

export interface P4Info {
  readonly pkg_info?: PkgInfo;
  readonly tables?: readonly Table[];
  readonly actions?: readonly Action[];
  readonly action_profiles?: readonly ActionProfile[];
  readonly counters?: readonly Counter[];
  readonly direct_counters?: readonly DirectCounter[];
  readonly meters?: readonly Meter[];
  readonly direct_meters?: readonly DirectMeter[];
  readonly controller_packet_metadata?: readonly ControllerPacketMetadata[];
  readonly value_sets?: readonly ValueSet[];
  readonly registers?: readonly Register[];
  readonly digests?: readonly Digest[];
  readonly type_info?: TypeInfo;
}
