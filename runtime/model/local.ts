/**
 * The `local` target: this machine, from microbenchmarks only (`p4ts model --calibrate`,
 * `bench/calibrate/`). A calibration holds nanoseconds of CPU time of the packet-processing
 * thread (and of the co-processor worker) for synthetic programs and kernels, already turned into
 * per-operation costs; `localProfile` makes the `Profile` of one harness and variant of
 * `npm run bench` from it, in nanoseconds (a 1 GHz "clock": one cycle is one ns).
 *
 * How the harnesses map onto the model:
 * - `rtc` (run to completion, the l2fwd scenario): per packet `rtcBase[mode]` + the program's
 *   operations at the per-operation costs of its mode;
 * - `stream` (the extern scenarios): per packet `stream[variant].plainBase` + operations; an
 *   extern packet adds `stream[variant].externOverhead` (the site: suspend/resume and the task's
 *   traffic on the main thread, or the inline call / the synchronous round trip beyond the
 *   worker's time) and, where the main thread runs or waits for it, the task itself (kernel
 *   costs); the worker pays `workerTaskNs` + the task, and each burst `workerBurstNs` (the main
 *   thread `mainBurstNs`). In context and longjump a task the main thread runs itself (the worker
 *   behind) costs what it costs in sync-inline: `stream['sync-inline'].externOverhead` + the task.
 */
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import { PayloadOp } from '../../contract/p4ts-operations.ts';
import { PUBLISH_EVERY } from '../coprocessor/protocol.ts';
import type { ModelMode } from './costs.ts';
import type { Profile } from './profile.ts';
import type { MatchKind, PacketWork, PathWork } from './work.ts';

/** The variants of the extern scenarios' harness (`runtime/testing/async-pipeline.ts`). */
export type LocalVariant = 'sync-inline' | 'sync-offload' | 'context' | 'longjump';

export const LOCAL_VARIANTS: readonly LocalVariant[] = ['sync-inline', 'sync-offload', 'context', 'longjump'];

/** Per-operation main-thread costs of generated code in one mode, ns. */
export interface LocalOpCosts {
  parseHeader: number;
  parseByte: number;
  emitHeader: number;
  emitByte: number;
  lookup: Record<Exclude<MatchKind, 'optional'>, number>;
  primitive: number;
}

export interface LocalStreamCosts {
  /** Per plain packet, beyond its operations, ns of the main thread. */
  plainBase: number;
  /** Per extern packet, beyond its operations and the task's own work, ns of the main thread (the median draw where there are several). */
  externOverhead: number;
}

/** One measurement the calibration is made of. */
export interface CalibrationMeasurement {
  readonly name: string;
  /** Main-thread CPU ns per packet (median round). */
  readonly mainNs: number;
  /** CPU ns of all threads per packet, best round. */
  readonly processNs: number;
  /**
   * CPU ns of the threads other than the main one (the co-processor worker) per packet, median
   * round: the same rounds as `mainNs`. Absent in calibrations made before it was recorded (then
   * `processNs - mainNs`, a best round less a median one).
   */
  readonly otherNs?: number;
  /** Packets per second of wall time, best round. */
  readonly pps: number;
  /** Streaming runs: tasks the main thread ran itself, and tasks the worker took (all rounds). */
  readonly helped?: number;
  readonly offloaded?: number;
}

/** Appended to the names of a calibration's runs that were measured again (the machine's cross-core state changed while they ran): kept for the record, never solved from, not counted in its warnings. */
export const SUPERSEDED = '(state changed: measured again)';

/**
 * Of a run's extern tasks, the share the main thread ran itself (help when behind), from the
 * counts a streaming run reports (a calibration's measurement, a bench run); undefined where the
 * run reports none or had no tasks.
 */
export function helpedShareOf(r: { readonly helped?: number | undefined; readonly offloaded?: number | undefined }): number | undefined {
  const helped = r.helped ?? 0;
  const all = helped + (r.offloaded ?? 0);
  return r.helped === undefined || all <= 0 ? undefined : helped / all;
}

/** The co-processor ring's round trip (`bench/calibrate/wake.ts`), wall-clock ns. */
export interface RingCalibration {
  /** One task to a spinning worker and its result back. */
  readonly spinningNs: number;
  /** One task to a sleeping worker (parked after its spin window) and back: its wake-up. */
  readonly sleepingNs: number;
  /** The worker's spin window before it sleeps (the runtime's setting). */
  readonly spinWindowNs: number;
}

export interface ExecutorPolicy {
  readonly helpBacklog: Readonly<Record<string, number>>;
  readonly publishWhenIdle: boolean;
  /**
   * Staged tasks that go out at once to an idle worker, by burst size (`Coprocessor.idleBurst`: a
   * quarter burst). A burst not recorded here (or a calibration made before it was recorded): the
   * runtime's rule itself (`idleBurstOf`), which the model imports.
   */
  readonly idleBurst?: Readonly<Record<string, number>>;
  /**
   * Share of its spin window the worker spins on an empty ring before it says it is drowsy, the
   * condition for a partial burst to go out to it (`Coprocessor.drowsyMicros` over its spin
   * window: `DROWSY_SPIN_SHARE`, since 2026-12-07 05:35 UTC). Absent in calibrations made
   * before it was recorded (2026-12-07, session 9): the runtime's constant, which the model
   * imports (though a calibration made before 05:35 ran with 0, a partial burst to any worker
   * that had run dry).
   */
  readonly drowsySpinShare?: number;
}

/** The calibration format `p4ts model --calibrate` writes (2: with the ring round trip). */
export const CALIBRATION_VERSION = 2;

export interface LocalCalibration {
  readonly version: typeof CALIBRATION_VERSION;
  readonly machine: { readonly cpuModel: string; readonly cpus: number; readonly node: string; readonly loadAverage: readonly number[]; readonly date: string };
  readonly settings: { readonly roundSeconds: number; readonly rounds: number };
  readonly ops: Readonly<Record<ExecutionMode, LocalOpCosts>>;
  /** Per packet of the run-to-completion harness beyond its operations, ns. */
  readonly rtcBase: Readonly<Record<ExecutionMode, number>>;
  readonly stream: Readonly<Record<LocalVariant, LocalStreamCosts>>;
  /** Worker CPU per task beyond the task's work, ns. */
  readonly workerTaskNs: number;
  /** Per burst of tasks sent to the worker: main-thread and worker CPU, ns. */
  readonly mainBurstNs: number;
  readonly workerBurstNs: number;
  /** The tasks' own work on this machine, ns: ESP encapsulation and AES encryption (fixed and per block), burn. */
  readonly kernels: {
    readonly esp: { readonly fixedNs: number; readonly aesBlockNs: number; readonly md5BlockNs: number };
    readonly aes: { readonly fixedNs: number; readonly blockNs: number };
    readonly burnCallNs: number;
    /** ns per cycle of a `burn(cycles)` argument (nominal 3 GHz: about 0.33). */
    readonly burnNsPerCycle: number;
  };
  /** The co-processor ring's round trip, to a spinning and to a sleeping worker. */
  readonly ring: RingCalibration;
  /**
   * The machine's cross-core state while the calibration ran (`runtime/model/cross-core.ts`): one
   * cache line's round trip between two threads, wall-clock ns, before and after every draw (`at`:
   * `draw 2 start`, `draw 2 end`; a draw the state changed in was measured again: `draw 2 again
   * start`). Absent in calibrations made before it was measured.
   */
  readonly crossCore?: { readonly lineSamples: readonly { readonly at: string; readonly ns: number | null }[] };
  /**
   * Main-thread ns the switch spends around an ESP encapsulation / an AES encryption site beyond
   * what it spends around a `burn` site (task set-up, the packet's growth, writing it out), from
   * sync-inline runs of a one-header program with such a site less the kernel. Absent in
   * calibrations made before it was measured (then 0).
   */
  readonly opGlue?: { readonly esp: number; readonly aes: number };
  /**
   * Main-thread ns a packet suspended at an ESP encapsulation / an AES encryption site costs in
   * context and longjump beyond one suspended at a `burn` site and beyond `opGlue` (the task's
   * traffic around a park and resume that depends on the operation: a grown packet, a result
   * that comes back later), from runs of the one-header program with such a site at share 1,
   * the tasks the main thread ran itself taken out at their sync-inline cost. May be negative.
   * Absent in calibrations made before it was measured (then 0).
   */
  readonly asyncOpGlue?: Readonly<Record<'context' | 'longjump', { readonly esp: number; readonly aes: number }>>;
  /**
   * The co-processor's scheduling policy the calibration ran with, read from the runtime
   * (`bench/calibrate/executor-policy.ts`): tasks waiting for the worker beyond which the main
   * thread helps, by burst size (`Coprocessor.helpBacklog`), and whether a partial burst goes out
   * at once to an idle worker (one drowsy: `drowsySpinShare` of its spin window idle, still
   * awake). Absent in calibrations made before the runtime had either: then the policy of that
   * time (help beyond one burst, partial bursts only at the flush timeout).
   */
  readonly executor?: ExecutorPolicy;
  /**
   * Each cost solved per draw (`bench/calibrate/solve.ts`: every stream case and kernel measured in
   * several groups at different times), by its path (`stream.context.externOverhead`), in draw
   * order: the spread behind the median the cost above is. Absent in calibrations of one draw.
   */
  readonly draws?: Readonly<Record<string, readonly number[]>>;
  /** The raw measurements, for the record. */
  readonly measurements: readonly CalibrationMeasurement[];
}

/** The cost fields of a calibration (every one a non-negative number of ns), as paths. */
function costPaths(): string[] {
  const op = ['parseHeader', 'parseByte', 'emitHeader', 'emitByte', 'primitive', 'lookup.exact', 'lookup.lpm', 'lookup.ternary', 'lookup.range'];
  return [
    ...EXECUTION_MODES.flatMap((m) => [...op.map((f) => `ops.${m}.${f}`), `rtcBase.${m}`]),
    ...LOCAL_VARIANTS.flatMap((v) => [`stream.${v}.plainBase`, `stream.${v}.externOverhead`]),
    'workerTaskNs',
    'mainBurstNs',
    'workerBurstNs',
    'kernels.esp.fixedNs',
    'kernels.esp.aesBlockNs',
    'kernels.esp.md5BlockNs',
    'kernels.aes.fixedNs',
    'kernels.aes.blockNs',
    'kernels.burnCallNs',
    'kernels.burnNsPerCycle',
    'ring.spinningNs',
    'ring.sleepingNs',
    'ring.spinWindowNs',
  ];
}

/**
 * What is wrong with `x` as a calibration (a file `p4ts model --calibrate` wrote), or undefined:
 * version 1, the machine it was measured on, and every cost a finite non-negative number.
 */
export function calibrationProblem(x: unknown): string | undefined {
  const at = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), x);
  if (typeof x === 'object' && x !== null && typeof at('version') === 'number' && at('version') !== CALIBRATION_VERSION) {
    return `version: a calibration of version ${String(at('version'))}, this p4ts reads version ${CALIBRATION_VERSION} (run p4ts model --calibrate again)`;
  }
  if (typeof x !== 'object' || x === null || at('version') !== CALIBRATION_VERSION) return `not a calibration (version ${CALIBRATION_VERSION}) of p4ts model --calibrate`;
  const m = at('machine');
  if (typeof at('machine.cpuModel') !== 'string' || typeof at('machine.cpus') !== 'number' || typeof at('machine.date') !== 'string' || !Array.isArray(at('machine.loadAverage'))) {
    return `machine: expected {cpuModel, cpus, node, loadAverage: [...], date}, got ${JSON.stringify(m)?.slice(0, 80)}`;
  }
  if (typeof at('settings.rounds') !== 'number' || typeof at('settings.roundSeconds') !== 'number') return 'settings: expected {roundSeconds, rounds}';
  for (const path of costPaths()) {
    const v = at(path);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${path}: expected a non-negative number of ns, got ${JSON.stringify(v) ?? 'nothing'}`;
  }
  for (const path of ['opGlue.esp', 'opGlue.aes']) {
    const v = at(path);
    if (at('opGlue') !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) return `${path}: expected a non-negative number of ns, got ${JSON.stringify(v) ?? 'nothing'}`;
  }
  if (at('asyncOpGlue') !== undefined) {
    for (const path of ['context.esp', 'context.aes', 'longjump.esp', 'longjump.aes'].map((p) => `asyncOpGlue.${p}`)) {
      const v = at(path);
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${path}: expected a number of ns, got ${JSON.stringify(v) ?? 'nothing'}`;
    }
  }
  const ex = at('executor');
  if (ex !== undefined) {
    const hb = at('executor.helpBacklog');
    if (typeof hb !== 'object' || hb === null || Object.entries(hb).some(([b, n]) => !/^[1-9][0-9]*$/.test(b) || typeof n !== 'number' || !(n >= 1))) return `executor.helpBacklog: expected {burst: tasks >= 1, ...}, got ${JSON.stringify(hb)?.slice(0, 80) ?? 'nothing'}`;
    if (typeof at('executor.publishWhenIdle') !== 'boolean') return `executor.publishWhenIdle: expected true or false, got ${JSON.stringify(at('executor.publishWhenIdle')) ?? 'nothing'}`;
    const ib = at('executor.idleBurst');
    if (ib !== undefined && (typeof ib !== 'object' || ib === null || Object.entries(ib).some(([b, n]) => !/^[1-9][0-9]*$/.test(b) || typeof n !== 'number' || !(n >= 1)))) return `executor.idleBurst: expected {burst: tasks >= 1, ...}, got ${JSON.stringify(ib)?.slice(0, 80) ?? 'nothing'}`;
    const ds = at('executor.drowsySpinShare');
    if (ds !== undefined && (typeof ds !== 'number' || !(ds >= 0 && ds <= 1))) return `executor.drowsySpinShare: expected a share of the spin window from 0 to 1, got ${JSON.stringify(ds) ?? 'nothing'}`;
  }
  const cc = at('crossCore.lineSamples');
  if (at('crossCore') !== undefined && (!Array.isArray(cc) || cc.some((x: unknown) => typeof x !== 'object' || x === null || typeof (x as { at?: unknown }).at !== 'string' || !(typeof (x as { ns?: unknown }).ns === 'number' || (x as { ns?: unknown }).ns === null)))) {
    return `crossCore.lineSamples: expected [{at: "draw 1 start", ns (a number, or null where the probe failed)}, ...], got ${JSON.stringify(cc)?.slice(0, 80) ?? 'nothing'}`;
  }
  if (!Array.isArray(at('measurements'))) return 'measurements: expected an array';
  return undefined;
}

export type LocalHarness = 'rtc' | 'stream';

/** The model mode a harness variant runs in, and the generated code's mode. */
export function variantMode(variant: LocalVariant): { mode: ModelMode; code: ExecutionMode } {
  switch (variant) {
    case 'sync-inline':
    case 'sync-offload':
      return { mode: 'sync', code: 'sync' };
    case 'context':
      return { mode: 'context', code: 'context' };
    case 'longjump':
      return { mode: 'longjump', code: 'longjump' };
  }
}

/** The co-processor worker releases its request slots (and publishes results) every this many tasks. */
export const WORKER_RELEASE_EVERY = PUBLISH_EVERY;

/** Tasks in flight the stream harness allows (its `IN_FLIGHT`), and the co-processor's flush timeout. */
const STREAM_IN_FLIGHT = 512;
const FLUSH_NS = 100_000;

/**
 * The profile of one harness and variant (`rtc` takes `sync`/`context`/`longjump` as its variant),
 * and the mode to predict it in. Plain packets cost `pipelinePacketCycles` + operations; an extern
 * packet's site costs, per mode: sync-inline and sync-offload, the sync wait (the call, or the round
 * trip) with the task's work on the "co-processor" (the main thread waits for it either way);
 * context and longjump, suspend + resume on the main thread, the task on the worker; or, when the
 * worker is behind (its backlog beyond `helpBacklog`), the task run by the main thread at the site
 * at sync-inline's cost (its calibrated site overhead and the kernel), the packet going on at once.
 */
export function localProfile(cal: LocalCalibration, harness: LocalHarness, variant: LocalVariant | ExecutionMode): { profile: Profile; mode: ModelMode } {
  const { mode, code } = harness === 'rtc' ? { mode: variant as ModelMode, code: variant as ExecutionMode } : variantMode(variant as LocalVariant);
  const ops = cal.ops[code];
  const stream = harness === 'stream' ? cal.stream[variant as LocalVariant] : undefined;
  const base = harness === 'rtc' ? cal.rtcBase[code] : stream!.plainBase;
  const overhead = stream?.externOverhead ?? 0;
  const k = cal.kernels;
  const profile: Profile = {
    name: `local-${harness}-${variant}`,
    description: `this machine (${cal.machine.cpuModel}, ${cal.machine.cpus} cores), ${harness === 'rtc' ? 'run to completion' : `streaming, ${variant}`}, ns`,
    clockHz: 1e9,
    mainCores: 1,
    lineRateBps: Infinity,
    wireOverheadBytes: 0,
    rxBurst: 64,
    rxRingSize: STREAM_IN_FLIGHT,
    defaultBurst: 32,
    cpu: {
      rxPacketCycles: 0,
      txPacketCycles: 0,
      burstCallCycles: 0,
      pipelinePacketCycles: base,
      parseHeaderCycles: ops.parseHeader,
      parseByteCycles: ops.parseByte,
      emitHeaderCycles: ops.emitHeader,
      emitByteCycles: ops.emitByte,
      lookupCycles: { ...ops.lookup, optional: ops.lookup.ternary },
      actionPrimitiveCycles: ops.primitive,
      copyCallCycles: 0,
      copyPerByte: 0,
      checksumPerByte: 0,
      externCallCycles: 0,
      // the switch's glue around payload operations (every variant runs it on the main thread);
      // HMAC operations take the AES site's, the nearest measured
      externOpCycles: opTable(cal.opGlue ?? { esp: 0, aes: 0 }),
    },
    coproc: {
      clockHz: 1e9,
      burstCycles: variant === 'context' || variant === 'longjump' ? cal.workerBurstNs : 0,
      taskCycles: variant === 'sync-inline' ? 0 : cal.workerTaskNs,
      // the worker thread sleeps after its spin window; a burst that finds it asleep waits for it
      ...(variant === 'sync-inline' ? {} : { idleSpinNs: cal.ring.spinWindowNs, wakeNs: cal.ring.sleepingNs }),
      cryptoCallCycles: 0,
      aesBlockCycles: k.aes.blockNs,
      ghashBlockCycles: k.aes.blockNs,
      md5BlockCycles: k.esp.md5BlockNs,
      sha1BlockCycles: k.esp.md5BlockNs,
      sha256BlockCycles: 2 * k.esp.md5BlockNs,
      burnCallCycles: k.burnCallNs,
      burnCyclesPerCycle: k.burnNsPerCycle,
      operationCycles: {
        [PayloadOp.EspEncapsulate]: k.esp.fixedNs,
        [PayloadOp.EspDecapsulate]: k.esp.fixedNs,
        [PayloadOp.AesEncrypt]: k.aes.fixedNs,
        [PayloadOp.AesDecrypt]: k.aes.fixedNs,
        [PayloadOp.HmacAppend]: k.aes.fixedNs,
        [PayloadOp.HmacVerify]: k.aes.fixedNs,
      },
      operationBlockCycles: {
        [PayloadOp.EspEncapsulate]: { aes: k.esp.aesBlockNs, md5: k.esp.md5BlockNs },
        [PayloadOp.EspDecapsulate]: { aes: k.esp.aesBlockNs, md5: k.esp.md5BlockNs },
      },
    },
    runtime: { taskHandleBytes: 0, copiesTaskData: false, externFraming: {} },
    modes: {
      syncSubmitCycles: 0,
      syncWaitCycles: mode === 'sync' ? overhead : 0,
      asyncTaskCycles: 0,
      asyncBurstCycles: mode === 'sync' ? 0 : cal.mainBurstNs,
      asyncPollCycles: 0,
      asyncResultCycles: 0,
      asyncHandoffCycles: 0,
      maxInFlight: STREAM_IN_FLIGHT,
      flushTimeoutNs: FLUSH_NS,
      contextSwitchCycles: mode === 'context' ? overhead / 2 : 0,
      contextFrameBytes: 0,
      contextCreateCycles: 0,
      parkCycles: mode === 'longjump' ? overhead / 2 : 0,
      reentryCycles: mode === 'longjump' ? overhead / 2 : 0,
      reparse: false,
      rerun: false,
      helpWhenBehind: true,
      // a declined task runs at its site as in sync-inline (the runtime's runHere / the straight
      // path's rest): priced at sync-inline's calibrated site overhead, no suspend or resume
      ...(mode === 'sync' ? {} : { helpAtSiteCycles: cal.stream['sync-inline'].externOverhead }),
      // a packet suspended at an ESP / AES site: what its park and resume cost beyond a burn site's
      ...(mode === 'sync' || cal.asyncOpGlue === undefined ? {} : { suspendOpCycles: opTable(cal.asyncOpGlue[mode]) }),
      p4tsExecutor: {
        releaseEvery: WORKER_RELEASE_EVERY,
        helpBacklog: cal.executor?.helpBacklog ?? {},
        idleBurst: cal.executor?.idleBurst ?? {},
        publishWhenIdle: cal.executor?.publishWhenIdle ?? false,
        ...(cal.executor?.drowsySpinShare === undefined ? {} : { drowsySpinShare: cal.executor.drowsySpinShare }),
      },
    },
  };
  return { profile, mode };
}

/** Per p4ts operation, the ESP site's measurement for ESP operations, the AES site's for the others (HMAC: the nearest measured). */
function opTable(x: { readonly esp: number; readonly aes: number }): Record<number, number> {
  return {
    [PayloadOp.EspEncapsulate]: x.esp,
    [PayloadOp.EspDecapsulate]: x.esp,
    [PayloadOp.AesEncrypt]: x.aes,
    [PayloadOp.AesDecrypt]: x.aes,
    [PayloadOp.HmacAppend]: x.aes,
    [PayloadOp.HmacVerify]: x.aes,
  };
}

/**
 * How a compiled program's packets run in one mode: whether the compiler gave it a straight path
 * (one function from parser to output, `compiler/emit/straight-path.ts`), and whether an extern
 * packet leaves it at its site: longjump without resume functions (`straightResume`), where a
 * parked packet is resumed on the stage functions. With them a resumed packet finishes in its
 * site's resume function of the straight path (which writes only the headers not in place); in
 * sync mode the task runs at the call; a context packet (and a task the main thread runs itself
 * in any mode) goes on in the straight path.
 */
export interface StraightPathUse {
  readonly straight: boolean;
  readonly leavesAtSite: boolean;
}

export function straightPathUse(mode: ExecutionMode, hasStraightPath: boolean, hasStraightResume = false): StraightPathUse {
  return { straight: hasStraightPath, leavesAtSite: mode === 'longjump' && !hasStraightResume };
}

/** A path whose deparser writes only the headers not already in place (the straight path's). */
function writingRewrittenOnly(p: PathWork): PathWork {
  const after = { ...p.afterLastCall, headersEmitted: p.afterLastCall.headersRewritten, bytesEmitted: p.afterLastCall.bytesRewritten };
  return { ...p, headersEmitted: p.headersRewritten, bytesEmitted: p.bytesRewritten, afterLastCall: after };
}

/**
 * The work as the generated code runs it: where the straight path runs a packet to the end, its
 * deparser writes only the headers that are not already in place (`headersRewritten`), the stage
 * functions' deparser every emitted header. Plain packets run the straight path when the program
 * has one; extern packets too unless they leave it at their site (then the rest, the deparser
 * included, runs on the stage functions).
 */
export function asRun(work: PacketWork, use: StraightPathUse): PacketWork {
  if (!use.straight) return work;
  const plain = writingRewrittenOnly(work.plain);
  if (work.extern === work.plain) return { ...work, plain, extern: plain };
  return { ...work, plain, extern: use.leavesAtSite ? work.extern : writingRewrittenOnly(work.extern) };
}
