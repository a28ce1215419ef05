/**
 * The paper's experiments (Hudoba, Kitlei, Laki, Vörös: "Optimizing Asynchronous Extern Execution
 * in Programmable Software Data Planes", 2023) as a table of points with the numbers it states,
 * and `reproducePaper(workOf)`. What it says in words is in `claims.ts`.
 */
import type { ModelMode } from './costs.ts';
import { MODEL_MODES } from './costs.ts';
import { predict } from './predict.ts';
import type { Profile } from './profile.ts';
import type { TargetName } from './profiles/index.ts';
import { TARGETS, profiles } from './profiles/index.ts';
import { t4p4sPaperWork } from './profiles/t4p4s.ts';
import type { PacketWork } from './work.ts';

/** The paper's programs: L2 forwarding, IPsec ESP tunnel, simple encryption, custom extern (`burn`). */
export type PaperProgram = 'l2fwd' | 'ipsec-esp' | 'encryption' | 'burn';

export const PAPER_PROGRAMS: readonly PaperProgram[] = ['l2fwd', 'ipsec-esp', 'encryption', 'burn'];

/** One experiment point; `paperPps` where the paper states a number. */
export interface PaperPoint {
  id: string;
  target: TargetName;
  program: PaperProgram;
  mode: ModelMode;
  /** Share of packets calling the extern, 0..1 (0 for l2fwd). */
  share: number;
  /** Extern cycles for `burn`, null otherwise. */
  cycles: number | null;
  paperPps: number | null;
  /** Figure of the paper the point belongs to. */
  figure: string;
  /** The sentence stating the number. */
  quote?: string;
}

/** A reproduced point, in the shape `p4ts model --paper --json` prints. */
export interface ModelPoint {
  target: TargetName;
  program: PaperProgram;
  mode: ModelMode;
  share: number;
  cycles: number | null;
  predicted_pps: number;
  paper_pps: number | null;
}

export const IPSEC_SHARES: readonly number[] = [1, 0.5, 0.33, 0.1, 0.02];
export const ENCRYPTION_SHARES: readonly number[] = [1, 0.5, 0.2, 0.1];
export const BURN_SHARES: readonly number[] = [1, 0.2, 0.1];
export const BURN_CYCLES: readonly number[] = [500, 1000, 2000, 5000, 10000, 20000];

export function pointId(target: TargetName, program: PaperProgram, mode: ModelMode, share: number, cycles: number | null): string {
  const pct = Math.round(share * 100);
  return cycles === null ? `${target}/${program}/${mode}/${pct}` : `${target}/${program}/${cycles}/${mode}/${pct}`;
}

const Q_L2 = 'This baseline program resulted in 430k packets/sec forwarding rate in our setup. (Sec. IV)';
const Q_APU_IPSEC =
  'If we encapsulate all packets with IPsec, as shown in Fig. 3, the longjump approach achieves the highest performance, reaching 100k packets/sec. In comparison, the non-async and context modes achieved throughputs of 76k and 48k packets/sec, respectively. (Sec. IV.A)';
const Q_TR_IPSEC =
  'the longjump approach ... was able to process over 930k packets per second when encapsulating all packets, while the context and synchronous solutions only processed about 320k packets per second. (Sec. IV.D)';

/** Numbers the paper states, by point id. */
const STATED: Record<string, { pps: number; quote: string }> = {
  'apu4d4/l2fwd/sync/0': { pps: 430_000, quote: Q_L2 },
  'apu4d4/l2fwd/context/0': { pps: 430_000, quote: Q_L2 },
  'apu4d4/l2fwd/longjump/0': { pps: 430_000, quote: Q_L2 },
  'apu4d4/ipsec-esp/longjump/100': { pps: 100_000, quote: Q_APU_IPSEC },
  'apu4d4/ipsec-esp/sync/100': { pps: 76_000, quote: Q_APU_IPSEC },
  'apu4d4/ipsec-esp/context/100': { pps: 48_000, quote: Q_APU_IPSEC },
  'threadripper-1900x/ipsec-esp/longjump/100': { pps: 930_000, quote: Q_TR_IPSEC },
  'threadripper-1900x/ipsec-esp/sync/100': { pps: 320_000, quote: Q_TR_IPSEC },
  'threadripper-1900x/ipsec-esp/context/100': { pps: 320_000, quote: Q_TR_IPSEC },
};

function ipsecFigure(target: TargetName, share: number): string {
  if (target === 'threadripper-1900x') return 'Fig. 8';
  if (share >= 0.33) return 'Fig. 3';
  return share >= 0.1 ? 'Fig. 4' : 'Fig. 5';
}

function burnFigure(target: TargetName, share: number): string {
  if (target === 'threadripper-1900x') return share >= 1 ? 'Sec. IV.D (text)' : 'Fig. 9';
  return share >= 1 ? 'Fig. 7a' : share >= 0.2 ? 'Fig. 7b' : 'Fig. 7c';
}

function makePoint(target: TargetName, program: PaperProgram, mode: ModelMode, share: number, cycles: number | null, figure: string): PaperPoint {
  const id = pointId(target, program, mode, share, cycles);
  const stated = STATED[id];
  const point: PaperPoint = { id, target, program, mode, share, cycles, paperPps: stated?.pps ?? null, figure };
  if (stated) point.quote = stated.quote;
  return point;
}

/** Every experiment point of the paper, on both targets and in all three modes. */
export function paperPoints(): PaperPoint[] {
  const points: PaperPoint[] = [];
  for (const target of TARGETS) {
    for (const mode of MODEL_MODES) points.push(makePoint(target, 'l2fwd', mode, 0, null, 'Sec. IV (baseline)'));
    for (const share of IPSEC_SHARES) {
      for (const mode of MODEL_MODES) points.push(makePoint(target, 'ipsec-esp', mode, share, null, ipsecFigure(target, share)));
    }
    for (const share of ENCRYPTION_SHARES) {
      for (const mode of MODEL_MODES) points.push(makePoint(target, 'encryption', mode, share, null, 'Fig. 6'));
    }
    for (const share of BURN_SHARES) {
      for (const cycles of BURN_CYCLES) {
        for (const mode of MODEL_MODES) points.push(makePoint(target, 'burn', mode, share, cycles, burnFigure(target, share)));
      }
    }
  }
  return points;
}

/** The paper point with this id; throws if there is none. */
export function findPaperPoint(id: string): PaperPoint {
  const p = paperPoints().find((q) => q.id === id);
  if (!p) throw new Error(`no paper point '${id}'`);
  return p;
}

/**
 * The `PacketWork` of a paper program (`cycles`: the burn cost of a `burn` point; `frameBytes`: the
 * received frame without FCS, default 60, the paper's 64-byte frames). The CLI derives it from the
 * IR of the example programs (`runtime/` cannot compile P4).
 */
export type PaperWorkSource = (program: PaperProgram, cycles: number, frameBytes?: number) => PacketWork;

/**
 * Predicted pps of one paper point on a profile (default: the built-in profile of its target): the
 * example's work as T4P4S ran the paper's program (`t4p4sPaperWork`: no policy table, a counter).
 */
export function predictPoint(
  point: Pick<PaperPoint, 'target' | 'program' | 'mode' | 'share' | 'cycles'>,
  workOf: PaperWorkSource,
  profile?: Profile,
): number {
  const work = t4p4sPaperWork(workOf(point.program, point.cycles ?? 0));
  return predict(work, profile ?? profiles[point.target], point.mode, { externShare: point.share }).pps;
}

/**
 * The paper's statements about its settings (Sec. IV, IV.A): "We measured with different packet
 * sizes, multiple cores, and burst sizes there was not any significant difference in the results
 * with correctly configured parameters (for example we need at least burst size 16)", and "we got
 * similar results for larger packet sizes". The APU's IPsec at 100 % in each mode, at other burst
 * sizes (64-byte frames) and at larger frames (the profile's burst); `claims.ts` checks them. The
 * frames are RFC 2544's sizes above 64 bytes whose ESP tunnel frame still fits 1518 bytes, without
 * their FCS as the model counts frames. The model has one main core: the "multiple cores" part is
 * not modelled.
 */
export const SETTING_BURSTS: readonly number[] = [8, 16, 32, 64];
export const SETTING_FRAME_BYTES: readonly number[] = [124, 252, 508, 1020, 1276];
/** The frame of the paper's figures: 64 bytes on the wire less the 4-byte FCS. */
export const PAPER_FRAME_BYTES = 60;

/** A paper program at a burst size or frame size other than its figures', with its prediction. */
export interface SettingPoint {
  target: TargetName;
  program: PaperProgram;
  mode: ModelMode;
  share: number;
  burst: number;
  frame_bytes: number;
  predicted_pps: number;
}

/** The setting points: APU IPsec at 100 % in each mode, at each of `SETTING_BURSTS` and `SETTING_FRAME_BYTES`. */
export function settingPoints(): Omit<SettingPoint, 'predicted_pps'>[] {
  const target: TargetName = 'apu4d4';
  const burst = profiles[target].defaultBurst;
  const out: Omit<SettingPoint, 'predicted_pps'>[] = [];
  for (const mode of MODEL_MODES) {
    for (const b of SETTING_BURSTS) out.push({ target, program: 'ipsec-esp', mode, share: 1, burst: b, frame_bytes: PAPER_FRAME_BYTES });
    for (const f of SETTING_FRAME_BYTES) out.push({ target, program: 'ipsec-esp', mode, share: 1, burst, frame_bytes: f });
  }
  return out;
}

/** Every setting point with its prediction (the same profiles as the figures' points). */
export function reproduceSettings(workOf: PaperWorkSource, profileOf: (target: TargetName) => Profile = (t) => profiles[t]): SettingPoint[] {
  return settingPoints().map((p) => {
    const work = t4p4sPaperWork(workOf(p.program, 0, p.frame_bytes));
    return { ...p, predicted_pps: Math.round(predict(work, profileOf(p.target), p.mode, { externShare: p.share, burst: p.burst }).pps) };
  });
}

/** Every paper point with its prediction and the paper's number where stated. */
export function reproducePaper(workOf: PaperWorkSource, profileOf: (target: TargetName) => Profile = (t) => profiles[t]): ModelPoint[] {
  return paperPoints().map((p) => ({
    target: p.target,
    program: p.program,
    mode: p.mode,
    share: p.share,
    cycles: p.cycles,
    predicted_pps: Math.round(predictPoint(p, workOf, profileOf(p.target))),
    paper_pps: p.paperPps,
  }));
}
