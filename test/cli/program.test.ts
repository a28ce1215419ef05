/** The command tree (cli/program.ts): a usage mistake is one error line and one hint, not the whole help. */
import { describe, expect, it } from 'vitest';
import { USAGE_HINT } from '../../cli/commands/catalogue.ts';
import { invoke } from './invoke.ts';

const L2FWD = new URL('../../examples/l2fwd/l2fwd.p4', import.meta.url).pathname;

describe('usage errors', () => {
  it.each([
    [['run', L2FWD], "error: required option '--out <dir>' not specified"],
    [['compile', L2FWD, '--frobnicate'], "error: unknown option '--frobnicate'"],
    [['check'], "error: missing required argument 'files'"],
    [['test', '--json', 'x.json', L2FWD], 'error: --json and --filter go with --corpus'],
  ])('p4ts %j: the error and one hint line, exit 1', async (args, error) => {
    const r = await invoke(args);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([error, USAGE_HINT]);
  });
});
