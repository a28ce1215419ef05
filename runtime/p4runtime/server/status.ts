/**
 * P4Runtime errors: the canonical gRPC codes, `P4RuntimeError` (one failed update or request),
 * and the `google.rpc.Status` a failed `Write` returns (one `p4.v1.Error` per update, in order,
 * `OK` for the updates that succeeded).
 */
import { encode, messageType, packAny } from '../schema.ts';

export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type CodeNumber = (typeof Code)[keyof typeof Code];

/** A request or update the server refuses, with the canonical code the specification asks for. */
export class P4RuntimeError extends Error {
  constructor(
    readonly code: CodeNumber,
    message: string,
  ) {
    super(message);
    this.name = 'P4RuntimeError';
  }
}

export function fail(code: CodeNumber, message: string): never {
  throw new P4RuntimeError(code, message);
}

/** The error of one update: `OK` (undefined) or a code and message. */
export type UpdateOutcome = P4RuntimeError | undefined;

/** The `google.rpc.Status` of a failed Write (one `p4.v1.Error` per update) or Read (one per request), encoded (for the `grpc-status-details-bin` trailer). */
export function writeStatusDetails(outcomes: readonly UpdateOutcome[], message: string): Uint8Array {
  const ErrorType = messageType('p4.v1.Error');
  const details = outcomes.map((o) => packAny(ErrorType, o === undefined ? { canonical_code: Code.OK } : { canonical_code: o.code, message: o.message, space: 'p4ts' }));
  return encode(messageType('google.rpc.Status'), { code: Code.UNKNOWN, message, details });
}

/** Any thrown value as a `P4RuntimeError` (a non-P4Runtime error is INTERNAL: a p4ts bug). */
export function asP4RuntimeError(e: unknown, fallback: CodeNumber = Code.INTERNAL): P4RuntimeError {
  if (e instanceof P4RuntimeError) return e;
  return new P4RuntimeError(fallback, e instanceof Error ? e.message : String(e));
}
