/**
 * The whole `p4ts` command tree at once, every command registered (the CLI tests run commands in
 * process with it; `main.ts` loads only the command that runs). A usage mistake prints
 * commander's one-line error and one hint line (`USAGE_HINT`), not the whole help.
 */
import type { Command } from 'commander';
import { describeProgram } from './commands/catalogue.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerParseCommand } from './commands/parse.ts';
import { registerCompileCommand } from './commands/compile.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerTestCommand } from './commands/test.ts';
import { registerModelCommand } from './commands/model.ts';
import { registerPlotCommand } from './commands/plot.ts';
import { registerNetCommand } from './commands/net.ts';
import { registerServeCommand } from './commands/serve.ts';

/** Describes `program` as p4ts and registers every command on it; returns it. */
export function defineCommands(program: Command): Command {
  describeProgram(program);
  registerDemoCommand(program);
  registerCheckCommand(program);
  registerParseCommand(program);
  registerCompileCommand(program);
  registerRunCommand(program);
  registerTestCommand(program);
  registerModelCommand(program);
  registerPlotCommand(program);
  registerNetCommand(program);
  registerServeCommand(program);
  return program;
}
