import type { Command } from 'commander';
import type { FrontEndOptions } from '../../compiler/frontend.ts';

/** `-I DIR` and `-D NAME[=VALUE]`, shared by every command that reads P4 source. */
export function addFrontEndOptions(command: Command): Command {
  return command
    .option('-I, --include <dir>', 'add a directory to the #include <...> search path', collect, [])
    .option('-D, --define <name[=value]>', 'define a preprocessor macro', collect, []);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface FrontEndFlags {
  readonly include: string[];
  readonly define: string[];
}

export function frontEndOptions(flags: FrontEndFlags): FrontEndOptions {
  const defines: Record<string, string> = {};
  for (const d of flags.define) {
    const eq = d.indexOf('=');
    if (eq < 0) defines[d] = '1';
    else defines[d.slice(0, eq)] = d.slice(eq + 1);
  }
  return { includeDirs: flags.include, defines };
}
