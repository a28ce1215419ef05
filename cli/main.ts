/**
 * The `p4ts` command line. Exit codes: 0 accepted/passed, 1 a user error (bad program, bad
 * input file, failing test), 2 an internal error (a p4ts bug).
 */
import { Command } from 'commander';
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

const program = new Command();
program
  .name('p4ts')
  .description('P4-16 to TypeScript compiler and software switch with asynchronous externs')
  .version('0.1.0')
  .showHelpAfterError();

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

// Output piped into a reader that stops early (`| head`): stop quietly, as other tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`p4ts: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 2;
}
