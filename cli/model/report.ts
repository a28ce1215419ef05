/** Text and JSON reports of `p4ts model`: one program's work and predictions, the paper's points. */
import type { PacketWorkDerivation, PathTrace } from '../../compiler/packet-work/index.ts';
import type { LeaveOneOut, ModelMode, ModelPoint, PacketWork, PaperFit, PaperProgram, PaperRow, PathWork, Prediction, SensitivityCase, SettingPoint, StepResult, TargetName } from '../../runtime/model/index.ts';
import { MODEL_MODES, PAPER_PROGRAMS, pointId, predict, profiles, summarizePaperTable } from '../../runtime/model/index.ts';
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
    `parser states ${trace.parserStates.join(' -> ') || '(none)'}; ${path.headersParsed} header(s) parsed (${path.bytesParsed} B), ${path.headersEmitted} emitted (${path.bytesEmitted} B; ${path.headersRewritten} not in place, ${path.bytesRewritten} B: what a straight path writes)${trace.dropped ? '; dropped' : ''}`,
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
// The paper: fit and validate
// ---------------------------------------------------------------------------------------------

export interface PaperReproduction {
  readonly points: readonly ModelPoint[];
  /** APU IPsec at 100 % at other burst and frame sizes (the paper's statements about its settings). */
  readonly settings: readonly SettingPoint[];
  readonly sources: Readonly<Record<PaperProgram, string>>;
  readonly fit: PaperFit;
  readonly steps: readonly StepResult[];
  readonly leaveOneOut: readonly LeaveOneOut[];
  readonly table: readonly PaperRow[];
}

/** Relative error of a prediction against the paper's number, or undefined where none is stated. */
export function paperError(p: ModelPoint): number | undefined {
  return p.paper_pps === null ? undefined : p.predicted_pps / p.paper_pps - 1;
}

const signed = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const kpps = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);

function fittedRole(rep: PaperReproduction, row: PaperRow): string {
  const step = rep.steps.find((s) => 'point' in s.step && s.step.point === row.id);
  return step === undefined ? '' : `${step.step.param} = ${step.value.toPrecision(5)}`;
}

/** The fit-and-validate table, fitted numbers apart from predicted ones, and a summary. */
export function formatPaperTable(rep: PaperReproduction): string {
  const out: string[] = [];
  out.push('work of the paper programs:');
  for (const p of PAPER_PROGRAMS) out.push(`  ${p.padEnd(10)} ${rep.sources[p]}`);
  out.push('  the three with externs priced as T4P4S ran them: no policy table (its lookups out), the extern packets picked by T4P4S\u2019s every-N counter (one primitive); l2fwd keeps its MAC table');
  out.push('');
  out.push('FITTED: a value was solved on each of these numbers, so they reproduce by construction.');
  out.push('Leave-one-out: the same fit without the number (its value from another number or a rule), and the number predicted.');
  out.push(`  ${'number'.padEnd(44)} ${'paper'.padStart(8)} ${'model'.padStart(8)}  ${'fitted value'.padEnd(38)} ${'leave-one-out'.padStart(20)}`);
  for (const r of rep.table.filter((x) => x.role === 'fitted')) {
    const loo = r.leaveOneOut === undefined ? '' : `${kpps(r.leaveOneOut.predicted)} (${signed(r.leaveOneOut.error)})`;
    out.push(`  ${r.what.padEnd(44)} ${kpps(r.paper!).padStart(8)} ${kpps(r.model!).padStart(8)}  ${fittedRole(rep, r).padEnd(38)} ${loo.padStart(20)}`);
  }
  out.push('');
  out.push('PREDICTED: nothing was fitted on these numbers; each claim says which part of it, if any, fitted numbers decide.');
  for (const r of rep.table.filter((x) => x.role === 'predicted' && x.kind === 'number')) {
    out.push(`  ${r.what.padEnd(44)} ${kpps(r.paper!).padStart(8)} ${kpps(r.model!).padStart(8)}  error ${signed(r.error!)}`);
  }
  const claimLines = (r: PaperRow, status: string): void => {
    const quantity = r.model !== undefined && r.paper !== undefined ? ` [model ${r.model.toPrecision(3)}, paper ${r.paperText ?? r.paper}${r.error !== undefined ? `, error ${signed(r.error)}` : ''}]` : '';
    out.push(`  ${status.padEnd(5)}  ${r.id} (${r.figure}): ${r.what}`);
    out.push(`         ${r.detail}${quantity}`);
  };
  const claims = rep.table.filter((x) => x.kind === 'claim');
  for (const r of claims.filter((x) => x.untestable === undefined && x.alternativeReadingOf === undefined)) {
    claimLines(r, r.ok ? 'holds' : 'FAILS');
    out.push(`         ${r.fittedPart === undefined ? 'predicted: every point it reads' : `predicted, except: ${r.fittedPart}`}`);
  }
  const alternative = claims.filter((x) => x.alternativeReadingOf !== undefined);
  if (alternative.length > 0) {
    out.push('');
    out.push('OTHER READINGS, not counted: the same sentence as a counted claim, read another way (added knowing its value).');
    for (const r of alternative) {
      claimLines(r, r.ok ? 'holds' : 'FAILS');
      out.push(`         another reading of ${r.alternativeReadingOf}; ${r.fittedPart === undefined ? 'predicted: every point it reads' : `predicted, except: ${r.fittedPart}`}`);
    }
  }
  const untestable = claims.filter((x) => x.untestable !== undefined);
  if (untestable.length > 0) {
    out.push('');
    out.push('UNTESTABLE, not counted: fitted numbers decide every point these read, so they hold or fail by construction.');
    for (const r of untestable) {
      claimLines(r, 'n/a');
      out.push(`         ${r.untestable}`);
    }
  }
  const s = summarizePaperTable(rep.table);
  const apart = [s.claimsUntestable > 0 ? `${s.claimsUntestable} untestable` : '', s.claimsAlternative > 0 ? `${s.claimsAlternative} other reading${s.claimsAlternative > 1 ? 's' : ''}` : ''].filter((x) => x !== '');
  out.push('');
  out.push(
    `${s.fittedNumbers} stated numbers fitted, ${s.predictedNumbers} predicted; ${s.predictedWithin15} of ${s.predictedWithError} predicted numbers and counted quantity claims within 15%; ${s.claimsHold} of ${s.claimsTestable} counted claims hold${apart.length > 0 ? ` (not counted: ${apart.join(', ')})` : ''}.`,
  );
  return `${out.join('\n')}\n`;
}

/** Every experiment point of the paper with its prediction (and the stated number where there is one). */
export function formatPaperPoints(rep: PaperReproduction): string {
  const fitted = new Set(rep.table.filter((r) => r.role === 'fitted').map((r) => r.id));
  const out: string[] = [];
  out.push(`${'target'.padEnd(19)} ${'program'.padEnd(10)} ${'cycles'.padStart(6)} ${'share'.padStart(5)} ${'mode'.padEnd(9)} ${'predicted'.padStart(10)} ${'paper'.padStart(10)} ${'error'.padStart(7)}`);
  for (const p of rep.points) {
    const err = paperError(p);
    const id = pointId(p.target, p.program, p.mode, p.share, p.cycles);
    // every point is a prediction except the stated numbers a value was solved on (L2's one number in all three modes)
    const role = fitted.has(id) || (p.program === 'l2fwd' && fitted.has(pointId(p.target, p.program, 'sync', p.share, p.cycles))) ? ' fitted' : ' predicted';
    out.push(
      `${p.target.padEnd(19)} ${p.program.padEnd(10)} ${(p.cycles === null ? '-' : String(p.cycles)).padStart(6)} ${(p.program === 'l2fwd' ? '-' : `${Math.round(p.share * 100)}%`).padStart(5)} ${p.mode.padEnd(9)} ${fmt(p.predicted_pps).padStart(10)} ${(p.paper_pps === null ? '-' : fmt(p.paper_pps)).padStart(10)} ${(err === undefined ? '' : signed(err)).padStart(7)}${role}`,
    );
  }
  out.push('');
  out.push(`${rep.points.length} points`);
  return `${out.join('\n')}\n`;
}

/** The `--paper --json` document. */
export function paperJson(rep: PaperReproduction): unknown {
  return {
    points: rep.points.map((p) => ({ target: p.target, program: p.program, mode: p.mode, share: p.share, cycles: p.cycles, predicted_pps: p.predicted_pps, paper_pps: p.paper_pps })),
    settings: rep.settings.map((p) => ({ target: p.target, program: p.program, mode: p.mode, share: p.share, burst: p.burst, frame_bytes: p.frame_bytes, predicted_pps: p.predicted_pps })),
    table: rep.table,
    fit: rep.fit,
    leaveOneOut: rep.leaveOneOut.map((l) => ({ point: l.point, paper_pps: l.paperPps, predicted_pps: Math.round(l.predictedPps), fit: l.fit })),
    summary: summarizePaperTable(rep.table),
  };
}

// ---------------------------------------------------------------------------------------------
// Sensitivity
// ---------------------------------------------------------------------------------------------

/** Column heads of the predicted rows, short. */
function shortName(row: PaperRow): string {
  if (row.kind === 'number') return row.id.replace('apu4d4/ipsec-esp/', 'apu ').replace('/100', '');
  return row.id.replace('claim:', '');
}

function rowValue(row: PaperRow): string {
  if (row.kind === 'number') return kpps(row.model!);
  if (row.untestable !== undefined) return `${row.model === undefined ? '' : row.model.toPrecision(3)} n/a`;
  if (row.model !== undefined) return `${row.model.toPrecision(3)}${row.ok ? '' : '!'}`;
  return row.ok ? 'holds' : 'FAILS';
}

export function formatSensitivityHeader(baseline: SensitivityCase): string {
  const rows = baseline.rows ?? [];
  return `${'assumption'.padEnd(30)} ${'origin'.padEnd(10)} ${'value'.padStart(8)} ${'x'.padStart(4)}  ${rows.map((r) => shortName(r)).join(' | ')}\n`;
}

/** One line per case: the assumption at a factor, and each predicted row's value (`!`: its check fails). */
export function formatSensitivityCase(c: SensitivityCase): string {
  const name = c.assumption?.path ?? 'baseline';
  const origin = c.assumption?.origin ?? '';
  const value = c.assumption === undefined ? '' : String(Math.round(c.assumption.value * c.factor * 1000) / 1000);
  const cells = c.rows === undefined ? `no fit: ${c.failure ?? ''}` : c.rows.map(rowValue).join(' | ');
  return `${name.padEnd(30)} ${origin.padEnd(10)} ${value.padStart(8)} ${String(c.factor).padStart(4)}  ${cells}\n`;
}
