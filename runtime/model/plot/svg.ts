/**
 * A dependency-free SVG line chart: axes with ticks, grid, title, legend, one polyline per series
 * (predicted: solid with dots; measured: dashed with squares) and marked reference values (the
 * paper's stated numbers: black-outlined diamonds with a label). Linear or log x axis, y from 0.
 * Every coordinate written is a plain number inside the viewBox.
 */

export interface XY {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  points: readonly XY[];
  kind: 'predicted' | 'measured';
  color: string;
}

export interface ChartMarker extends XY {
  label: string;
  color: string;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xScale?: 'linear' | 'log';
  /** Explicit x ticks (default: nice ticks over the data). */
  xTicks?: readonly number[];
  /** Formats x tick labels (default: compact number). */
  xFormat?: (x: number) => string;
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 78, right: 260, top: 56, bottom: 58 };

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds for output: at most two decimals, no exponent notation. */
function n(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** 1, 2 or 5 times a power of ten, ticks covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/** Compact number: 430k, 1.2M, 500. */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${n(v / 1e6)}M`;
  if (a >= 1e3) return `${n(v / 1e3)}k`;
  return n(v);
}

/** The chart as a standalone SVG document. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 840;
  const height = spec.height ?? 440;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const log = spec.xScale === 'log';
  const markers = spec.markers ?? [];
  const all: XY[] = [...spec.series.flatMap((s) => s.points), ...markers];
  const xs = all.map((p) => p.x).filter((x) => Number.isFinite(x) && (!log || x > 0));
  const ys = all.map((p) => p.y).filter((y) => Number.isFinite(y));
  let xMin = xs.length > 0 ? Math.min(...xs) : 0;
  let xMax = xs.length > 0 ? Math.max(...xs) : 1;
  if (spec.xTicks && spec.xTicks.length > 0) {
    xMin = Math.min(xMin, ...spec.xTicks);
    xMax = Math.max(xMax, ...spec.xTicks);
  }
  if (xMax === xMin) {
    xMax = xMin + 1;
  }
  const yTicks = niceTicks(ys.length > 0 ? Math.max(...ys) * 1.05 : 1);
  const yMax = yTicks[yTicks.length - 1]!;
  const fx = (x: number): number => {
    const t = log ? (Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin)) : (x - xMin) / (xMax - xMin);
    return MARGIN.left + Math.min(1, Math.max(0, t)) * plotW;
  };
  const fy = (y: number): number => MARGIN.top + plotH - Math.min(1, Math.max(0, y / yMax)) * plotH;
  const xTicks = spec.xTicks ?? (log ? [xMin, xMax] : niceTicks(xMax).filter((t) => t >= xMin));
  const xFormat = spec.xFormat ?? compact;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${n(MARGIN.left)}" y="22" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`);
  if (spec.subtitle) out.push(`<text x="${n(MARGIN.left)}" y="40" font-size="11" fill="#555555">${escapeXml(spec.subtitle)}</text>`);
  // grid and y ticks
  for (const t of yTicks) {
    const y = fy(t);
    out.push(`<line x1="${n(MARGIN.left)}" y1="${n(y)}" x2="${n(MARGIN.left + plotW)}" y2="${n(y)}" stroke="#e5e5e5" stroke-width="1"/>`);
    out.push(`<text x="${n(MARGIN.left - 8)}" y="${n(y + 4)}" text-anchor="end">${escapeXml(compact(t))}</text>`);
  }
  for (const t of xTicks) {
    const x = fx(t);
    out.push(`<line x1="${n(x)}" y1="${n(MARGIN.top + plotH)}" x2="${n(x)}" y2="${n(MARGIN.top + plotH + 5)}" stroke="#333333" stroke-width="1"/>`);
    out.push(`<text x="${n(x)}" y="${n(MARGIN.top + plotH + 19)}" text-anchor="middle">${escapeXml(xFormat(t))}</text>`);
  }
  // axes
  out.push(`<line x1="${n(MARGIN.left)}" y1="${n(MARGIN.top)}" x2="${n(MARGIN.left)}" y2="${n(MARGIN.top + plotH)}" stroke="#333333" stroke-width="1.2"/>`);
  out.push(`<line x1="${n(MARGIN.left)}" y1="${n(MARGIN.top + plotH)}" x2="${n(MARGIN.left + plotW)}" y2="${n(MARGIN.top + plotH)}" stroke="#333333" stroke-width="1.2"/>`);
  out.push(`<text x="${n(MARGIN.left + plotW / 2)}" y="${n(height - 14)}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text x="18" y="${n(MARGIN.top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 18 ${n(MARGIN.top + plotH / 2)})">${escapeXml(spec.yLabel)}</text>`);
  // series
  for (const s of spec.series) {
    const pts = [...s.points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!log || p.x > 0)).sort((a, b) => a.x - b.x);
    if (pts.length === 0) continue;
    const dash = s.kind === 'measured' ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.map((p) => `${n(fx(p.x))},${n(fy(p.y))}`).join(' ')}"/>`);
    for (const p of pts) {
      const x = fx(p.x);
      const y = fy(p.y);
      if (s.kind === 'measured') out.push(`<rect x="${n(x - 3.5)}" y="${n(y - 3.5)}" width="7" height="7" fill="#ffffff" stroke="${s.color}" stroke-width="1.5"/>`);
      else out.push(`<circle cx="${n(x)}" cy="${n(y)}" r="3" fill="${s.color}"/>`);
    }
  }
  // paper markers
  for (const m of markers) {
    const x = fx(m.x);
    const y = fy(m.y);
    out.push(`<polygon points="${n(x)},${n(y - 7)} ${n(x + 7)},${n(y)} ${n(x)},${n(y + 7)} ${n(x - 7)},${n(y)}" fill="${m.color}" fill-opacity="0.35" stroke="#000000" stroke-width="1.2"/>`);
    out.push(`<text x="${n(Math.min(x + 10, MARGIN.left + plotW))}" y="${n(Math.max(y - 8, MARGIN.top + 10))}" font-size="10">${escapeXml(m.label)}</text>`);
  }
  // legend
  const lx = MARGIN.left + plotW + 18;
  let ly = MARGIN.top + 8;
  for (const s of spec.series) {
    const dash = s.kind === 'measured' ? ' stroke-dasharray="6 4"' : '';
    out.push(`<line x1="${n(lx)}" y1="${n(ly)}" x2="${n(lx + 26)}" y2="${n(ly)}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${n(lx + 32)}" y="${n(ly + 4)}">${escapeXml(s.label)}</text>`);
    ly += 20;
  }
  if (markers.length > 0) {
    out.push(`<polygon points="${n(lx + 13)},${n(ly - 6)} ${n(lx + 19)},${n(ly)} ${n(lx + 13)},${n(ly + 6)} ${n(lx + 7)},${n(ly)}" fill="#999999" fill-opacity="0.35" stroke="#000000" stroke-width="1.2"/>`);
    out.push(`<text x="${n(lx + 32)}" y="${n(ly + 4)}">paper (stated)</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
