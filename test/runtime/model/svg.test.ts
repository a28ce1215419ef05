import { describe, expect, it } from 'vitest';
import { lineChart, paperFigures, reproducePaper } from '../../../runtime/model/index.ts';
import { paperWorkOf } from './example-work.ts';
import type { MeasuredRun } from '../../../runtime/model/index.ts';

/** Small well-formedness check: balanced tags, numeric coordinates inside the viewBox. */
function checkSvg(svg: string): void {
  const stack: string[] = [];
  const tagRe = /<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g;
  let m: RegExpExecArray | null;
  let viewBox: number[] | null = null;
  const coordAttrs = new Set(['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'width', 'height', 'r']);
  while ((m = tagRe.exec(svg)) !== null) {
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
      continue;
    }
    const attrRe = /([\w:-]+)="([^"]*)"/g;
    let a: RegExpExecArray | null;
    const found: Record<string, string> = {};
    while ((a = attrRe.exec(attrs ?? '')) !== null) found[a[1]!] = a[2]!;
    if (name === 'svg') {
      viewBox = (found.viewBox ?? '').split(' ').map(Number);
      expect(viewBox).toHaveLength(4);
    }
    const vb = viewBox ?? [0, 0, 0, 0];
    const inX = (v: number): boolean => v >= vb[0]! && v <= vb[0]! + vb[2]!;
    const inY = (v: number): boolean => v >= vb[1]! && v <= vb[1]! + vb[3]!;
    for (const [k, v] of Object.entries(found)) {
      if (coordAttrs.has(k) && name !== 'svg') {
        const num = Number(v);
        expect(Number.isFinite(num), `${name} ${k}="${v}"`).toBe(true);
        if (k.startsWith('x') || k === 'cx') expect(inX(num), `${name} ${k}=${v}`).toBe(true);
        if (k.startsWith('y') || k === 'cy') expect(inY(num), `${name} ${k}=${v}`).toBe(true);
      }
      if (k === 'points') {
        for (const pair of v.trim().split(/\s+/)) {
          const [x, y] = pair.split(',').map(Number);
          expect(Number.isFinite(x) && Number.isFinite(y), pair).toBe(true);
          expect(inX(x!) && inY(y!), pair).toBe(true);
        }
      }
    }
    if (!selfClosing) stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(svg.trimStart().startsWith('<svg')).toBe(true);
}

describe('SVG chart writer', () => {
  it('writes a well-formed chart with escaped text, series, markers and legend', () => {
    const svg = lineChart({
      title: 'A <b> & "c"',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        { label: 'one', kind: 'predicted', color: '#000000', points: [{ x: 1, y: 10 }, { x: 2, y: 30 }] },
        { label: 'two', kind: 'measured', color: '#ff0000', points: [{ x: 1, y: 5 }, { x: 3, y: 50 }] },
      ],
      markers: [{ x: 2, y: 40, label: 'paper', color: '#00ff00' }],
    });
    checkSvg(svg);
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).toContain('stroke-dasharray');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });
  it('handles log scale, empty series and a single point', () => {
    checkSvg(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', xTicks: [500, 20000], series: [{ label: 's', kind: 'predicted', color: '#123456', points: [{ x: 1000, y: 1 }] }] }));
    checkSvg(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }));
  });
  it('draws the paper figures (3-9) well-formed, with the paper values marked, and measured runs dashed', () => {
    const measured: MeasuredRun[] = [
      { scenario: 'ipsec', mode: 'longjump', share: 1, cycles: null, burst: 32, pps: 90_000 },
      { scenario: 'ipsec', mode: 'longjump', share: 0.5, cycles: null, burst: 32, pps: 140_000 },
      { scenario: 'burn', mode: 'sync', share: 1, cycles: 1000, burst: 32, pps: 120_000 },
    ];
    const figs = paperFigures(reproducePaper(paperWorkOf), measured);
    expect(figs.map((f) => f.name.split('-')[0])).toEqual(['fig3', 'fig4', 'fig5', 'fig6', 'fig7a', 'fig7b', 'fig7c', 'fig8', 'fig9', 'fig9b']);
    for (const f of figs) checkSvg(f.svg);
    const fig3 = figs[0]!.svg;
    expect(fig3.match(/<polygon/g)?.length).toBeGreaterThanOrEqual(3); // 100k, 76k, 48k + legend
    expect(fig3).toContain('longjump (measured)');
    expect(figs[4]!.svg).toContain('sync (non-async) (measured)');
  });
});
