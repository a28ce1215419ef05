/**
 * The contract between the code generator and the v1model switch.
 *
 * A compiled v1model program is a `V1Program<S>`: a per-packet state factory for its headers and
 * user metadata (layout chosen freely by the generator, opaque to the switch) and the six stage
 * functions of the `V1Switch` package, all in the shape of one execution mode:
 *
 * | mode       | stage shape        | an extern site ...                                                   |
 * |------------|--------------------|----------------------------------------------------------------------|
 * | `sync`     | `SyncStage<S>`     | runs the task at the call: `d.services.runSync(task)`                |
 * | `longjump` | `LongjumpStage<S>` | saves live locals in `d.locals`, sets `d.task = task`, `d.resumeSite = N`, returns `PARKED`; the switch re-enters the same stage function later with `d.resumeSite === N` and `d.task` completed |
 * | `context`  | `ContextStage<S>`  | `const done = yield task;` — the switch keeps the generator in `d.gen` and resumes it with the completed task |
 *
 * Rules every stage follows:
 * - Read/write packet state only through the descriptor: `d.std` (standard metadata), `d.state`
 *   (headers/metadata), `d.data`/`d.cursor`/`d.end` (parser), `d.out`/`d.outLength` (deparser).
 * - Parser: extracts from `d.data` at `d.cursor` (which starts at `d.start`, not 0: the buffer
 *   has headroom), with `d.end - d.cursor` bytes left, and advances `d.cursor` past what it
 *   extracted; never writes `d.data`. On an error (`reject`, `verify` failure, too short) it sets
 *   `d.std.parser_error` and returns DONE — the packet still goes through ingress (bmv2 does not
 *   drop on parser errors); headers extracted before the error stay valid and the unparsed bytes
 *   stay payload.
 * - Deparser: writes the emitted headers at `d.out[d.outLength ..]` (`d.outLength` is 0, or an
 *   offset in the packet buffer when the program gives `maxEmitBytes`) and advances `d.outLength`; the switch
 *   places them right before the payload `d.data[d.cursor, d.end)` (in place, the payload never
 *   moves; up to `headroom` bytes more than were parsed) and applies `truncate`.
 * - verifyChecksum sets `d.std.checksum_error = 1` on a mismatch (no automatic drop).
 * - `exit` ends the stage: return DONE (longjump), return (sync/context).
 * - A longjump stage re-entered with `d.resumeSite !== 0` continues at that site: no statement
 *   before the site runs again. `d.resumeSite` is 0 on first entry; the switch resets it between
 *   stages. The completed task is `d.task` (context: the value of the `yield` expression).
 * - An extern task that fails (`task.failure !== null`) never resumes: the switch drops the
 *   packet with that reason.
 * - v1model primitives (`mark_to_drop`, `clone*`, `resubmit*`, `recirculate*`, `truncate`,
 *   `digest`, `random`, `log_msg`, `assert`, `assume`) are the helpers of `externs/primitives.ts`.
 * - Counters, meters, registers are objects of `externs/` the program creates once and registers
 *   in `objects` under their P4 names.
 *
 * Minimal example (sync mode, forwards every packet to port 1):
 * ```ts
 * import { NamedObjectRegistry, type SyncProgram } from 'p4ts/runtime/v1model';
 * interface State { ethValid: boolean; dst: number }
 * export const program: SyncProgram<State> = {
 *   name: 'fwd', mode: 'sync', liveNumbers: 0, liveBigints: 0, liveRefs: 0,
 *   objects: new NamedObjectRegistry(),
 *   createState: () => ({ ethValid: false, dst: 0 }),
 *   resetState: (s) => { s.ethValid = false; s.dst = 0; },
 *   resetMetadata: () => {},
 *   copyState: (dst, src) => { dst.ethValid = src.ethValid; dst.dst = src.dst; },
 *   fieldLists: [],
 *   parser(d) { if (d.end - d.cursor < 14) { d.std.parser_error = ParserError.PacketTooShort; return; }
 *               d.state.dst = readU48(d.data, d.cursor); d.state.ethValid = true; d.cursor += 14; },
 *   verifyChecksum() {},
 *   ingress(d) { d.std.egress_spec = 1; },
 *   egress() {},
 *   computeChecksum() {},
 *   deparser(d) { if (d.state.ethValid) { writeU48(d.out, 0, d.state.dst); ...; d.outLength = 14; } },
 * };
 * ```
 */
import type { TracedSite } from '../trace/index.ts';
import type { PacketDescriptor } from './descriptor.ts';
import type { ExternTask } from '../tasks/executor.ts';
import type { StageStatus } from './constants.ts';
import type { ControlPlaneRegistry } from './registry.ts';

export type { ExecutionMode } from '../../contract/execution-mode.ts';

/** Sync mode: runs to completion; externs run at the call. */
export type SyncStage<S> = (d: PacketDescriptor<S>) => void;

/** Longjump mode: a plain function entered with `d.resumeSite`; returns DONE or PARKED. */
export type LongjumpStage<S> = (d: PacketDescriptor<S>) => StageStatus;

/**
 * Context mode: a generator function; each extern site yields its task and receives it back
 * completed. A stage without extern sites may be a plain `SyncStage` instead (the switch tells
 * them apart once, at construction).
 */
export type ContextStage<S> = (d: PacketDescriptor<S>) => Generator<ExternTask, void, ExternTask>;

/**
 * Copies the user-metadata fields annotated `@field_list(N)` from `src` to `dst` (the generator
 * emits one per index N). Used by `clone_preserving_field_list`, `resubmit_preserving_field_list`
 * and `recirculate_preserving_field_list`.
 */
export type FieldListCopier<S> = (dst: S, src: S) => void;

export interface V1ProgramBase<S> {
  readonly name: string;
  /** Size of `d.locals.num` (live number/boolean locals across any extern site). */
  readonly liveNumbers: number;
  /** Size of `d.locals.big`. */
  readonly liveBigints: number;
  /** Size of `d.locals.ref`. */
  readonly liveRefs: number;
  /** Allocates one state object (called once per pooled descriptor, never per packet). */
  createState(): S;
  /** All headers invalid, all user metadata 0 — the state of a packet entering the parser. */
  resetState(state: S): void;
  /** All user metadata 0, headers untouched (egress-to-egress clones). */
  resetMetadata(state: S): void;
  /** Copies headers (validity and fields) and user metadata (multicast copies, E2E clones). */
  copyState(dst: S, src: S): void;
  /** Indexed by the `@field_list(N)` index; a missing entry is an empty list. */
  readonly fieldLists: ReadonlyArray<FieldListCopier<S> | undefined>;
  /** The program's tables, counters, meters, registers by P4 name. */
  readonly objects: ControlPlaneRegistry;
  /**
   * Optional: the most bytes the deparser can emit. When given (and it fits in front of the
   * payload), the switch points `d.out` at the packet buffer itself with `d.outLength` starting
   * that many bytes before the payload, so the headers are written in place instead of copied;
   * the deparser code is the same either way (it writes `d.out` from `d.outLength` on).
   */
  readonly maxEmitBytes?: number;
  /**
   * A program compiled with tracing: its extern sites by number (what each calls, its P4 source
   * line), for the trace's park and resume lines. Absent otherwise.
   */
  readonly traceSites?: readonly TracedSite[];
  /**
   * Optional: the straight path (see `StraightPath`), generated for programs that never clone,
   * resubmit, recirculate, truncate or send digests. When given, the switch runs each new packet
   * through it instead of driving the stage functions one by one.
   */
  readonly straightPath?: StraightPath<S>;
  /**
   * Optional, longjump mode, with `straightPath`: where a packet parked at an extern site goes on
   * when its task is done (or ran at once), instead of the site's stage function: the site's
   * resume function in the straight path's form (state in locals, read back from the descriptor
   * and `d.locals`, where every packet that leaves the straight path keeps it), from the site to
   * the output or to where it leaves the straight path again, returning a `StraightStatus` as
   * `straightPath` does. Called with `d.resumeSite` and `d.stage` of the site (every extern site
   * of such a program is in a control before the deparser) and `fuse` as for `straightPath`.
   * A packet that parks in `straightPath` then writes back only what the resume functions read
   * (no `takeOver`): a switch that runs `straightPath` takes every parked packet on here.
   */
  readonly straightResume?: StraightResume<S>;
}

/**
 * A program's straight path: one new packet from the parser to the output in one call, with the
 * headers, metadata and the standard-metadata fields the program uses in the function's locals,
 * the stage bodies one after the other and the switch's decisions between them specialised to
 * the program — the code a person would write for it. A packet that leaves the common case
 * (multicast, a drop, an extern site in longjump mode, an egress queue in the way) is handed to
 * the switch's general path with its state written back into the descriptor.
 *
 * The switch calls it for a new packet with the frame as arguments: `data[start, start + length)`
 * received on port `port`. The packet has no descriptor while it runs here: the straight path
 * takes one (`sw.descriptor`) only where it needs one — an extern task, an extern that reports
 * on the packet (`log_msg`, `assert`, ...), or where the packet leaves the straight path — so a
 * packet that goes straight from input to output touches no descriptor at all. `fuse` says
 * whether the packet may go on from ingress to egress without the egress queue (no other packet
 * waits for egress and the pump's budget has room for a second work item). Returns a
 * `StraightStatus`; before returning one that hands the packet over it takes the descriptor,
 * calls `sw.takeOver(d)` (not for a parked packet of a program with `straightResume`), writes
 * its state into `d` and sets `d.stage`.
 */
export type StraightPath<S> = (sw: StraightPathServices<S>, data: Uint8Array, start: number, length: number, port: number, fuse: boolean) => number;

/**
 * Longjump mode: a resume function of the straight path (`straightResume`), for a packet that
 * parked in it and so has its descriptor `d` (state written back, `d.resumeSite` its site).
 * Returns a `StraightStatus` as `StraightPath` does.
 */
export type StraightResume<S> = (d: PacketDescriptor<S>, sw: StraightPathServices<S>, fuse: boolean) => number;

/**
 * In context mode a packet that reaches an extern site in the straight path waits as the site's
 * continuation: `StraightStatus.SUSPENDED` with `d.task` set to the site's task and
 * `d.continuation` to a function of this shape, holding the packet's state (a closure made only
 * for a packet that really waits). The switch hands the task over and, when it is done, calls the
 * continuation with the `fuse` of the resumed run; it runs the packet to where it leaves
 * (returning a `StraightStatus` other than PARKED) or to its next site (SUSPENDED again, with
 * `d.task` and `d.continuation` set anew).
 */
export type StraightContinuation = (fuse: boolean) => number;

/** What the switch offers a straight path. */
export interface StraightPathServices<S> {
  readonly dropPort: number;
  /** The clock reading of the running pump, µs (the packet's timestamps). */
  now(): number;
  /** Packets queued for egress port `port` now (`enq_qdepth`, `deq_qdepth` of a fused packet). */
  egressDepth(port: number): number;
  /**
   * The descriptor of the packet running in the straight path, the frame it was called with
   * (`data[start, start + length)` from `port`): taken for it at the first call (`d.data`,
   * `d.start`, `d.cursor` = `start`, `d.end`, `d.ingressLength`, `d.std.ingress_port` set), the
   * same one at every later call while the packet runs. A packet the switch already keeps in a
   * descriptor (queued, resumed) gets that one.
   */
  descriptor(data: Uint8Array, start: number, length: number, port: number): PacketDescriptor<S>;
  /** Transmits `data[start, start + length)` on `port`: the running packet has left (its descriptor, if it took one, is released). */
  transmit(port: number, data: Uint8Array, start: number, length: number): void;
  /**
   * Readies `d` for the general path: standard metadata as at the start of ingress (ingress
   * port, packet length, instance type NORMAL, ingress timestamp) and, when `egressPort` ≥ 0 (the
   * packet went on to egress in the same call), as the switch sets it entering egress on that
   * port. The straight path then writes every header and metadata field into `d.state` and the
   * standard-metadata fields it keeps in locals into `d.std`.
   */
  takeOver(d: PacketDescriptor<S>, egressPort: number): void;
  /**
   * Context and longjump modes, at an extern site: runs `task` (of packet `d`) on this thread now
   * when the executor is behind (it declines the task) and returns true, the packet going on at
   * once; false: the packet waits for the task (as its continuation, or parked). A task that
   * failed throws `ExternFailure` (the packet is dropped with its reason).
   */
  runHere(d: PacketDescriptor<S>, task: ExternTask): boolean;
}

export interface SyncProgram<S> extends V1ProgramBase<S> {
  readonly mode: 'sync';
  readonly parser: SyncStage<S>;
  readonly verifyChecksum: SyncStage<S>;
  readonly ingress: SyncStage<S>;
  readonly egress: SyncStage<S>;
  readonly computeChecksum: SyncStage<S>;
  readonly deparser: SyncStage<S>;
}

export interface LongjumpProgram<S> extends V1ProgramBase<S> {
  readonly mode: 'longjump';
  readonly parser: LongjumpStage<S>;
  readonly verifyChecksum: LongjumpStage<S>;
  readonly ingress: LongjumpStage<S>;
  readonly egress: LongjumpStage<S>;
  readonly computeChecksum: LongjumpStage<S>;
  readonly deparser: LongjumpStage<S>;
}

export interface ContextProgram<S> extends V1ProgramBase<S> {
  readonly mode: 'context';
  readonly parser: ContextStage<S> | SyncStage<S>;
  readonly verifyChecksum: ContextStage<S> | SyncStage<S>;
  readonly ingress: ContextStage<S> | SyncStage<S>;
  readonly egress: ContextStage<S> | SyncStage<S>;
  readonly computeChecksum: ContextStage<S> | SyncStage<S>;
  readonly deparser: ContextStage<S> | SyncStage<S>;
}

export type V1Program<S> = SyncProgram<S> | LongjumpProgram<S> | ContextProgram<S>;

export type { PacketDescriptor, SwitchServices } from './descriptor.ts';
export { LiveLocals } from './descriptor.ts';
export type { ExternTask } from '../tasks/executor.ts';
export { StageStatus, StraightStatus, Stage, ParserError, InstanceType } from './constants.ts';
export { StandardMetadata } from './standard-metadata.ts';
