import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { astToJson } from '../../compiler/ast/to-json.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../../compiler/frontend.ts';
import { exitCodeFor } from './exit-code.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

interface ParseFlags extends FrontEndFlags {
  readonly ast: boolean;
  readonly preprocessed: boolean;
}

/** `p4ts parse --ast FILE`: the syntax tree as JSON (no semantic checks). */
export function registerParseCommand(program: Command): void {
  addFrontEndOptions(
    program
      .command('parse')
      .description(COMMAND_DESCRIPTIONS.parse)
      .argument('<file>', 'P4 source file')
      .option('--ast', 'print the AST as JSON (the default)', true)
      .option('-E, --preprocessed', 'print the preprocessed text instead', false),
  ).action((file: string, flags: ParseFlags) => {
    const result = runFrontEnd(file, { ...frontEndOptions(flags), until: flags.preprocessed ? 'preprocess' : 'parse' });
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (result.ok) {
      if (flags.preprocessed && result.unit) process.stdout.write(result.unit.text);
      else if (result.program) process.stdout.write(`${astToJson(result.program)}\n`);
    }
    process.exitCode = exitCodeFor(result.diagnostics);
  });
}
