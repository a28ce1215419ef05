/**
 * `standard_metadata_t` of v1model, owned by the runtime. Field names are the P4 names so the
 * code generator maps `standard_metadata.egress_spec` to `d.std.egress_spec` one to one. Every
 * field is a number: the widest ones are the 48-bit timestamps, exact in a double.
 */
export class StandardMetadata {
  /** bit<9> */ ingress_port = 0;
  /** bit<9> */ egress_spec = 0;
  /** bit<9> */ egress_port = 0;
  /** bit<32> */ instance_type = 0;
  /** bit<32> */ packet_length = 0;
  /** bit<32> µs */ enq_timestamp = 0;
  /** bit<19> */ enq_qdepth = 0;
  /** bit<32> µs */ deq_timedelta = 0;
  /** bit<19> */ deq_qdepth = 0;
  /** bit<48> µs since the switch started */ ingress_global_timestamp = 0;
  /** bit<48> µs since the switch started */ egress_global_timestamp = 0;
  /** bit<16> */ mcast_grp = 0;
  /** bit<16> */ egress_rid = 0;
  /** bit<1> */ checksum_error = 0;
  /** error (numbered as in `ParserError`, program errors after) */ parser_error = 0;
  /** bit<3> */ priority = 0;

  /** All fields to 0 (bmv2 `reset_metadata` on the standard metadata). */
  reset(): void {
    this.ingress_port = 0;
    this.egress_spec = 0;
    this.egress_port = 0;
    this.instance_type = 0;
    this.packet_length = 0;
    this.enq_timestamp = 0;
    this.enq_qdepth = 0;
    this.deq_timedelta = 0;
    this.deq_qdepth = 0;
    this.ingress_global_timestamp = 0;
    this.egress_global_timestamp = 0;
    this.mcast_grp = 0;
    this.egress_rid = 0;
    this.checksum_error = 0;
    this.parser_error = 0;
    this.priority = 0;
  }

  copyFrom(o: StandardMetadata): void {
    this.ingress_port = o.ingress_port;
    this.egress_spec = o.egress_spec;
    this.egress_port = o.egress_port;
    this.instance_type = o.instance_type;
    this.packet_length = o.packet_length;
    this.enq_timestamp = o.enq_timestamp;
    this.enq_qdepth = o.enq_qdepth;
    this.deq_timedelta = o.deq_timedelta;
    this.deq_qdepth = o.deq_qdepth;
    this.ingress_global_timestamp = o.ingress_global_timestamp;
    this.egress_global_timestamp = o.egress_global_timestamp;
    this.mcast_grp = o.mcast_grp;
    this.egress_rid = o.egress_rid;
    this.checksum_error = o.checksum_error;
    this.parser_error = o.parser_error;
    this.priority = o.priority;
  }
}

/** Bit widths of the standard metadata fields as `v1model.p4` declares them (`error` has none). */
export const STANDARD_METADATA_WIDTHS = {
  ingress_port: 9,
  egress_spec: 9,
  egress_port: 9,
  instance_type: 32,
  packet_length: 32,
  enq_timestamp: 32,
  enq_qdepth: 19,
  deq_timedelta: 32,
  deq_qdepth: 19,
  ingress_global_timestamp: 48,
  egress_global_timestamp: 48,
  mcast_grp: 16,
  egress_rid: 16,
  checksum_error: 1,
  priority: 3,
} as const satisfies Partial<Record<keyof StandardMetadata, number>>;

export type StandardMetadataField = Exclude<keyof StandardMetadata, 'reset' | 'copyFrom'>;
