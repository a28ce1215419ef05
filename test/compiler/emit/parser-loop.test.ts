/**
 * The parser-loop guard: a parser that keeps going back to an earlier state (a loop that does not
 * end) is stopped after V1MODEL_PARSER_LOOP_LIMIT such transitions, and its packet is dropped with
 * reason `parser-timeout`, in every mode; a loop that ends within the limit runs to its end.
 */
import { describe, expect, it } from 'vitest';
import { V1MODEL_PARSER_LOOP_LIMIT } from '../../../contract/v1model.ts';
import { compileFile } from '../../../compiler/compile.ts';
import { formatDiagnostic } from '../../../compiler/diagnostics/index.ts';
import { loadProgramModule } from '../../../runtime/loader/index.ts';
import { formatStfFailure, runStfText } from '../../../runtime/testing/index.ts';
import { sourceAt, v1modelProgram } from '../v1model-skeleton.ts';

const program = v1modelProgram({
  states: [
    '  state start { p.extract(h.h); transition select(h.h.a) { 0: spin; 0xff: accept; default: count; } }',
    '  state spin { transition spin; }',
    // counts h.a up to 0 (wrapping): at most 255 times back to itself, then accepts
    '  state count { h.h.a = h.h.a + 1; transition select(h.h.a) { 0: accept; default: count; } }',
  ].join('\n'),
  apply: 's.egress_spec = 1;',
});

const stf = ['packet 0 00 aa', 'packet 0 01 bb', 'expect 1 00 bb $', 'packet 0 00 cc', 'packet 0 ff dd', 'expect 1 ff dd $'].join('\n');

describe('parser loop guard', () => {
  it.each([
    ['sync', false],
    ['context', true],
    ['longjump', true],
  ] as const)('drops a packet whose parser loops forever with parser-timeout, counted (%s)', async (mode, asyncAll) => {
    const compiled = compileFile('loop.p4', { mode, asyncAll, readFile: sourceAt('loop.p4', program) });
    expect(compiled.diagnostics.filter((d) => d.severity !== 'warning').map(formatDiagnostic)).toEqual([]);
    expect(compiled.code).toContain(`if (++loops > ${V1MODEL_PARSER_LOOP_LIMIT})`);
    const module = await loadProgramModule(compiled.code!, undefined, { name: 'loop' });
    const result = runStfText(module.createProgram, stf, { file: 'loop.stf' });
    expect(result.failures.map((f) => formatStfFailure(f, 'loop.stf'))).toEqual([]);
    expect(result.stats?.dropsFor('parser-timeout')).toBe(2);
    expect(result.stats?.dropsFor('program-error')).toBe(0);
    expect(result.outputs.get(1)?.length).toBe(2);
  });

  it('adds no counter to a parser without a loop', () => {
    const compiled = compileFile('plain.p4', { readFile: sourceAt('plain.p4', v1modelProgram()) });
    expect(compiled.code).toBeDefined();
    expect(compiled.code).not.toContain('loops');
  });
});
