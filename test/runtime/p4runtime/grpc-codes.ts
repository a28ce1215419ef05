/**
 * The gRPC status codes the P4Runtime tests expect, as the gRPC specification numbers them —
 * written here rather than imported from the server (runtime/p4runtime/server/status.ts), so that a
 * wrong number there fails a test instead of agreeing with it.
 */
export const OK = 0;
export const UNKNOWN = 2;
export const INVALID_ARGUMENT = 3;
export const NOT_FOUND = 5;
export const ALREADY_EXISTS = 6;
export const PERMISSION_DENIED = 7;
export const RESOURCE_EXHAUSTED = 8;
export const FAILED_PRECONDITION = 9;
export const ABORTED = 10;
export const OUT_OF_RANGE = 11;
export const UNIMPLEMENTED = 12;
