/**
 * The paper's Figures 3-9 as SVG from model points (`reproducePaper()`), optionally with measured
 * bench runs drawn dashed beside the predictions. Throughput against the share of extern packets
 * (Figs. 3-6, 8) or against extern cycles (Figs. 7, 9), one line per mode, the paper's stated
 * numbers marked.
 */
import type { ModelMode } from '../costs.ts';
import { MODEL_MODES } from '../costs.ts';
import type { ModelPoint } from '../paper.ts';
import type { TargetName } from '../profiles/index.ts';
import type { PaperProgram } from '../paper.ts';
import type { ChartMarker, ChartSeries } from './svg.ts';
import { compact, lineChart } from './svg.ts';

/** A measured run (from `npm run bench`), drawn beside the predictions. */
export interface MeasuredRun {
  /** Program / scenario: 'l2fwd', 'ipsec-esp' (or 'ipsec'), 'encryption', 'burn'. */
  scenario: string;
  mode: ModelMode;
  share: number;
  cycles: number | null;
  burst: number;
  pps: number;
}

export interface Figure {
  /** File name without extension, e.g. "fig3-ipsec-apu4d4". */
  name: string;
  title: string;
  svg: string;
}

export const MODE_COLORS: Readonly<Record<ModelMode, string>> = {
  sync: '#1f77b4',
  context: '#d62728',
  longjump: '#2ca02c',
};

const MODE_LABEL: Readonly<Record<ModelMode, string>> = { sync: 'sync (non-async)', context: 'context', longjump: 'longjump' };

function scenarioProgram(scenario: string): PaperProgram | null {
  const s = scenario.toLowerCase();
  if (s.startsWith('ipsec') || s.startsWith('esp')) return 'ipsec-esp';
  if (s.startsWith('enc') || s.startsWith('aes')) return 'encryption';
  if (s.startsWith('burn') || s.startsWith('custom')) return 'burn';
  if (s.startsWith('l2')) return 'l2fwd';
  return null;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

export interface ShareFigureSpec {
  name: string;
  title: string;
  target: TargetName;
  program: PaperProgram;
  shares: readonly number[];
}

/** Throughput against the share of extern packets (x in percent). */
export function shareFigure(points: readonly ModelPoint[], spec: ShareFigureSpec, measured: readonly MeasuredRun[] = []): Figure {
  const series: ChartSeries[] = [];
  const markers: ChartMarker[] = [];
  for (const mode of MODEL_MODES) {
    const pts = points.filter((p) => p.target === spec.target && p.program === spec.program && p.mode === mode && spec.shares.some((s) => near(s, p.share)));
    series.push({ label: `${MODE_LABEL[mode]} (model)`, kind: 'predicted', color: MODE_COLORS[mode], points: pts.map((p) => ({ x: p.share * 100, y: p.predicted_pps })) });
    for (const p of pts) {
      if (p.paper_pps !== null) markers.push({ x: p.share * 100, y: p.paper_pps, label: `${mode} ${compact(p.paper_pps)}`, color: MODE_COLORS[mode] });
    }
    const runs = measured.filter((r) => scenarioProgram(r.scenario) === spec.program && r.mode === mode);
    if (runs.length > 0) {
      series.push({ label: `${MODE_LABEL[mode]} (measured)`, kind: 'measured', color: MODE_COLORS[mode], points: runs.map((r) => ({ x: r.share * 100, y: r.pps })) });
    }
  }
  const svg = lineChart({
    title: spec.title,
    subtitle: `${spec.target}, 64-byte frames; model lines solid, measured dashed, paper values as diamonds`,
    xLabel: 'share of extern packets (%)',
    yLabel: 'throughput (packets/s)',
    xTicks: [...spec.shares].map((s) => s * 100).sort((a, b) => a - b),
    xFormat: (x) => `${Math.round(x)}%`,
    series,
    markers,
  });
  return { name: spec.name, title: spec.title, svg };
}

export interface CyclesFigureSpec {
  name: string;
  title: string;
  target: TargetName;
  share: number;
  cycles: readonly number[];
}

/** Throughput of the custom extern against its cycles (log x). */
export function cyclesFigure(points: readonly ModelPoint[], spec: CyclesFigureSpec, measured: readonly MeasuredRun[] = []): Figure {
  const series: ChartSeries[] = [];
  for (const mode of MODEL_MODES) {
    const pts = points.filter((p) => p.target === spec.target && p.program === 'burn' && p.mode === mode && near(p.share, spec.share) && p.cycles !== null);
    series.push({ label: `${MODE_LABEL[mode]} (model)`, kind: 'predicted', color: MODE_COLORS[mode], points: pts.map((p) => ({ x: p.cycles ?? 0, y: p.predicted_pps })) });
    const runs = measured.filter((r) => scenarioProgram(r.scenario) === 'burn' && r.mode === mode && near(r.share, spec.share) && r.cycles !== null);
    if (runs.length > 0) {
      series.push({ label: `${MODE_LABEL[mode]} (measured)`, kind: 'measured', color: MODE_COLORS[mode], points: runs.map((r) => ({ x: r.cycles ?? 0, y: r.pps })) });
    }
  }
  const svg = lineChart({
    title: spec.title,
    subtitle: `${spec.target}, extern on ${Math.round(spec.share * 100)}% of packets; model solid, measured dashed`,
    xLabel: 'extern cycles (log scale)',
    yLabel: 'throughput (packets/s)',
    xScale: 'log',
    xTicks: spec.cycles,
    series,
  });
  return { name: spec.name, title: spec.title, svg };
}

const IPSEC_FIG3 = [1, 0.5, 0.33];
const IPSEC_FIG4 = [1, 0.5, 0.33, 0.1];
const IPSEC_ALL = [1, 0.5, 0.33, 0.1, 0.02];
const ENC = [1, 0.5, 0.2, 0.1];
const CYCLES = [500, 1000, 2000, 5000, 10000, 20000];

/** Figures 3-9 (and Fig. 9's 100% companion) from model points and optional measured runs. */
export function paperFigures(points: readonly ModelPoint[], measured: readonly MeasuredRun[] = []): Figure[] {
  return [
    shareFigure(points, { name: 'fig3-ipsec-apu4d4', title: 'Fig. 3: IPsec, 100/50/33% of packets (APU4d4)', target: 'apu4d4', program: 'ipsec-esp', shares: IPSEC_FIG3 }, measured),
    shareFigure(points, { name: 'fig4-ipsec-apu4d4', title: 'Fig. 4: IPsec, 100% to 10% of packets (APU4d4)', target: 'apu4d4', program: 'ipsec-esp', shares: IPSEC_FIG4 }, measured),
    shareFigure(points, { name: 'fig5-ipsec-apu4d4', title: 'Fig. 5: IPsec, 100% to 2% of packets (APU4d4)', target: 'apu4d4', program: 'ipsec-esp', shares: IPSEC_ALL }, measured),
    shareFigure(points, { name: 'fig6-encryption-apu4d4', title: 'Fig. 6: simple encryption (APU4d4)', target: 'apu4d4', program: 'encryption', shares: ENC }, measured),
    cyclesFigure(points, { name: 'fig7a-custom-100-apu4d4', title: 'Fig. 7a: custom extern on all packets (APU4d4)', target: 'apu4d4', share: 1, cycles: CYCLES }, measured),
    cyclesFigure(points, { name: 'fig7b-custom-20-apu4d4', title: 'Fig. 7b: custom extern on 20% of packets (APU4d4)', target: 'apu4d4', share: 0.2, cycles: CYCLES }, measured),
    cyclesFigure(points, { name: 'fig7c-custom-10-apu4d4', title: 'Fig. 7c: custom extern on 10% of packets (APU4d4)', target: 'apu4d4', share: 0.1, cycles: CYCLES }, measured),
    shareFigure(points, { name: 'fig8-ipsec-threadripper', title: 'Fig. 8: IPsec on the Threadripper 1900X', target: 'threadripper-1900x', program: 'ipsec-esp', shares: IPSEC_ALL }, measured),
    cyclesFigure(points, { name: 'fig9-custom-10-threadripper', title: 'Fig. 9: custom extern on 10% of packets (Threadripper)', target: 'threadripper-1900x', share: 0.1, cycles: CYCLES }, measured),
    cyclesFigure(points, { name: 'fig9b-custom-100-threadripper', title: 'Sec. IV.D: custom extern on all packets (Threadripper)', target: 'threadripper-1900x', share: 1, cycles: CYCLES }, measured),
  ];
}
