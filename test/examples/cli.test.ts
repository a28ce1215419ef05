/**
 * The examples through the command line: `p4ts run` with entries JSON that configure the p4ts
 * security settings, `--coprocessor worker|inline`, `--burst`, `--flush-us`; `p4ts test` with
 * `--coprocessor worker`; argument and entries errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPcapFile } from '../../runtime/io/pcap.ts';
import { invoke } from '../cli/invoke.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const ESP = `${EXAMPLES}ipsec-esp/`;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-examples-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frames(file: string): string[] {
  return readPcapFile(file).records.map((r) => Buffer.from(r.data).toString('hex'));
}

describe('p4ts run on the examples', () => {
  for (const mode of ['sync', 'context', 'longjump'] as const) {
    it(`${mode}, worker: ipsec-esp encapsulates 33% of the traffic, and the tunnel side decapsulates back`, async () => {
      const out = join(dir, `esp-${mode}`);
      const r = await invoke(['run', `${ESP}ipsec-esp.p4`, '--mode', mode, '--coprocessor', 'worker', '--burst', '16', '--flush-us', '50', '--in', `1:${ESP}in-port1.pcap`, '--out', out, '--entries', `${ESP}entries-33.json`]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('1000 in + 0 created = 1000 out + 0 dropped');
      expect(r.stdout).toMatch(/coprocessor: (\d+) tasks on the worker \(\1 ok, 0 failed, 0 lost with a worker\), (\d+) run on the main thread/);
      const m = /coprocessor: (\d+) tasks on the worker .*, (\d+) run on the main thread/.exec(r.stdout)!;
      expect(Number(m[1]) + Number(m[2])).toBe(330);
      const encapsulated = frames(join(out, 'port2.pcap'));
      expect(encapsulated.filter((f) => f.slice(46, 48) === '32')).toHaveLength(330); // IPv4 protocol 50
      const back = join(dir, `esp-back-${mode}`);
      const r2 = await invoke(['run', `${ESP}ipsec-esp.p4`, '--mode', mode, '--coprocessor', 'worker', '--in', `2:${join(out, 'port2.pcap')}`, '--out', back, '--entries', `${ESP}entries-33.json`]);
      expect(r2.code).toBe(0);
      expect(frames(join(back, 'port1.pcap')).sort()).toEqual(frames(`${ESP}in-port1.pcap`).sort());
    });
  }

  it('inline and worker give the same packets (custom-extern, longjump; encrypt, context)', async () => {
    const cases = [
      ['custom-extern', 'longjump', `${EXAMPLES}custom-extern/entries/burn-2000-20.json`],
      ['encrypt', 'context', `${EXAMPLES}encrypt/entries-50.json`],
    ] as const;
    for (const [name, mode, entries] of cases) {
      const outs: string[][] = [];
      for (const where of ['inline', 'worker']) {
        const out = join(dir, `${name}-${where}`);
        const r = await invoke(['run', `${EXAMPLES}${name}/${name}.p4`, '--mode', mode, '--coprocessor', where, '--in', `1:${ESP}in-port1.pcap`, '--out', out, '--entries', entries]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('1000 in + 0 created = 1000 out + 0 dropped');
        outs.push(frames(join(out, 'port2.pcap')).sort());
      }
      expect(outs[1]).toEqual(outs[0]);
    }
  });

  it('reports bad p4ts entries with their line, and bad option values', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, readFileSync(`${ESP}entries-10.json`, 'utf8').replace('"spi": "0x1001"', '"spi": "zz"'));
    const r = await invoke(['run', `${ESP}ipsec-esp.p4`, '--in', `1:${ESP}in-port1.pcap`, '--out', join(dir, 'bad'), '--entries', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}(3): error: p4ts_security_associations[0]: security association 0: spi: 'zz' is not a number`);
    const b = await invoke(['run', `${ESP}ipsec-esp.p4`, '--burst', '0', '--in', `1:${ESP}in-port1.pcap`, '--out', join(dir, 'bad')]);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toContain('--burst expects an integer ≥ 1');
    const c = await invoke(['run', `${ESP}ipsec-esp.p4`, '--coprocessor', 'gpu', '--in', `1:${ESP}in-port1.pcap`, '--out', join(dir, 'bad')]);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toMatch(/Allowed choices are inline, worker/);
  });
});

describe('p4ts test --coprocessor worker', () => {
  it('passes ipsec-esp in longjump mode (the SAs of the STF file reach the worker)', async () => {
    for (const name of ['ipsec-esp']) {
      const r = await invoke(['test', `${EXAMPLES}${name}/${name}.p4`, '--mode', 'longjump', '--coprocessor', 'worker', '--burst', '4']);
      expect(r.stdout.trim()).toBe(`PASS ${name}`);
      expect(r.code).toBe(0);
    }
  });
});
