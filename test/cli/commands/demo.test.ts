/**
 * `p4ts demo`, the README's first command: compiles examples/ipsec-esp in the three modes, runs
 * each variant on the worker co-processor and prints its rate and main-thread CPU per packet.
 * Speeds are not asserted (they belong to `npm run bench`); what is asserted is that every variant
 * runs and reports numbers, and that bad options are refused with exit code 1.
 */
import { format } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { invoke, type Invocation } from '../invoke.ts';

/** `invoke`, with what the command prints through `console` (the demo's table) captured too. */
async function demo(args: readonly string[]): Promise<Invocation> {
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += format(...a) + '\n'));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += format(...a) + '\n'));
  try {
    const r = await invoke(['demo', ...args]);
    return { code: r.code, stdout: r.stdout + stdout, stderr: r.stderr + stderr };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('p4ts demo', () => {
  it('runs the four variants and prints Mpps and main-thread ns per packet for each', { timeout: 180_000 }, async () => {
    const r = await demo(['--seconds', '0.2', '--share', '0.5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/50% encapsulated, burst 32/);
    for (const label of ['ESP at the call', 'ESP on the worker', 'continuation kept', 'packet parked']) {
      const line = r.stdout.split('\n').find((l) => l.includes(label));
      expect(line, label).toBeDefined();
      const [mpps, ns] = line!.trim().split(/\s+/).slice(-2).map(Number);
      expect(mpps, line).toBeGreaterThan(0);
      expect(ns, line).toBeGreaterThan(0);
    }
  });

  it.each([
    [['--share', '2'], /--share must be between 0 and 1/],
    [['--seconds', '0'], /--seconds must be a positive number/],
    [['--burst', 'many'], /--burst must be a positive number/],
  ])('refuses %j with exit code 1', async (args, message) => {
    const r = await demo(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
