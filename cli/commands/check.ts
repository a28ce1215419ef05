import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { checkFile } from '../../compiler/compile.ts';
import { diagnosticToJson, formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { exitCodeFor, worstExitCode } from './exit-code.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

interface CheckFlags extends FrontEndFlags {
  readonly json: boolean;
}

/** `p4ts check FILE...`: everything `compile` does short of writing a module; many files in one process. */
export function registerCheckCommand(program: Command): void {
  addFrontEndOptions(
    program
      .command('check')
      .description(COMMAND_DESCRIPTIONS.check)
      .argument('<files...>', 'P4 source files')
      .option('--json', 'print a JSON report instead of p4c-style messages', false),
  ).action((files: string[], flags: CheckFlags) => {
    const options = frontEndOptions(flags);
    const reports = files.map((file) => {
      const result = checkFile(file, options);
      return { file, result, exitCode: exitCodeFor(result.diagnostics) };
    });
    if (flags.json) {
      const json = {
        files: reports.map(({ file, result }) => ({
          file,
          ok: result.ok,
          diagnostics: result.diagnostics.map(diagnosticToJson),
        })),
      };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      for (const { result } of reports) {
        for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      }
    }
    process.exitCode = worstExitCode(reports.map((r) => r.exitCode));
  });
}
