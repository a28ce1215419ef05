/**
 * The `p4ts` command line. Exit codes: 0 accepted/passed, 1 a user error (bad program, bad
 * input file, failing test), 2 an internal error (a p4ts bug).
 *
 * Only the command that runs is loaded: `p4ts check` never loads the switch, the gRPC server or
 * the cost model, and `p4ts --version` or `p4ts --help` load no command at all (the help lists
 * the commands from `commands/catalogue.ts`).
 */
import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS, describeProgram, requestedCommand, type CommandName } from './commands/catalogue.ts';

type Register = (program: Command) => void;

/** Each command's module, loaded when the command runs (or its help is asked for). */
const COMMAND_MODULES: Readonly<Record<CommandName, () => Promise<Register>>> = {
  demo: async () => (await import('./commands/demo.ts')).registerDemoCommand,
  check: async () => (await import('./commands/check.ts')).registerCheckCommand,
  parse: async () => (await import('./commands/parse.ts')).registerParseCommand,
  compile: async () => (await import('./commands/compile.ts')).registerCompileCommand,
  run: async () => (await import('./commands/run.ts')).registerRunCommand,
  test: async () => (await import('./commands/test.ts')).registerTestCommand,
  model: async () => (await import('./commands/model.ts')).registerModelCommand,
  plot: async () => (await import('./commands/plot.ts')).registerPlotCommand,
  net: async () => (await import('./commands/net.ts')).registerNetCommand,
  serve: async () => (await import('./commands/serve.ts')).registerServeCommand,
};

const program = describeProgram(new Command());

// Output piped into a reader that stops early (`| head`): stop quietly, as other tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  const requested = requestedCommand(process.argv.slice(2));
  if (requested !== undefined) {
    (await COMMAND_MODULES[requested]())(program);
  } else {
    // No command of ours: the help lists them all; an unknown name is reported as such.
    for (const [name, description] of Object.entries(COMMAND_DESCRIPTIONS)) program.command(name).description(description);
  }
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`p4ts: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 2;
}
