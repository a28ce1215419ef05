/**
 * Figures of runs measured on the machine at hand (`npm run bench -- --json FILE`), drawn on
 * their own: this machine's rates are an order of magnitude above the APU board's, so on the
 * paper's figures they would flatten the predictions. One line per execution variant, the
 * co-processor's ceiling as a dotted reference where the run recorded it.
 */
import type { Figure } from './figures.ts';
import { lineChart, type ChartSeries } from './svg.ts';

export interface BenchRun {
  readonly scenario: string;
  readonly mode: string;
  readonly share: number;
  readonly cycles: number | null;
  readonly burst: number;
  readonly pps: number;
}

const VARIANTS: readonly { mode: string; label: string; color: string }[] = [
  { mode: 'sync-inline', label: 'sync, extern inline', color: '#7f7f7f' },
  { mode: 'sync-offload', label: 'sync, offload and wait', color: '#1f77b4' },
  { mode: 'context', label: 'context', color: '#d62728' },
  { mode: 'longjump', label: 'longjump', color: '#2ca02c' },
];

function byVariant(runs: readonly BenchRun[], x: (r: BenchRun) => number): ChartSeries[] {
  return VARIANTS.flatMap((v) => {
    const points = runs.filter((r) => r.mode === v.mode).map((r) => ({ x: x(r), y: r.pps })).sort((a, b) => a.x - b.x);
    return points.length === 0 ? [] : [{ label: v.label, kind: 'measured' as const, color: v.color, points }];
  });
}

function ceilingSeries(label: string, pps: number | undefined, xs: readonly number[]): ChartSeries[] {
  if (pps === undefined || xs.length === 0) return [];
  return [{ label, kind: 'predicted', color: '#9467bd', points: [{ x: Math.min(...xs), y: pps }, { x: Math.max(...xs), y: pps }] }];
}

export function measuredFigures(runs: readonly BenchRun[], ceilings: Readonly<Record<string, number>>, machine: string): Figure[] {
  const figures: Figure[] = [];
  const share = (scenario: string, name: string, title: string, ceiling?: string): void => {
    const rs = runs.filter((r) => r.scenario === scenario);
    if (rs.length === 0) return;
    const xs = rs.map((r) => r.share * 100);
    const series = [...byVariant(rs, (r) => r.share * 100), ...ceilingSeries('co-processor alone (rings)', ceiling ? ceilings[ceiling] : undefined, xs)];
    figures.push({
      name,
      title,
      svg: lineChart({ title, subtitle: `measured on ${machine}, 64-byte frames, burst ${rs[0]!.burst}`, xLabel: 'share of extern packets (%)', yLabel: 'throughput (packets/s)', series }),
    });
  };
  share('ipsec', 'measured-ipsec', 'IPsec ESP, measured: throughput against share of encapsulated packets', 'ipsec/coprocessor-rings');
  share('encrypt', 'measured-encryption', 'Simple encryption, measured: throughput against share of encrypted packets');
  const burn = runs.filter((r) => r.scenario === 'burn' && r.cycles !== null);
  for (const s of [...new Set(burn.map((r) => r.share))].sort((a, b) => b - a)) {
    const rs = burn.filter((r) => r.share === s);
    const title = `Custom extern, measured: ${Math.round(s * 100)}% of packets, throughput against extern cycles`;
    figures.push({
      name: `measured-burn-${Math.round(s * 100)}`,
      title,
      svg: lineChart({ title, subtitle: `measured on ${machine}, burn(cycles) at a nominal 3 GHz`, xLabel: 'extern cycles (log scale)', yLabel: 'throughput (packets/s)', xScale: 'log', series: byVariant(rs, (r) => r.cycles ?? 0) }),
    });
  }
  const burst = runs.filter((r) => r.scenario === 'burst');
  if (burst.length > 0) {
    const title = 'Burst size, measured: IPsec on 100% of packets';
    figures.push({
      name: 'measured-burst',
      title,
      svg: lineChart({ title, subtitle: `measured on ${machine}`, xLabel: 'tasks per burst (log scale)', yLabel: 'throughput (packets/s)', xScale: 'log', series: byVariant(burst, (r) => r.burst) }),
    });
  }
  return figures;
}
