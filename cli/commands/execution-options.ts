import { Option, type Command } from 'commander';
import type { ExecutionMode } from '../../runtime/v1model/program.ts';

const MODES: readonly ExecutionMode[] = ['sync', 'context', 'longjump'];

/** `--mode sync|context|longjump` and `--async-all`, shared by compile, run and test. */
export function addExecutionOptions(command: Command): Command {
  return command
    .addOption(new Option('--mode <mode>', 'execution mode of extern calls').choices(MODES).default('sync'))
    .option('--async-all', 'make every extern call an extern site (exercises the async modes)', false);
}

export interface ExecutionFlags {
  readonly mode: ExecutionMode;
  readonly asyncAll: boolean;
}
