/**
 * The P4Runtime messages the server reads and writes, as plain objects (the form of
 * `schema.ts`: snake_case fields, enums as names, 64-bit integers as decimal strings, the name of
 * the set member of each `oneof` in a field of the oneof's name). Only the fields p4ts uses.
 */
import type { P4Info } from '../p4info.ts';

export type Bytes = Uint8Array;
export type Int64 = string | number;

export interface Uint128 {
  readonly high?: Int64;
  readonly low?: Int64;
}

export interface FieldMatch {
  readonly field_id: number;
  readonly exact?: { readonly value?: Bytes };
  readonly ternary?: { readonly value?: Bytes; readonly mask?: Bytes };
  readonly lpm?: { readonly value?: Bytes; readonly prefix_len?: number };
  readonly range?: { readonly low?: Bytes; readonly high?: Bytes };
  readonly optional?: { readonly value?: Bytes };
  readonly field_match_type?: 'exact' | 'ternary' | 'lpm' | 'range' | 'optional' | 'other';
}

export interface Action {
  readonly action_id: number;
  readonly params?: readonly { readonly param_id: number; readonly value?: Bytes }[];
}

export interface ActionProfileAction {
  readonly action?: Action | null;
  readonly weight?: number;
  readonly watch?: number;
  readonly watch_port?: Bytes;
}

export interface ActionProfileActionSet {
  readonly action_profile_actions?: readonly ActionProfileAction[];
  readonly group_action?: Action | null;
  readonly action_selection_mode?: string;
  readonly size_semantics?: string;
}

export interface TableAction {
  readonly action?: Action | null;
  readonly action_profile_member_id?: number | null;
  readonly action_profile_group_id?: number | null;
  readonly action_profile_action_set?: ActionProfileActionSet | null;
}

export interface CounterData {
  readonly byte_count?: Int64;
  readonly packet_count?: Int64;
}

export interface MeterConfig {
  readonly cir?: Int64;
  readonly cburst?: Int64;
  readonly pir?: Int64;
  readonly pburst?: Int64;
  readonly eburst?: Int64;
}

export interface TableEntry {
  readonly table_id: number;
  readonly match?: readonly FieldMatch[];
  readonly action?: TableAction | null;
  readonly priority?: number;
  /** Opaque to the switch, kept and returned (`entry-metadata.ts`); deprecated for `metadata`. */
  readonly controller_metadata?: Int64;
  readonly meter_config?: MeterConfig | null;
  readonly meter_counter_data?: object | null;
  readonly counter_data?: CounterData | null;
  readonly is_default_action?: boolean;
  readonly idle_timeout_ns?: Int64;
  readonly time_since_last_hit?: { readonly elapsed_ns?: Int64 } | null;
  /** Opaque to the switch, kept and returned (`entry-metadata.ts`). */
  readonly metadata?: Bytes;
  readonly is_const?: boolean;
}

export interface ActionProfileMember {
  readonly action_profile_id: number;
  readonly member_id: number;
  readonly action?: Action | null;
}

export interface ActionProfileGroup {
  readonly action_profile_id: number;
  readonly group_id: number;
  readonly members?: readonly { readonly member_id: number; readonly weight?: number; readonly watch?: number; readonly watch_port?: Bytes }[];
  readonly max_size?: number;
}

export interface Index {
  readonly index?: Int64;
}

export interface CounterEntry {
  readonly counter_id: number;
  readonly index?: Index | null;
  readonly data?: CounterData | null;
}

export interface DirectCounterEntry {
  readonly table_entry?: TableEntry | null;
  readonly data?: CounterData | null;
}

export interface MeterEntry {
  readonly meter_id: number;
  readonly index?: Index | null;
  readonly config?: MeterConfig | null;
  /** Per-colour counters (p4ts's meters have none). */
  readonly counter_data?: object | null;
}

export interface DirectMeterEntry {
  readonly table_entry?: TableEntry | null;
  readonly config?: MeterConfig | null;
  readonly counter_data?: object | null;
}

export interface Replica {
  readonly egress_port?: number;
  readonly port?: Bytes;
  readonly instance?: number;
  readonly port_kind?: 'egress_port' | 'port';
  readonly backup_replicas?: readonly { readonly port?: Bytes; readonly instance?: number }[];
}

export interface PacketReplicationEngineEntry {
  readonly multicast_group_entry?: { readonly multicast_group_id: number; readonly replicas?: readonly Replica[]; readonly metadata?: Bytes } | null;
  readonly clone_session_entry?: { readonly session_id: number; readonly replicas?: readonly Replica[]; readonly class_of_service?: number; readonly packet_length_bytes?: number } | null;
  readonly type?: 'multicast_group_entry' | 'clone_session_entry';
}

export interface ValueSetEntry {
  readonly value_set_id: number;
  readonly members?: readonly { readonly match?: readonly FieldMatch[] }[];
}

export interface P4Data {
  readonly bitstring?: Bytes;
  readonly bool?: boolean;
  readonly struct?: { readonly members?: readonly P4Data[] };
  readonly tuple?: { readonly members?: readonly P4Data[] };
  readonly header?: { readonly is_valid?: boolean; readonly bitstrings?: readonly Bytes[] };
  readonly data?: string;
}

export interface RegisterEntry {
  readonly register_id: number;
  readonly index?: Index | null;
  readonly data?: P4Data | null;
}

export interface DigestEntry {
  readonly digest_id: number;
  readonly config?: { readonly max_timeout_ns?: Int64; readonly max_list_size?: number; readonly ack_timeout_ns?: Int64 } | null;
}

export interface ExternEntry {
  readonly extern_type_id?: number;
  readonly extern_id?: number;
}

export interface Entity {
  readonly extern_entry?: ExternEntry | null;
  readonly table_entry?: TableEntry | null;
  readonly action_profile_member?: ActionProfileMember | null;
  readonly action_profile_group?: ActionProfileGroup | null;
  readonly meter_entry?: MeterEntry | null;
  readonly direct_meter_entry?: DirectMeterEntry | null;
  readonly counter_entry?: CounterEntry | null;
  readonly direct_counter_entry?: DirectCounterEntry | null;
  readonly packet_replication_engine_entry?: PacketReplicationEngineEntry | null;
  readonly value_set_entry?: ValueSetEntry | null;
  readonly register_entry?: RegisterEntry | null;
  readonly digest_entry?: DigestEntry | null;
  readonly entity?: string;
}

export type UpdateType = 'UNSPECIFIED' | 'INSERT' | 'MODIFY' | 'DELETE';

export interface Update {
  readonly type?: UpdateType;
  readonly entity?: Entity | null;
}

export interface WriteRequest {
  readonly device_id?: Int64;
  readonly role?: string;
  readonly election_id?: Uint128 | null;
  readonly updates?: readonly Update[];
  readonly atomicity?: 'CONTINUE_ON_ERROR' | 'ROLLBACK_ON_ERROR' | 'DATAPLANE_ATOMIC';
}

export interface ReadRequest {
  readonly device_id?: Int64;
  readonly role?: string;
  readonly entities?: readonly Entity[];
}

export interface ForwardingPipelineConfig {
  readonly p4info?: P4Info | null;
  readonly p4_device_config?: Bytes;
  readonly cookie?: { readonly cookie?: Int64 } | null;
}

export interface SetForwardingPipelineConfigRequest {
  readonly device_id?: Int64;
  readonly role?: string;
  readonly election_id?: Uint128 | null;
  readonly action?: 'UNSPECIFIED' | 'VERIFY' | 'VERIFY_AND_SAVE' | 'VERIFY_AND_COMMIT' | 'COMMIT' | 'RECONCILE_AND_COMMIT';
  readonly config?: ForwardingPipelineConfig | null;
}

export interface GetForwardingPipelineConfigRequest {
  readonly device_id?: Int64;
  readonly response_type?: 'ALL' | 'COOKIE_ONLY' | 'P4INFO_AND_COOKIE' | 'DEVICE_CONFIG_AND_COOKIE';
}

export interface PacketMetadata {
  readonly metadata_id: number;
  readonly value?: Bytes;
}

export interface MasterArbitrationUpdate {
  readonly device_id?: Int64;
  readonly role?: { readonly name?: string; readonly config?: object | null } | null;
  readonly election_id?: Uint128 | null;
  readonly status?: { readonly code?: number; readonly message?: string } | null;
}

export interface StreamMessageRequest {
  readonly arbitration?: MasterArbitrationUpdate | null;
  readonly packet?: { readonly payload?: Bytes; readonly metadata?: readonly PacketMetadata[] } | null;
  readonly digest_ack?: { readonly digest_id: number; readonly list_id?: Int64 } | null;
  readonly other?: object | null;
  readonly update?: 'arbitration' | 'packet' | 'digest_ack' | 'other';
}

export interface DigestList {
  readonly digest_id: number;
  readonly list_id?: Int64;
  readonly data?: readonly P4Data[];
  readonly timestamp?: Int64;
}

export interface StreamMessageResponse {
  readonly arbitration?: MasterArbitrationUpdate | null;
  readonly packet?: { readonly payload?: Bytes; readonly metadata?: readonly PacketMetadata[] } | null;
  readonly digest?: DigestList | null;
  readonly idle_timeout_notification?: { readonly table_entry?: readonly TableEntry[]; readonly timestamp?: Int64 } | null;
  readonly error?: { readonly canonical_code?: number; readonly message?: string; readonly space?: string; readonly code?: number } | null;
  readonly update?: 'arbitration' | 'packet' | 'digest' | 'idle_timeout_notification' | 'other' | 'error';
}
