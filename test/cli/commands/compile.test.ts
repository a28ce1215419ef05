import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invoke } from '../invoke.ts';

const L3 = new URL('../../../examples/l3-router/l3-router.p4', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('p4ts compile --dump-ir', () => {
  it('prints the IR to stdout and writes nothing without -o', async () => {
    const r = await invoke(['compile', L3, '--dump-ir']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\/\/ p4ts IR of l3-router\.p4\n/);
    expect(r.stdout).toMatch(/^ingress: control RouterIngress \{ \/\/ l3-router\.p4:\d+$/m);
    expect(r.stdout).toContain('apply RouterIngress.ipv4_lpm(hdr.ipv4.dst_addr)');
  });

  it('also writes the module with -o', async () => {
    const out = join(dir, 'both');
    const r = await invoke(['compile', L3, '--dump-ir', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('// p4ts IR of l3-router.p4');
    expect(r.stdout).toContain('wrote ');
    expect(existsSync(join(out, 'l3-router.ts'))).toBe(true);
  });

  it('needs -o, --p4runtime-files or --dump-ir', async () => {
    const r = await invoke(['compile', L3]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-o, --output <dir>/);
  });
});
