/** The command `cli/main.ts` loads for a command line (and only that one). */
import { describe, expect, it } from 'vitest';
import { requestedCommand } from '../../../cli/commands/catalogue.ts';

describe('requestedCommand', () => {
  it('is the first word, whatever options come before or after it', () => {
    expect(requestedCommand(['compile', 'x.p4', '-o', 'out'])).toBe('compile');
    expect(requestedCommand(['--mode', 'sync'])).toBe(undefined);
    expect(requestedCommand(['-h', 'serve'])).toBe('serve');
  });

  it('is the named command for help NAME', () => {
    expect(requestedCommand(['help', 'run'])).toBe('run');
    expect(requestedCommand(['help'])).toBe(undefined);
  });

  it('is none for --version, no arguments, or a name that is not a command', () => {
    expect(requestedCommand(['--version'])).toBe(undefined);
    expect(requestedCommand([])).toBe(undefined);
    expect(requestedCommand(['bogus', 'x.p4'])).toBe(undefined);
    expect(requestedCommand(['toString'])).toBe(undefined);
  });
});
