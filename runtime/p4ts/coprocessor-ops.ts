/**
 * The p4ts externs as a co-processor op module (see runtime/coprocessor/README.md): loaded in
 * the worker (and on the main thread for `runInline`). One op, `p4ts-payload`; its arguments
 * are [operation, a0, a1, a2, payload offset in the buffer]. The payload is
 * `bytes[offset, offset + length)`; the result is the payload's new length.
 */
import type { OpRegistry } from '../coprocessor/registry.ts';
import { calibrateBurn } from '../coprocessor/registry.ts';
import { runPayloadOp } from './payload-ops.ts';
import { SecurityStore } from './security-store.ts';
import { SharedSecurityConfig } from './shared-config.ts';

export const PAYLOAD_OP_NAME = 'p4ts-payload';
/**
 * A failed payload operation (negative code `c`) comes back with message code `CODE_BASE - c`:
 * op-module codes start at 16, so they never read as the runtime's own (an exception is 1).
 */
export const PAYLOAD_CODE_BASE = 16;

export interface P4tsOpsConfig {
  /** The `SharedSecurityConfig` buffer. */
  readonly shared: SharedArrayBuffer;
  readonly nominalHz?: number;
}

export function register(registry: OpRegistry, config: unknown): void {
  const { shared, nominalHz } = config as P4tsOpsConfig;
  const source = new SharedSecurityConfig(shared);
  const perCycle = calibrateBurn(nominalHz).iterationsPerCycle;
  let store = new SecurityStore();
  let seen = -1;
  registry.define(PAYLOAD_OP_NAME, (bytes, offset, length, args) => {
    const version = source.version;
    if (version !== seen) {
      let snapshot = source.read();
      while (snapshot === undefined) snapshot = source.read();
      store = SecurityStore.fromConfig(snapshot.config);
      seen = snapshot.version;
    }
    const end = runPayloadOp(args[0]!, store, bytes, offset, offset + length, bytes.length, args[1]!, args[2]! >>> 0, args[3]! >>> 0, perCycle);
    return end < 0 ? end - PAYLOAD_CODE_BASE : end - offset;
  });
}
