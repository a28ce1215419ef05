/**
 * The paper's experiments (Hudoba, Kitlei, Laki, Vörös: "Optimizing Asynchronous Extern Execution
 * in Programmable Software Data Planes", 2023) as a table of points, the numbers it states, the
 * orderings and crossovers it describes (claims), and `reproducePaper()`.
 */
import type { ModelMode } from './costs.ts';
import { MODEL_MODES } from './costs.ts';
import { predict } from './predict.ts';
import type { Profile } from './profile.ts';
import type { TargetName } from './profiles/index.ts';
import { TARGETS, profiles } from './profiles/index.ts';
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
 * The `PacketWork` of a paper program (`cycles`: the burn cost of a `burn` point). The CLI derives
 * it from the IR of the example programs (`runtime/` cannot compile P4).
 */
export type PaperWorkSource = (program: PaperProgram, cycles: number) => PacketWork;

/** Predicted pps of one paper point on a profile (default: the built-in profile of its target). */
export function predictPoint(
  point: Pick<PaperPoint, 'target' | 'program' | 'mode' | 'share' | 'cycles'>,
  workOf: PaperWorkSource,
  profile?: Profile,
): number {
  const work = workOf(point.program, point.cycles ?? 0);
  return predict(work, profile ?? profiles[point.target], point.mode, { externShare: point.share }).pps;
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

/** A qualitative statement of the paper, checked on reproduced points. */
export interface PaperClaim {
  id: string;
  figure: string;
  /** The paper's words. */
  quote: string;
  /** What the check tests, in words. */
  check: string;
  evaluate(points: readonly ModelPoint[]): { ok: boolean; detail: string };
}

/** Looks up one reproduced point's predicted pps. */
export function ppsOf(
  points: readonly ModelPoint[],
  target: TargetName,
  program: PaperProgram,
  mode: ModelMode,
  share: number,
  cycles: number | null = null,
): number {
  const p = points.find((q) => q.target === target && q.program === program && q.mode === mode && q.share === share && q.cycles === cycles);
  if (!p) throw new Error(`no model point ${pointId(target, program, mode, share, cycles)}`);
  return p.predicted_pps;
}

const k = (x: number): string => `${Math.round(x / 1000)}k`;

export const PAPER_CLAIMS: readonly PaperClaim[] = [
  {
    id: 'claim:apu-ipsec-order',
    figure: 'Figs. 3-4',
    quote: 'the context-based approach is slightly slower than the non-async case. In contrast, our solution clearly outperforms both of them.',
    check: 'APU IPsec at 100/50/33/10%: longjump > sync > context',
    evaluate(points) {
      const rows = [1, 0.5, 0.33, 0.1].map((s) => {
        const lj = ppsOf(points, 'apu4d4', 'ipsec-esp', 'longjump', s);
        const sy = ppsOf(points, 'apu4d4', 'ipsec-esp', 'sync', s);
        const cx = ppsOf(points, 'apu4d4', 'ipsec-esp', 'context', s);
        return { s, ok: lj > sy && sy > cx, text: `${s * 100}%: lj ${k(lj)} sync ${k(sy)} ctx ${k(cx)}` };
      });
      return { ok: rows.every((r) => r.ok), detail: rows.map((r) => r.text).join('; ') };
    },
  },
  {
    id: 'claim:apu-ipsec-converge',
    figure: 'Figs. 4-5',
    quote: 'As the percentage of these tasks decreases, the performance differences between the approaches become less significant, and they tend to converge',
    check: 'APU IPsec: spread (max-min)/max shrinks as the share falls, under 10% at 2%',
    evaluate(points) {
      const spread = (s: number): number => {
        const v = MODEL_MODES.map((m) => ppsOf(points, 'apu4d4', 'ipsec-esp', m, s));
        return (Math.max(...v) - Math.min(...v)) / Math.max(...v);
      };
      const spreads = IPSEC_SHARES.map(spread);
      const shrinking = spreads.every((v, i) => i === 0 || v <= spreads[i - 1]! + 1e-9);
      const last = spreads[spreads.length - 1]!;
      return {
        ok: shrinking && last < 0.1,
        detail: IPSEC_SHARES.map((s, i) => `${s * 100}%: ${(spreads[i]! * 100).toFixed(1)}%`).join('; '),
      };
    },
  },
  {
    id: 'claim:apu-enc',
    figure: 'Fig. 6',
    quote:
      'a narrower gap between our approach and the non-async case, but the longjump approach still achieves better performance overall if we encrypt enough packets. ... the context method ... roughly three times worse than the non-async case ... longjump and non-async cases essentially performing identically at a 20% encryption rate.',
    check:
      'APU encryption: longjump > sync at 100%, with a smaller lj/sync ratio than IPsec; sync/context between 2 and 4 at 100%; |lj-sync| < 5% at 20%',
    evaluate(points) {
      const lj = ppsOf(points, 'apu4d4', 'encryption', 'longjump', 1);
      const sy = ppsOf(points, 'apu4d4', 'encryption', 'sync', 1);
      const cx = ppsOf(points, 'apu4d4', 'encryption', 'context', 1);
      const ipsecRatio = ppsOf(points, 'apu4d4', 'ipsec-esp', 'longjump', 1) / ppsOf(points, 'apu4d4', 'ipsec-esp', 'sync', 1);
      const lj20 = ppsOf(points, 'apu4d4', 'encryption', 'longjump', 0.2);
      const sy20 = ppsOf(points, 'apu4d4', 'encryption', 'sync', 0.2);
      const gap20 = Math.abs(lj20 - sy20) / sy20;
      const ok = lj > sy && lj / sy < ipsecRatio && sy / cx >= 2 && sy / cx <= 4 && gap20 < 0.05;
      return {
        ok,
        detail: `100%: lj/sync ${(lj / sy).toFixed(2)} (IPsec ${ipsecRatio.toFixed(2)}), sync/ctx ${(sy / cx).toFixed(2)}; 20%: lj-sync ${(gap20 * 100).toFixed(1)}%`,
      };
    },
  },
  {
    id: 'claim:apu-burn-crossover',
    figure: 'Fig. 7',
    quote:
      'When an external function requires a small number of cycles (e.g., 1000-2000), the overhead of reparsing the packet may outweigh the benefits ... the longjump method outperforms both the non-async and context-based approaches for external tasks that require a minimum of 1k-2k clock cycles',
    check: 'APU custom extern at 100/20/10%: sync > longjump at 500 cycles; longjump > sync and >= context from 2000 cycles on',
    evaluate(points) {
      const parts: string[] = [];
      let ok = true;
      for (const s of BURN_SHARES) {
        const at = (m: ModelMode, c: number): number => ppsOf(points, 'apu4d4', 'burn', m, s, c);
        const small = at('sync', 500) > at('longjump', 500);
        const large = BURN_CYCLES.filter((c) => c >= 2000).every((c) => at('longjump', c) > at('sync', c) && at('longjump', c) >= 0.99 * at('context', c));
        ok &&= small && large;
        parts.push(`${s * 100}%: 500c sync ${k(at('sync', 500))} vs lj ${k(at('longjump', 500))}; 2000c lj ${k(at('longjump', 2000))} vs sync ${k(at('sync', 2000))}`);
      }
      return { ok, detail: parts.join('; ') };
    },
  },
  {
    id: 'claim:apu-burn-context-long',
    figure: 'Fig. 7',
    quote: 'for external functions with higher runtimes, the context approach outperforms the non-async mode, whereas the longjump approach performs better overall',
    check: 'APU custom extern at 100%: context > sync at 20000 cycles, sync > context at 500 cycles',
    evaluate(points) {
      const at = (m: ModelMode, c: number): number => ppsOf(points, 'apu4d4', 'burn', m, 1, c);
      const ok = at('context', 20000) > at('sync', 20000) && at('sync', 500) > at('context', 500);
      return { ok, detail: `20000c: ctx ${k(at('context', 20000))} sync ${k(at('sync', 20000))}; 500c: ctx ${k(at('context', 500))} sync ${k(at('sync', 500))}` };
    },
  },
  {
    id: 'claim:tr-ipsec-10',
    figure: 'Fig. 8',
    quote: 'When encapsulating only 10% of the packets, the longjump approach still achieved more than a 12% speedup.',
    check: 'Threadripper IPsec 10%: longjump >= 1.12 x sync',
    evaluate(points) {
      const r = ppsOf(points, 'threadripper-1900x', 'ipsec-esp', 'longjump', 0.1) / ppsOf(points, 'threadripper-1900x', 'ipsec-esp', 'sync', 0.1);
      return { ok: r >= 1.12, detail: `lj/sync = ${r.toFixed(2)}` };
    },
  },
  {
    id: 'claim:tr-ipsec-context-sync',
    figure: 'Fig. 8',
    quote: 'the context approach had slightly better performance than the synchronous solution over the entire investigated interval',
    check: 'Threadripper IPsec at every share: sync <= context <= 1.15 x sync',
    evaluate(points) {
      const rows = IPSEC_SHARES.map((s) => ppsOf(points, 'threadripper-1900x', 'ipsec-esp', 'context', s) / ppsOf(points, 'threadripper-1900x', 'ipsec-esp', 'sync', s));
      return { ok: rows.every((r) => r >= 1 && r <= 1.15), detail: rows.map((r, i) => `${IPSEC_SHARES[i]! * 100}%: ctx/sync ${r.toFixed(3)}`).join('; ') };
    },
  },
  {
    id: 'claim:tr-burn-100',
    figure: 'Sec. IV.D',
    quote: 'Regardless of the run-time of the custom external functions applied to all packets, the longjump approach provides higher throughput. Even if the function only requires 1000 cycles',
    check: 'Threadripper custom extern at 100%: longjump > sync at every cycle count, and >= context (ties within 1% allowed where the co-processor limits both)',
    evaluate(points) {
      const bad = BURN_CYCLES.filter((c) => {
        const lj = ppsOf(points, 'threadripper-1900x', 'burn', 'longjump', 1, c);
        return !(lj > ppsOf(points, 'threadripper-1900x', 'burn', 'sync', 1, c) && lj >= 0.99 * ppsOf(points, 'threadripper-1900x', 'burn', 'context', 1, c));
      });
      return { ok: bad.length === 0, detail: bad.length === 0 ? 'longjump highest everywhere' : `not highest at ${bad.join(', ')} cycles` };
    },
  },
  {
    id: 'claim:tr-burn-10',
    figure: 'Fig. 9',
    quote: 'if external functions are applied to only 10% of the packets, the competition is more balanced ... The longjump approach, in general, surpasses the other methods in this scenario, and its performance improves further with more complex external functions.',
    check:
      'Threadripper custom extern at 10%: longjump >= sync and context everywhere; its lead over sync grows with cycles while the co-processor is not saturated (<= 10000 cycles), and is smaller than at 100% for short externs (<= 2000 cycles)',
    evaluate(points) {
      const at = (m: ModelMode, s: number, c: number): number => ppsOf(points, 'threadripper-1900x', 'burn', m, s, c);
      const leads = BURN_CYCLES.map((c) => at('longjump', 0.1, c) / at('sync', 0.1, c));
      const best = BURN_CYCLES.every((c) => at('longjump', 0.1, c) >= 0.99 * Math.max(at('sync', 0.1, c), at('context', 0.1, c)));
      const growing = leads.every((v, i) => i === 0 || BURN_CYCLES[i]! > 10000 || v >= leads[i - 1]! - 1e-3);
      const balanced = BURN_CYCLES.every((c, i) => c > 2000 || leads[i]! < at('longjump', 1, c) / at('sync', 1, c));
      return { ok: best && growing && balanced, detail: `lj/sync at 10%: ${leads.map((v) => v.toFixed(2)).join(', ')}` };
    },
  },
];
