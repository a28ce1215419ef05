/**
 * Runs a P4 program through preprocess → parse → check with an in-memory main file (includes
 * such as <core.p4> and <v1model.p4> come from our own compiler/p4include).
 */
import { readFileSync } from 'node:fs';
import { checkProgram } from '../../../compiler/check/index.ts';
import type { CheckedProgram } from '../../../compiler/check/index.ts';
import { DiagnosticBag, formatDiagnostic, type Diagnostic } from '../../../compiler/diagnostics/index.ts';
import { SourceFile } from '../../../compiler/source/index.ts';
import { parseProgram } from '../../../compiler/syntax/parse.ts';
import { preprocess } from '../../../compiler/syntax/preprocess/index.ts';
import type { Program } from '../../../compiler/ast/nodes.ts';

export interface CheckRun {
  readonly program: Program;
  readonly checked: CheckedProgram | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  readonly unitText: string;
}

export function checkSource(text: string, path = 'test.p4'): CheckRun {
  const bag = new DiagnosticBag();
  const unit = preprocess(new SourceFile(path, text), bag, {
    readFile: (p) => {
      if (p === path) return text;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  bag.attachSourceMap(unit.sourceMap);
  const program = parseProgram(unit.text, bag);
  const checked = bag.hasErrors ? undefined : checkProgram(program, bag);
  return {
    program,
    checked,
    diagnostics: bag.all,
    errors: bag.all.filter((d) => d.severity !== 'warning'),
    unitText: unit.text,
  };
}

/** The 1-based line of a diagnostic in its file. */
export function lineOf(d: Diagnostic): number | undefined {
  return d.location?.file.position(d.location.start).line;
}

/** `code@line` of every error, for compact assertions. */
export function errorSummary(run: CheckRun): string[] {
  return run.errors.map((d) => `${d.code}@${lineOf(d) ?? '?'}`);
}

export function formatAll(run: CheckRun): string {
  return run.diagnostics.map(formatDiagnostic).join('\n');
}

/** A v1model program skeleton around the given ingress body and declarations. */
export function v1model(opts: { decls?: string; ingressLocals?: string; ingressApply?: string; parserStates?: string } = {}): string {
  return `#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<16> b; bit<32> c; }
struct headers_t { h_t h; }
struct meta_t { bit<8> m; }
${opts.decls ?? ''}
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
${opts.parserStates ?? '  state start { pkt.extract(hdr.h); transition accept; }'}
}
control VC(inout headers_t hdr, inout meta_t meta) { apply {} }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
${opts.ingressLocals ?? ''}
  apply {
${opts.ingressApply ?? ''}
  }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply {} }
control CC(inout headers_t hdr, inout meta_t meta) { apply {} }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), I(), E(), CC(), D()) main;
`;
}

/** Line number (1-based) of the first line containing `marker` in `text`. */
export function lineContaining(text: string, marker: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`marker not found: ${marker}`);
  return index + 1;
}
