/** Runs p4ts commands in this process (no child process, no tsx start-up) and captures their output. */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { registerCompileCommand } from '../../cli/commands/compile.ts';
import { registerRunCommand } from '../../cli/commands/run.ts';
import { registerTestCommand } from '../../cli/commands/test.ts';
import { registerModelCommand } from '../../cli/commands/model.ts';
import { registerPlotCommand } from '../../cli/commands/plot.ts';
import { registerNetCommand } from '../../cli/commands/net.ts';

export interface Invocation {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function invoke(args: readonly string[]): Promise<Invocation> {
  let stdout = '';
  let stderr = '';
  const program = new Command()
    .name('p4ts')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerCompileCommand(program);
  registerRunCommand(program);
  registerTestCommand(program);
  registerModelCommand(program);
  registerPlotCommand(program);
  registerNetCommand(program);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  let code: number | undefined;
  try {
    await program.parseAsync(['node', 'p4ts', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  code ??= Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { code, stdout, stderr };
}
