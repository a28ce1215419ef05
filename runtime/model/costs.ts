/**
 * Cost accounting: turns one path's `PathWork` and a `Profile` into the cycle amounts the
 * simulator schedules (main-core segments, co-processor service per task, each mode's overheads).
 * Pure arithmetic, no time: the simulator decides what overlaps with what.
 */
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { Profile } from './profile.ts';
import type { ExternCall, ExternOp, OpCounts, PathWork } from './work.ts';
import { MATCH_KINDS, addOps, noOps } from './work.ts';

/** The extern execution modes the model knows (the paper's non-async, ucontext and longjump): those of `contract/execution-mode.ts`. */
export type ModelMode = ExecutionMode;

export const MODEL_MODES: readonly ModelMode[] = EXECUTION_MODES;

/** Cycles of one extern call, split by who pays them and when. */
export interface CallCost {
  /** Main core, before the call: the pipeline segment leading to the site + copying the task in. */
  beforeCycles: number;
  /** Co-processor cycles of the task itself (per-task handling + the ops), excluding per-burst cost. */
  serviceCycles: number;
  /** Cycles of the task when the main core runs it itself (help when behind): its ops, without the co-processor's per-task handling. */
  inlineCycles: number;
  /**
   * Main core, async modes: a task the main core runs itself (help when behind) run at its site,
   * beyond the task's work (`inlineCycles`), the packet going on at once without suspending or
   * resuming; undefined: a helped packet suspends and resumes like any other.
   */
  helpAtSiteCycles: number | undefined;
  /** Main core, when suspending at the site (async modes: park / save context + enqueue). */
  suspendCycles: number;
  /** Main core, when resuming (async modes: re-entry / context restore + taking the result). */
  resumeCycles: number;
  /** Main core, right after the call in every mode: copying the result back, the runtime's framing after the operation. */
  afterCycles: number;
  /** Main core, sync mode: submitting the op (the wait is `syncWaitCycles` + service). */
  syncSubmitCycles: number;
}

/** A path's costs for one mode. */
export interface PathCost {
  /** Main-core cycles of a path without externs (everything but rx/tx), or after the last call. */
  afterCycles: number;
  calls: readonly CallCost[];
  frameBytesOut: number;
}

/** Main-core cycles of a stretch of pipeline operations (no per-packet cost, no extern overheads). */
export function opCycles(ops: OpCounts, profile: Profile): number {
  const cpu = profile.cpu;
  let lookups = 0;
  for (const kind of MATCH_KINDS) lookups += (ops.lookups[kind] ?? 0) * cpu.lookupCycles[kind];
  return (
    ops.headersParsed * cpu.parseHeaderCycles +
    ops.bytesParsed * cpu.parseByteCycles +
    ops.headersEmitted * cpu.emitHeaderCycles +
    ops.bytesEmitted * cpu.emitByteCycles +
    lookups +
    ops.actionPrimitives * cpu.actionPrimitiveCycles +
    copyCycles(ops.bytesCopied, profile) +
    ops.checksumBytes * cpu.checksumPerByte
  );
}

/** Main-core cycles of a whole path's pipeline work, with the runtime's per-packet cost (no rx/tx, no extern overheads). */
export function pipelineCycles(work: PathWork, profile: Profile): number {
  return profile.cpu.pipelinePacketCycles + opCycles(work, profile);
}

/** Co-processor cycles of one extern op of operation `operation` (a cipher or MAC transform pays the library's call cost). */
export function externOpCycles(op: ExternOp, profile: Profile, operation: number | null = null): number {
  const c = profile.coproc;
  const own = operation === null ? undefined : c.operationBlockCycles[operation];
  const aesBlock = own?.aes ?? c.aesBlockCycles;
  const aes = (blocks: number, keyBits: 128 | 256): number => blocks * aesBlock * (keyBits === 256 ? 14 / 10 : 1);
  switch (op.kind) {
    case 'aes-cbc':
      return c.cryptoCallCycles + aes(op.blocks, op.keyBits);
    case 'aes-gcm':
      return c.cryptoCallCycles + aes(op.blocks, op.keyBits) + op.ghashBlocks * c.ghashBlockCycles;
    case 'hmac': {
      const perBlock = op.hash === 'md5' ? (own?.md5 ?? c.md5BlockCycles) : op.hash === 'sha1' ? c.sha1BlockCycles : c.sha256BlockCycles;
      return c.cryptoCallCycles + op.blocks * perBlock;
    }
    case 'burn':
      return c.burnCallCycles + op.cycles * c.burnCyclesPerCycle;
  }
}

/** Co-processor cycles of one task (per-task handling + its ops), without the per-burst cost. */
export function taskServiceCycles(call: ExternCall, profile: Profile): number {
  let cycles = profile.coproc.taskCycles + (call.op === null ? 0 : (profile.coproc.operationCycles[call.op] ?? 0));
  for (const op of call.ops) cycles += externOpCycles(op, profile, call.op);
  return cycles;
}

function copyCycles(bytes: number, profile: Profile): number {
  return bytes > 0 ? profile.cpu.copyCallCycles + bytes * profile.cpu.copyPerByte : 0;
}

/** Main-core cycles of suspending and resuming at one extern site, per mode, and what a packet pays once (its context). */
function modeOverheads(work: PathWork, mode: ModelMode, profile: Profile): { suspend: number; resume: number; perPacket: number } {
  const m = profile.modes;
  switch (mode) {
    case 'sync':
      return { suspend: 0, resume: 0, perPacket: 0 };
    case 'context': {
      const frame = copyCycles(m.contextFrameBytes + (m.contextCopiesDescriptor === true ? work.liveStateBytes : 0), profile);
      return {
        suspend: m.contextSwitchCycles + frame + m.asyncTaskCycles,
        resume: m.contextSwitchCycles + frame + m.asyncResultCycles,
        perPacket: m.contextCreateCycles + (m.contextSwitchesPerPacket ?? 0) * m.contextSwitchCycles,
      };
    }
    case 'longjump': {
      const state = copyCycles(work.liveStateBytes, profile);
      const reparse = m.reparse && m.rerunFromStart !== true
        ? work.reparseHeaders * profile.cpu.parseHeaderCycles + work.reparseBytes * profile.cpu.parseByteCycles
        : 0;
      const rerun = m.rerun ? profile.cpu.pipelinePacketCycles : 0;
      return {
        suspend: m.parkCycles + state + m.asyncTaskCycles,
        resume: m.reentryCycles + state + rerun + reparse + m.asyncResultCycles,
        perPacket: 0,
      };
    }
  }
}

/**
 * Costs of one path in one mode. The pipeline work before the first call is split evenly over the
 * calls (a program with several sites between them); what the runtime does around an operation
 * (`profile.runtime`: the task handle, framing a T4P4S-style runtime does on the main core) is
 * added before and after that call. A runtime that offloads each transform of an operation as a
 * task of its own (`taskPerTransform`) makes a call several tasks in a row, each with its own
 * extern-call work, submit and suspend/resume; the framing goes before the first and after the
 * last. What a packet pays once in a mode (its context) goes with its first task.
 */
export function pathCost(work: PathWork, mode: ModelMode, profile: Profile): PathCost {
  const pipeline = pipelineCycles(work, profile);
  const n = work.externCalls.length;
  if (n === 0) return { afterCycles: pipeline, calls: [], frameBytesOut: work.frameBytesOut };
  const after = opCycles(work.afterLastCall, profile);
  const beforeEach = (pipeline - after) / n;
  const { suspend, resume, perPacket } = modeOverheads(work, mode, profile);
  // a longjump rerun from the start repeats the pipeline's work up to call c (the parser included), split as `beforeEach` is
  // (less what the runtime does once per packet outside handle_packet: `work.notRerun`, T4P4S's counter)
  const notRerun = work.notRerun === undefined ? 0 : opCycles(work.notRerun, profile);
  const rerunToSite = (c: number): number =>
    mode === 'longjump' && profile.modes.rerun && profile.modes.rerunFromStart === true ? ((c + 1) * (pipeline - after - profile.cpu.pipelinePacketCycles - notRerun)) / n : 0;
  const rt = profile.runtime;
  const calls = work.externCalls.flatMap((call, c): CallCost[] => {
    const framing = call.op === null ? undefined : rt.externFraming[call.op];
    const moved = framing?.copiesPacket ? call.taskBytes + work.frameBytesOut : 0;
    const tasks = rt.taskPerTransform === true && call.ops.length > 1 ? call.ops.map((op) => [op]) : [call.ops];
    return tasks.map((ops, t): CallCost => {
      const first = t === 0;
      const last = t === tasks.length - 1;
      const task = { ...call, ops };
      const service = taskServiceCycles(task, profile) - (first || call.op === null ? 0 : (profile.coproc.operationCycles[call.op] ?? 0));
      return {
        beforeCycles:
          (first ? beforeEach + (call.op === null ? 0 : (profile.cpu.externOpCycles?.[call.op] ?? 0)) + (framing ? opCycles(addOps(noOps(), framing.before), profile) : 0) : 0) +
          profile.cpu.externCallCycles +
          copyCycles(rt.taskHandleBytes + (rt.copiesTaskData && first ? call.taskBytes : 0), profile),
        serviceCycles: service,
        inlineCycles: service - profile.coproc.taskCycles,
        helpAtSiteCycles: mode === 'sync' ? undefined : profile.modes.helpAtSiteCycles,
        suspendCycles: mode === 'sync' ? suspend : Math.max(0, suspend + (c === 0 && first ? perPacket : 0) + (call.op === null ? 0 : (profile.modes.suspendOpCycles?.[call.op] ?? 0))),
        resumeCycles: resume + rerunToSite(c),
        afterCycles: last ? copyCycles(rt.copiesTaskData ? call.resultBytes : 0, profile) + (framing ? opCycles(addOps(noOps(), { ...framing.after, bytesCopied: (framing.after.bytesCopied ?? 0) + moved }), profile) : 0) : 0,
        syncSubmitCycles: profile.modes.syncSubmitCycles,
      };
    });
  });
  return { afterCycles: after, calls, frameBytesOut: work.frameBytesOut };
}
