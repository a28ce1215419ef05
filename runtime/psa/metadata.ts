/**
 * The PSA intrinsic metadata: the seven structs of `psa.p4` that the architecture hands to (and
 * takes from) the programmable blocks, as the switch reads and writes them.
 *
 * The generated program owns the storage: its per-packet state holds one instance of each
 * struct (generated classes with the P4 field names), and the switch reaches them through
 * `PsaIntrinsics`. Field representations follow the generator's rules: `bit<W>` up to 53 bits
 * as numbers (so `Timestamp_t`, 64 bits, is a bigint), `bool` as boolean, enums and `error` as
 * numbers in declaration order.
 *
 * `PSA_METADATA_LAYOUT` (`contract/psa.ts`) is the contract between `psa.p4` and these
 * interfaces: the compiler checks a program's structs against it and refuses a `psa.p4` whose
 * widths differ.
 */

export interface PsaIngressParserInput {
  ingress_port: number;
  packet_path: number;
}

export interface PsaIngressInput {
  ingress_port: number;
  packet_path: number;
  ingress_timestamp: bigint;
  parser_error: number;
}

export interface PsaIngressOutput {
  class_of_service: number;
  clone: boolean;
  clone_session_id: number;
  drop: boolean;
  resubmit: boolean;
  multicast_group: number;
  egress_port: number;
}

export interface PsaEgressParserInput {
  egress_port: number;
  packet_path: number;
}

export interface PsaEgressInput {
  class_of_service: number;
  egress_port: number;
  packet_path: number;
  instance: number;
  egress_timestamp: bigint;
  parser_error: number;
}

export interface PsaEgressOutput {
  clone: boolean;
  clone_session_id: number;
  drop: boolean;
}

export interface PsaEgressDeparserInput {
  egress_port: number;
}

/** The intrinsic metadata of one packet (part of the program's per-packet state). */
export interface PsaIntrinsics {
  readonly ingressParserInput: PsaIngressParserInput;
  readonly ingressInput: PsaIngressInput;
  readonly ingressOutput: PsaIngressOutput;
  readonly egressParserInput: PsaEgressParserInput;
  readonly egressInput: PsaEgressInput;
  readonly egressOutput: PsaEgressOutput;
  readonly egressDeparserInput: PsaEgressDeparserInput;
}

/**
 * The intrinsic metadata of one packet, owned by the runtime: the generated per-packet state
 * holds one (`readonly psa = new PsaMetadata()`), the stages alias its structs, the switch fills
 * and reads them. The P4 field names are the property names of each struct.
 */
export class PsaMetadata implements PsaIntrinsics {
  readonly ingressParserInput: PsaIngressParserInput = { ingress_port: 0, packet_path: 0 };
  readonly ingressInput: PsaIngressInput = { ingress_port: 0, packet_path: 0, ingress_timestamp: 0n, parser_error: 0 };
  readonly ingressOutput: PsaIngressOutput = {
    class_of_service: 0,
    clone: false,
    clone_session_id: 0,
    drop: true,
    resubmit: false,
    multicast_group: 0,
    egress_port: 0,
  };
  readonly egressParserInput: PsaEgressParserInput = { egress_port: 0, packet_path: 0 };
  readonly egressInput: PsaEgressInput = { class_of_service: 0, egress_port: 0, packet_path: 0, instance: 0, egress_timestamp: 0n, parser_error: 0 };
  readonly egressOutput: PsaEgressOutput = { clone: false, clone_session_id: 0, drop: false };
  readonly egressDeparserInput: PsaEgressDeparserInput = { egress_port: 0 };

  /** Copies every struct (a replica of a packet carries the same metadata). */
  copyFrom(o: PsaMetadata): void {
    Object.assign(this.ingressParserInput, o.ingressParserInput);
    Object.assign(this.ingressInput, o.ingressInput);
    Object.assign(this.ingressOutput, o.ingressOutput);
    Object.assign(this.egressParserInput, o.egressParserInput);
    Object.assign(this.egressInput, o.egressInput);
    Object.assign(this.egressOutput, o.egressOutput);
    Object.assign(this.egressDeparserInput, o.egressDeparserInput);
  }
}
