/** `p4ts serve --trace`: the switch a controller drives prints each packet's trace, its program's steps included. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = new URL('../../../', import.meta.url).pathname;
const L2FWD = `${REPO}examples/l2fwd/`;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-serve-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve --trace', () => {
  it('traces the packets of a pcap port until stopped, then prints its counts', async () => {
    const args = ['--import', 'tsx', 'cli/main.ts', 'serve', `${L2FWD}l2fwd.p4`, '--trace', '--grpc', '127.0.0.1:0', '--entries', `${L2FWD}entries.json`, '--port', `1:pcap:in=${L2FWD}in-port1.pcap,out=${join(dir, 'out1.pcap')}`];
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // the last packet of in-port1.pcap (the third) is dropped by the program: its drop ends the traces
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no trace of packet 3 within 60 s; stdout: ${stdout}; stderr: ${stderr}`)), 60_000);
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('packet 3: dropped')) {
          clearTimeout(timer);
          resolve();
        }
      });
    }).finally(() => child.kill('SIGINT'));
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^packet 1: received on port 1 \(\d+ bytes\)\n/);
    expect(stdout).toMatch(/packet 1: {3}table L2Ingress\.mac_table \(.*l2fwd\.p4:\d+\): key hdr\.ethernet\.dst=0x[0-9a-f]{12} → hit/);
    expect(stdout).toContain('packet 3: dropped (ingress-drop)\n');
    expect(stdout).toMatch(/p4runtime: 0 writes/);
  }, 90_000);
});
