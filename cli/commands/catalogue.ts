/**
 * The p4ts commands and their one-line descriptions: `p4ts --help` lists them without loading
 * any command's module (see `cli/main.ts`, which loads only the command that runs).
 */
import type { Command } from 'commander';

export const COMMAND_DESCRIPTIONS = {
  demo: 'compile the IPsec example and run it in sync, context and longjump mode on generated traffic',
  check: 'check P4-16 programs: preprocess, parse, resolve names and types, and (for v1model) everything compile does',
  parse: 'parse a P4-16 program and print its AST as JSON',
  compile: 'compile a P4-16 program to a TypeScript module and its P4Info',
  run: 'run a P4 program on pcap/pcapng inputs and write the outputs as pcap files',
  test: 'run STF tests: one program, or every v1model program of a corpus with --corpus',
  model: "predict a program's packets per second on the paper's hardware, or reproduce the paper (--paper)",
  plot: "draw the paper's Figures 3-9 as SVG: model predictions, the paper's numbers, measured runs",
  net: 'host namespaces wired to a p4ts switch through VXLAN (needs root)',
  serve: 'run a program as a switch that P4Runtime controllers program over gRPC',
} as const;

export type CommandName = keyof typeof COMMAND_DESCRIPTIONS;

/** The command the arguments name (`p4ts NAME ...` or `p4ts help NAME`), if it is one of ours. */
export function requestedCommand(args: readonly string[]): CommandName | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(COMMAND_DESCRIPTIONS, name) ? (name as CommandName) : undefined;
}

/** What a usage mistake prints after commander's one-line error, instead of the whole help. */
export const USAGE_HINT = "(add --help for the command's usage)";

/** Names `program` p4ts, with its description, version and the usage hint (before any command is added). */
export function describeProgram(program: Command): Command {
  return program
    .name('p4ts')
    .description('P4-16 to TypeScript compiler and software switch with asynchronous externs')
    .version('0.1.0')
    .showHelpAfterError(USAGE_HINT);
}
