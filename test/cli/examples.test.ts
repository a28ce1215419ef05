/**
 * The examples do what their READMEs say: `p4ts test examples/NAME/NAME.p4` passes, and
 * `p4ts run` on the committed input pcaps with `entries.json` writes exactly the expected
 * output pcaps — in every execution mode. The committed pcaps are what `make-pcap.ts` writes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcap } from '../../runtime/io/pcap.ts';
import { INPUTS as L2FWD_INPUTS } from '../../examples/l2fwd/make-pcap.ts';
import { INPUTS as ROUTER_INPUTS } from '../../examples/l3-router/make-pcap.ts';
import { checkOutputs, expectedOutputs, inputFiles, type ExampleInput } from '../../examples/pcap-fixture.ts';
import { invoke } from './invoke.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: readonly { readonly name: string; readonly inputs: readonly ExampleInput[]; readonly summary: string }[] = [
  { name: 'l2fwd', inputs: L2FWD_INPUTS, summary: '6 in + 6 created = 9 out + 3 dropped' },
  { name: 'l3-router', inputs: ROUTER_INPUTS, summary: '9 in + 0 created = 4 out + 5 dropped' },
];

describe.each(CASES)('examples/$name', ({ name, inputs, summary }) => {
  const base = `${EXAMPLES}${name}/`;

  it('has committed pcaps equal to what make-pcap.ts writes', () => {
    for (const [port, list] of inputFiles(inputs)) {
      const expected = writePcap(list.map((p) => ({ tsSec: p.time, data: p.data })));
      expect(new Uint8Array(readFileSync(`${base}in-port${port}.pcap`)), `in-port${port}.pcap`).toEqual(expected);
    }
    const outputs = expectedOutputs(inputs);
    expect(readdirSync(`${base}expected`).sort()).toEqual([...outputs.keys()].map((p) => `port${p}.pcap`).sort());
    for (const [port, frames] of outputs) {
      expect(new Uint8Array(readFileSync(`${base}expected/port${port}.pcap`)), `expected/port${port}.pcap`).toEqual(writePcap(frames.map((data) => ({ data }))));
    }
  });

  it(`p4ts test examples/${name}/${name}.p4 passes`, async () => {
    const r = await invoke(['test', `${base}${name}.p4`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`PASS ${name}\n`);
    expect(r.code).toBe(0);
  });

  it.each(['sync', 'context', 'longjump'])('p4ts run --mode %s writes the expected pcaps', async (mode) => {
    const out = join(dir, `${name}-${mode}`);
    const ins = [...inputFiles(inputs).keys()].flatMap((port) => ['--in', `${port}:${base}in-port${port}.pcap`]);
    const args = ['run', `${base}${name}.p4`, ...ins, '--out', out, '--entries', `${base}entries.json`, '--mode', mode];
    if (mode !== 'sync') args.push('--async-all');
    const r = await invoke(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(summary);
    expect(checkOutputs(out, inputs)).toEqual([]);
  });
});
