/** The runtime of p4ts's own externs (compiler/p4include/p4ts.p4): payload crypto, IPsec ESP, burn. */
export { SecurityStore, PayloadKey, type PayloadKeyConfig, type SecurityConfig } from './security-store.ts';
export { PayloadOp, PAYLOAD_OP_NAMES, PayloadFailure, payloadFailureReason, runPayloadOp } from './payload-ops.ts';
export { PayloadTask, runTaskSync, burnIterationsPerCycle } from './payload-task.ts';
export { ExternFailure } from '../tasks/executor.ts';
export { saConfigFromFields, keyConfigFromFields, type FieldValues } from './config.ts';
export { SharedSecurityConfig } from './shared-config.ts';
export { CoprocessorExecutor, type CoprocessorExecutorOptions } from './coprocessor-executor.ts';
