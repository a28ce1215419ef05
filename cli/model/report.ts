/** Text and JSON reports of `p4ts model`: one program's work and predictions, the paper's points. */
import type { PacketWorkDerivation, PathTrace } from '../../compiler/packet-work/index.ts';
import type { ModelMode, ModelPoint, PacketWork, PaperProgram, PathWork, Prediction, TargetName } from '../../runtime/model/index.ts';
import { MODEL_MODES, PAPER_PROGRAMS, predict, profiles } from '../../runtime/model/index.ts';
import { PAYLOAD_OP_NAMES } from '../../contract/p4ts-operations.ts';

export interface ModelRunOptions {
  readonly target: TargetName;
  /** One mode, or all three when undefined. */
  readonly mode?: ModelMode;
  readonly externShare?: number;
  readonly burst?: number;
}

export interface ModelReport {
  readonly file: string;
  readonly program: string;
  readonly target: TargetName;
  /** The extern share used (0 for programs without extern sites). */
  readonly share: number;
  readonly burst: number;
  readonly work: PacketWork;
  readonly predictions: readonly ({ readonly mode: ModelMode } & Prediction)[];
  readonly notes: readonly string[];
}

export function predictWork(file: string, derivation: PacketWorkDerivation, options: ModelRunOptions): ModelReport {
  const work = derivation.work;
  const hasExtern = work.extern.externCalls.length > 0;
  const share = hasExtern ? (options.externShare ?? 1) : 0;
  const burst = options.burst ?? profiles[options.target].defaultBurst;
  const modes = options.mode ? [options.mode] : MODEL_MODES;
  const predictions = modes.map((mode) => ({ mode, ...predict(work, options.target, mode, { externShare: share, burst }) }));
  const notes = [...derivation.notes];
  if (!hasExtern && options.externShare !== undefined) notes.push('the program has no extern site on any path: --extern-share has no effect');
  return { file, program: work.program, target: options.target, share, burst, work, predictions, notes };
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function describePath(path: PathWork, trace: PathTrace): string[] {
  const lookups = Object.entries(path.lookups)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const tables = trace.tables.map((t) => `${t.table} -> ${t.action}${t.hit ? '' : ' (miss)'}`).join('; ');
  const externs = Object.entries(trace.externs)
    .map(([k, n]) => `${k} x${n}`)
    .join(', ');
  const lines = [
    `parser states ${trace.parserStates.join(' -> ') || '(none)'}; ${path.headersParsed} header(s) parsed (${path.bytesParsed} B), ${path.headersEmitted} emitted (${path.bytesEmitted} B)${trace.dropped ? '; dropped' : ''}`,
    `tables: ${tables || '(none)'}; lookups: ${lookups || 'none'}; ${path.actionPrimitives} primitive(s); checksum/hash ${path.checksumBytes} B; copied ${path.bytesCopied} B`,
  ];
  if (externs) lines.push(`extern calls: ${externs}`);
  for (const call of path.externCalls) {
    const ops = call.ops
      .map((op) => (op.kind === 'burn' ? `burn ${op.cycles} cycles` : op.kind === 'hmac' ? `hmac-${op.hash} ${op.blocks} blocks` : `${op.kind}-${op.keyBits} ${op.blocks} blocks`))
      .join(' + ');
    const operation = call.op === null ? 'not a p4ts operation' : `operation ${call.op} (${PAYLOAD_OP_NAMES[call.op as keyof typeof PAYLOAD_OP_NAMES]})`;
    lines.push(`site ${call.site} ${call.name}, ${operation}: ${ops || 'no op'}; reads ${call.taskBytes} B, writes ${call.resultBytes} B`);
  }
  if (path.externCalls.length > 0) {
    const a = path.afterLastCall;
    lines.push(`at the site: ${path.liveStateBytes} B of headers, metadata and live locals; ${path.reparseHeaders} header(s) parsed before it; after it: ${a.headersEmitted} header(s) emitted, ${a.actionPrimitives} primitive(s)`);
  }
  lines.push(`frame ${path.frameBytesIn} B in, ${path.frameBytesOut} B out`);
  return lines;
}

export function formatModelReport(report: ModelReport, derivation: PacketWorkDerivation): string {
  const out: string[] = [];
  const w = report.work;
  out.push(`${report.file}: work from the IR, ${w.plain.frameBytesIn}-byte frames`);
  const same = w.plain === w.extern;
  out.push(same ? '  every packet (no extern site on its path):' : '  plain packets:');
  for (const l of describePath(w.plain, derivation.traces.plain)) out.push(`    ${l}`);
  if (!same) {
    out.push('  extern packets:');
    for (const l of describePath(w.extern, derivation.traces.extern)) out.push(`    ${l}`);
  }
  for (const n of report.notes) out.push(`  note: ${n}`);
  const shareText = w.extern.externCalls.length > 0 ? `extern share ${pct(report.share)}, burst ${report.burst}` : 'no extern';
  out.push(`${report.target} (${profiles[report.target].description}), ${shareText}:`);
  for (const p of report.predictions) {
    out.push(`  ${p.mode.padEnd(9)} ${fmt(p.pps).padStart(12)} pps  bottleneck ${p.bottleneck} (main core ${pct(p.mainBusy)} busy, co-processor ${pct(p.coprocBusy)})`);
  }
  return `${out.join('\n')}\n`;
}

/** The `--json` document of one program. */
export function reportJson(report: ModelReport, derivation: PacketWorkDerivation): unknown {
  return {
    file: report.file,
    program: report.program,
    target: report.target,
    share: report.share,
    burst: report.burst,
    predictions: report.predictions.map((p) => ({ mode: p.mode, pps: Math.round(p.pps), bottleneck: p.bottleneck, mainBusy: p.mainBusy, coprocBusy: p.coprocBusy, boundPps: Math.round(p.boundPps) })),
    work: report.work,
    traces: derivation.traces,
    notes: report.notes,
  };
}

// ---------------------------------------------------------------------------------------------
// The paper's points
// ---------------------------------------------------------------------------------------------

export interface PaperReproduction {
  readonly points: readonly ModelPoint[];
  readonly sources: Readonly<Record<PaperProgram, string>>;
}

/** The `--paper --json` document: exactly the points. */
export function paperJson(points: readonly ModelPoint[]): { points: ModelPoint[] } {
  return { points: points.map((p) => ({ target: p.target, program: p.program, mode: p.mode, share: p.share, cycles: p.cycles, predicted_pps: p.predicted_pps, paper_pps: p.paper_pps })) };
}

/** Relative error of a prediction against the paper's number, or undefined where none is stated. */
export function paperError(p: ModelPoint): number | undefined {
  return p.paper_pps === null ? undefined : p.predicted_pps / p.paper_pps - 1;
}

export function formatPaperTable(rep: PaperReproduction): string {
  const out: string[] = [];
  out.push('work of the paper programs:');
  for (const p of PAPER_PROGRAMS) out.push(`  ${p.padEnd(10)} ${rep.sources[p]}`);
  out.push('');
  out.push(`${'target'.padEnd(19)} ${'program'.padEnd(10)} ${'cycles'.padStart(6)} ${'share'.padStart(5)} ${'mode'.padEnd(9)} ${'predicted'.padStart(10)} ${'paper'.padStart(10)} ${'error'.padStart(7)}`);
  let stated = 0;
  let worst = 0;
  for (const p of rep.points) {
    const err = paperError(p);
    if (err !== undefined) {
      stated++;
      worst = Math.max(worst, Math.abs(err));
    }
    out.push(
      `${p.target.padEnd(19)} ${p.program.padEnd(10)} ${(p.cycles === null ? '-' : String(p.cycles)).padStart(6)} ${(p.program === 'l2fwd' ? '-' : `${Math.round(p.share * 100)}%`).padStart(5)} ${p.mode.padEnd(9)} ${fmt(p.predicted_pps).padStart(10)} ${(p.paper_pps === null ? '-' : fmt(p.paper_pps)).padStart(10)} ${(err === undefined ? '' : `${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}%`).padStart(7)}`,
    );
  }
  out.push('');
  out.push(`${rep.points.length} points, ${stated} with a number stated by the paper; largest error ${(worst * 100).toFixed(1)}%`);
  return `${out.join('\n')}\n`;
}
