/**
 * The contract between the code generator and the PSA switch.
 *
 * A compiled PSA program is a `PsaProgram<S>`: the six programmable blocks of `PSA_Switch` as
 * stage functions, in the shape of one execution mode (the same shapes as v1model's:
 * `SyncStage`, `LongjumpStage`, `ContextStage` — see `v1model/program.ts`), and a per-packet
 * state `S` laid out by the generator. The state holds, besides the program's own data:
 *
 * - `psa`: the intrinsic metadata (`PsaMetadata`, owned by the runtime); the stages read and
 *   write its structs, the switch fills the inputs and acts on the outputs;
 * - the ingress headers and user metadata, and the egress ones (different storage even when
 *   the types are the same: egress starts from the packet's bytes, not from ingress's headers);
 * - the bridged metadata: `resubmit_meta` and `normal_meta` and `clone_i2e_meta` (written by
 *   the ingress deparser), `recirculate_meta` and `clone_e2e_meta` (written by the egress
 *   deparser), read by the parser the packet goes to next.
 *
 * Rules every stage follows, beyond those of v1model stages (descriptor fields `d.data`,
 * `d.cursor`, `d.end`, `d.out`, `d.outLength`, resume points, extern tasks):
 * - a parser error is recorded in the `parser_error` of its pipeline's input metadata
 *   (`psa.ingressInput` for the ingress parser, `psa.egressInput` for the egress parser) and
 *   ends the parser; the packet goes on (PSA leaves the handling to the program);
 * - a deparser writes only the emitted headers (`d.out`) and its bridged out parameters;
 * - per-packet extern state (Checksum, InternetChecksum) is cleared by the stage that owns it
 *   when the stage starts, not when it is re-entered at a resume point.
 */
import type { ControlPlaneRegistry } from '../v1model/registry.ts';
import type { ContextStage, LongjumpStage, SyncStage } from '../v1model/program.ts';
import type { PsaMetadata } from './metadata.ts';
import type { TracedSite } from '../trace/index.ts';

export { PSA_STAGES, PsaStage, type PsaStageName } from '../../contract/psa.ts';

/** What the switch needs of a packet's state. */
export interface PsaPacketState {
  readonly psa: PsaMetadata;
}

export interface PsaProgramBase<S extends PsaPacketState> {
  readonly architecture: 'psa';
  readonly name: string;
  /** Sizes of `d.locals` (live locals across extern sites), as for v1model. */
  readonly liveNumbers: number;
  readonly liveBigints: number;
  readonly liveRefs: number;
  /** The program's tables, counters, meters, registers, digests by P4 name. */
  readonly objects: ControlPlaneRegistry;
  /** Allocates one state object (once per pooled descriptor, never per packet). */
  createState(): S;
  /**
   * The state of a packet entering the ingress parser: ingress headers invalid, ingress user
   * metadata 0. The bridged metadata the parser reads (`resubmit_meta`, `recirculate_meta`) is
   * left as it is: the switch sets it for resubmitted and recirculated packets.
   */
  resetIngress(state: S): void;
  /** The state of a packet entering the egress parser: egress headers invalid, egress user metadata 0. */
  resetEgress(state: S): void;
  /** Every bridged metadata value to 0 (a packet from a port carries none). */
  resetBridged(state: S): void;
  /** Copies the program's whole state except `psa` (a multicast or clone replica). */
  copyState(dst: S, src: S): void;
  /** Copies `clone_i2e_meta` (the ingress deparser's, to an ingress-to-egress clone). */
  copyCloneI2E(dst: S, src: S): void;
  /** Copies `clone_e2e_meta` (the egress deparser's, to an egress-to-egress clone). */
  copyCloneE2E(dst: S, src: S): void;
  /** Optional: the most bytes each deparser can emit (see `V1ProgramBase.maxEmitBytes`). */
  readonly ingressMaxEmitBytes?: number;
  readonly egressMaxEmitBytes?: number;
  /** A program compiled with tracing: its extern sites (see `V1ProgramBase.traceSites`). */
  readonly traceSites?: readonly TracedSite[];
}

export interface PsaSyncProgram<S extends PsaPacketState> extends PsaProgramBase<S> {
  readonly mode: 'sync';
  readonly ingressParser: SyncStage<S>;
  readonly ingress: SyncStage<S>;
  readonly ingressDeparser: SyncStage<S>;
  readonly egressParser: SyncStage<S>;
  readonly egress: SyncStage<S>;
  readonly egressDeparser: SyncStage<S>;
}

export interface PsaLongjumpProgram<S extends PsaPacketState> extends PsaProgramBase<S> {
  readonly mode: 'longjump';
  readonly ingressParser: LongjumpStage<S>;
  readonly ingress: LongjumpStage<S>;
  readonly ingressDeparser: LongjumpStage<S>;
  readonly egressParser: LongjumpStage<S>;
  readonly egress: LongjumpStage<S>;
  readonly egressDeparser: LongjumpStage<S>;
}

export interface PsaContextProgram<S extends PsaPacketState> extends PsaProgramBase<S> {
  readonly mode: 'context';
  readonly ingressParser: ContextStage<S> | SyncStage<S>;
  readonly ingress: ContextStage<S> | SyncStage<S>;
  readonly ingressDeparser: ContextStage<S> | SyncStage<S>;
  readonly egressParser: ContextStage<S> | SyncStage<S>;
  readonly egress: ContextStage<S> | SyncStage<S>;
  readonly egressDeparser: ContextStage<S> | SyncStage<S>;
}

export type PsaProgram<S extends PsaPacketState> = PsaSyncProgram<S> | PsaLongjumpProgram<S> | PsaContextProgram<S>;
