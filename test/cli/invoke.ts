/** Runs p4ts commands in this process (no child process, no tsx start-up) and captures their output. */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { defineCommands } from '../../cli/program.ts';

export interface Invocation {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function invoke(args: readonly string[]): Promise<Invocation> {
  let stdout = '';
  let stderr = '';
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  defineCommands(program);
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
