/**
 * The v1model software switch and the contract compiled v1model programs implement.
 * See `program.ts` for the contract, `switch.ts` for the semantics.
 */
export * from './constants.ts';
export { StandardMetadata, STANDARD_METADATA_WIDTHS, type StandardMetadataField } from './standard-metadata.ts';
export { PacketDescriptor, LiveLocals, Flow, type SwitchServices } from './descriptor.ts';
export { InlineExecutor, type ExternExecutor, type ExternTask, type InlineExecutorOptions } from '../tasks/index.ts';
export type {
  ExecutionMode,
  SyncStage,
  LongjumpStage,
  ContextStage,
  FieldListCopier,
  V1ProgramBase,
  SyncProgram,
  LongjumpProgram,
  ContextProgram,
  V1Program,
  StraightPath,
  StraightResume,
  StraightContinuation,
  StraightPathServices,
} from './program.ts';
export { NamedObjectRegistry, type ControlPlaneRegistry, type ControlPlaneEntry, type ControlPlaneKind } from './registry.ts';
export { MulticastGroups, MirroringSessions, MAX_MIRROR_SESSION_ID, type MulticastMember, type MirrorSession } from './pre.ts';
export { V1Switch } from './switch.ts';
export type { V1SwitchOptions } from './switch-options.ts';
export { V1SwitchStats, type DigestRecord } from './switch-stats.ts';
export * from './externs/index.ts';
