/** Command-line options of the bench's stand-alone scripts (`bench/*.ts`). */

/** The value after `name` on the command line (`--rounds 9`), or `dflt` when it is not given. */
export function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
