/** Command-line options of the bench's stand-alone scripts (`bench/*.ts`). */

/** The value after `name` on the command line (`--rounds 9`), or `dflt` (undefined without one) when the option or its value is not given. */
export function arg(name: string): string | undefined;
export function arg(name: string, dflt: string): string;
export function arg(name: string, dflt?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
