/**
 * Writes the cost model's predicted Figures 3-9 to docs/figures/*.svg and prints the table of
 * predicted against stated numbers. Run: `npx tsx bench/model-figures.ts [--measured runs.json]`
 * (`runs.json`: an array of `{scenario, mode, share, cycles, burst, pps}` from bench runs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_CLAIMS, paperFigures, reproducePaper } from '../runtime/model/index.ts';
import type { MeasuredRun } from '../runtime/model/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'figures');
const measuredAt = process.argv.indexOf('--measured');
const measured: MeasuredRun[] = measuredAt > 0 ? (JSON.parse(readFileSync(process.argv[measuredAt + 1] ?? '', 'utf8')) as MeasuredRun[]) : [];

const points = reproducePaper();
mkdirSync(outDir, { recursive: true });
for (const fig of paperFigures(points, measured)) {
  writeFileSync(join(outDir, `${fig.name}.svg`), fig.svg);
  console.log(`wrote docs/figures/${fig.name}.svg`);
}
console.log('\ntarget              program    mode      share  predicted      paper   error');
for (const p of points) {
  if (p.paper_pps === null) continue;
  const err = ((p.predicted_pps / p.paper_pps - 1) * 100).toFixed(1);
  console.log(`${p.target.padEnd(19)} ${p.program.padEnd(10)} ${p.mode.padEnd(9)} ${String(p.share * 100).padStart(4)}% ${String(p.predicted_pps).padStart(10)} ${String(p.paper_pps).padStart(10)} ${err.padStart(6)}%`);
}
console.log('');
for (const c of PAPER_CLAIMS) {
  const r = c.evaluate(points);
  console.log(`${r.ok ? 'holds ' : 'FAILS '} ${c.id}: ${r.detail}`);
}
