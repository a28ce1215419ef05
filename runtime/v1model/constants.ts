/**
 * Numeric constants of the v1model architecture as the reference behavioural switch
 * (bmv2 `simple_switch`) defines them. Plain `as const` objects (no TypeScript enums) so the
 * generated code and the runtime share numbers without any runtime indirection.
 */

/** `standard_metadata.instance_type` values, as simple_switch numbers them. */
export const InstanceType = {
  NORMAL: 0,
  INGRESS_CLONE: 1,
  EGRESS_CLONE: 2,
  COALESCED: 3,
  RECIRC: 4,
  REPLICATION: 5,
  RESUBMIT: 6,
} as const;
export type InstanceType = (typeof InstanceType)[keyof typeof InstanceType];

/**
 * The stage order and numbers, the drop port and the port count are the v1model contract
 * (`contract/v1model.ts`), shared with the compiler; here under the runtime's names.
 */
export {
  V1Stage as Stage,
  V1MODEL_STAGES as STAGE_NAMES,
  V1MODEL_DROP_PORT as DEFAULT_DROP_PORT,
  V1MODEL_PORT_COUNT as PORT_COUNT,
} from '../../contract/v1model.ts';

/** v1model `CloneType` (the order of the enum in `v1model.p4`). */
export const CloneType = { I2E: 0, E2E: 1 } as const;
export type CloneType = (typeof CloneType)[keyof typeof CloneType];

/** v1model `MeterColor` as bmv2 returns it from a two-rate three-color meter. */
export const MeterColor = { GREEN: 0, YELLOW: 1, RED: 2 } as const;
export type MeterColor = (typeof MeterColor)[keyof typeof MeterColor];

/** v1model `CounterType` / `MeterType` (order of the enums in `v1model.p4`). */
export const CounterType = { packets: 0, bytes: 1, packets_and_bytes: 2 } as const;
export type CounterType = (typeof CounterType)[keyof typeof CounterType];
export const MeterType = { packets: 0, bytes: 1 } as const;
export type MeterType = (typeof MeterType)[keyof typeof MeterType];

/**
 * The standard `error` members of `core.p4`, numbered in declaration order (bmv2 numbers the
 * error enum in that order too). A program's own `error { ... }` members follow from 7 on; the
 * generator assigns those numbers.
 */
export const ParserError = {
  NoError: 0,
  PacketTooShort: 1,
  NoMatch: 2,
  StackOutOfBounds: 3,
  HeaderTooShort: 4,
  ParserTimeout: 5,
  ParserInvalidArgument: 6,
} as const;
export type ParserError = (typeof ParserError)[keyof typeof ParserError];

/** What a stage function reports (longjump shape). */
export const StageStatus = {
  /** The stage ran to its end (or executed `exit`/`accept`/`reject`). */
  DONE: 0,
  /**
   * An extern task was issued: `descriptor.task` holds it and `descriptor.resumeSite` the site
   * number to re-enter at. The switch does not touch the packet until the task completes.
   */
  PARKED: 1,
} as const;
export type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];

/**
 * What a program's straight path (`V1ProgramBase.straightPath`) returns: the packet left, or where
 * the switch's general path takes it over (its state written back into the descriptor first).
 */
export const StraightStatus = {
  /** The packet left (transmitted or dropped) without going through egress. */
  DONE: 0,
  /** The packet left after ingress and egress in the same call: two work items of the pump. */
  DONE_FUSED: 1,
  /** At the end of ingress, not a plain unicast that may go on: the switch's `endIngress` takes it. */
  INGRESS_END: 2,
  /** At the end of egress, to be dropped (`egress_spec` is the drop port): the switch's `endEgress` takes it. */
  EGRESS_END: 3,
  /** Ready for the deparser, but the headers do not fit in place: the switch deparses it. */
  DEPARSE: 4,
  /** Parked at an extern site (longjump): `d.task`, `d.resumeSite` and `d.stage` set; the switch hands the task over. */
  PARKED: 5,
  /**
   * Waits at an extern site (context mode) as its continuation: `d.task` holds the site's task,
   * `d.continuation` the rest of its way (`StraightContinuation`) and `d.stage` the stage it waits in.
   */
  SUSPENDED: 6,
} as const;
export type StraightStatus = (typeof StraightStatus)[keyof typeof StraightStatus];

/**
 * Why a packet instance was dropped. Every instance ends either transmitted or dropped with one
 * of these reasons.
 */
export type DropReason =
  /** An extern task failed; the reason is the task's own (e.g. `coprocessor-died`). */
  | (string & {})
  /** `egress_spec` equal to the drop port at the end of ingress (`mark_to_drop`). */
  | 'ingress-drop'
  /** `egress_spec` equal to the drop port at the end of egress (`mark_to_drop` in egress). */
  | 'egress-drop'
  /** `mcast_grp` named a group that is not configured or has no members. */
  | 'multicast-no-members'
  /** The instance exceeded `maxPasses` resubmits + recirculations. */
  | 'loop-limit'
  /** `assert(false)` was executed (with `assertPolicy: 'drop'`). */
  | 'assert-failed'
  /** `assume(false)` was executed (with `assertPolicy: 'drop'`). */
  | 'assume-failed'
  /** No free packet descriptor (pool at `maxDescriptors`). */
  | 'no-buffer'
  /** Injected frame larger than `maxFrameSize`, or deparsed frame larger than the output buffer. */
  | 'oversize'
  /** The mirroring session of a clone was deleted while the clone was being re-parsed. */
  | 'mirror-session-missing'
  /** The parser went back to an earlier state more than `V1MODEL_PARSER_LOOP_LIMIT` times (a loop that does not end); `parser_error` is `ParserTimeout`. */
  | 'parser-timeout'
  /** A stage function threw (a program or runtime bug); the error is kept in `stats.errors`. */
  | 'program-error';

export const DROP_REASONS: readonly DropReason[] = [
  'ingress-drop',
  'egress-drop',
  'multicast-no-members',
  'loop-limit',
  'assert-failed',
  'assume-failed',
  'no-buffer',
  'oversize',
  'mirror-session-missing',
  'parser-timeout',
  'program-error',
];
