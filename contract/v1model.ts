/**
 * Contract: the v1model architecture (as bmv2 `simple_switch` runs it).
 *
 * Stages: parser → verifyChecksum → ingress → (traffic manager) → egress → computeChecksum →
 * deparser. The generated program names its stage functions after `V1MODEL_STAGES`; the switch
 * numbers them `V1Stage` (their index) in `descriptor.stage`.
 *
 * Metadata: `standard_metadata_t` is `runtime/v1model/standard-metadata.ts`, field names as in
 * `v1model.p4`, so `standard_metadata.egress_spec` is `d.std.egress_spec` in generated code.
 */
import type { Architecture } from './architecture.ts';

export const V1MODEL_STAGES = ['parser', 'verifyChecksum', 'ingress', 'egress', 'computeChecksum', 'deparser'] as const;

export type V1StageName = (typeof V1MODEL_STAGES)[number];

/** The stage numbers (`descriptor.stage`): the index in `V1MODEL_STAGES`. */
export const V1Stage = {
  PARSER: 0,
  VERIFY_CHECKSUM: 1,
  INGRESS: 2,
  EGRESS: 3,
  COMPUTE_CHECKSUM: 4,
  DEPARSER: 5,
} as const satisfies Record<string, number>;
export type V1Stage = (typeof V1Stage)[keyof typeof V1Stage];

export const V1MODEL: Architecture<V1StageName> = {
  name: 'v1model',
  packageType: 'V1Switch',
  stages: V1MODEL_STAGES,
};

/**
 * The drop port (simple_switch's default `--drop-port`): `mark_to_drop` writes it to
 * `egress_spec`, and a packet whose `egress_spec` is this port at the end of ingress or egress
 * is dropped. The switch's `dropPort` option may move it.
 */
export const V1MODEL_DROP_PORT = 511;

/** Port numbers are `bit<9>`: this many distinct ports. */
export const V1MODEL_PORT_COUNT = 512;

/**
 * How many times one run of a parser may go back to a state it has passed (a transition to the
 * same or an earlier state; every loop has one). A parser that goes past it — a loop that does
 * not end, as `state start { transition start; }` — sets `parser_error` to `ParserTimeout` and the
 * switch drops the packet with reason `parser-timeout`, as a real target bounds its parser's time.
 * A loop that extracts a header each time ends long before: a 9 KB frame has 9,216 bytes.
 */
export const V1MODEL_PARSER_LOOP_LIMIT = 65_536;
