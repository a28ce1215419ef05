/**
 * The shared part of the examples' `make-pcap.ts` scripts: write the input pcaps and the expected
 * outputs, or check the outputs of a `p4ts run` against them.
 *
 *   npx tsx examples/NAME/make-pcap.ts               # in-port<N>.pcap and expected/port<N>.pcap
 *   npx tsx examples/NAME/make-pcap.ts --check DIR   # compares DIR/port<N>.pcap with the expected frames
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPcapFile, writePcapFile } from '../runtime/io/pcap.ts';
import { toHex } from './frames.ts';

export interface ExampleInput {
  /** Port the packet is received on (one input file per port). */
  readonly port: number;
  /** Timestamp in seconds: `p4ts run` merges its input files in this order. */
  readonly time: number;
  readonly data: Uint8Array;
  /** What the program must transmit for it: port and frame (none: dropped). */
  readonly outputs: readonly { readonly port: number; readonly data: Uint8Array }[];
}

/** The input files: port → records in time order. */
export function inputFiles(inputs: readonly ExampleInput[]): Map<number, ExampleInput[]> {
  const files = new Map<number, ExampleInput[]>();
  for (const p of [...inputs].sort((a, b) => a.time - b.time)) {
    const list = files.get(p.port) ?? [];
    list.push(p);
    files.set(p.port, list);
  }
  return new Map([...files].sort((a, b) => a[0] - b[0]));
}

/** The frames each output port must transmit, in order. */
export function expectedOutputs(inputs: readonly ExampleInput[]): Map<number, Uint8Array[]> {
  const out = new Map<number, Uint8Array[]>();
  for (const p of [...inputs].sort((a, b) => a.time - b.time)) {
    for (const o of p.outputs) {
      const list = out.get(o.port) ?? [];
      list.push(o.data);
      out.set(o.port, list);
    }
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

export function writeFixture(dir: string, inputs: readonly ExampleInput[]): string[] {
  const written: string[] = [];
  for (const [port, list] of inputFiles(inputs)) {
    const file = join(dir, `in-port${port}.pcap`);
    writePcapFile(file, list.map((p) => ({ tsSec: p.time, data: p.data })));
    written.push(file);
  }
  const expectedDir = join(dir, 'expected');
  mkdirSync(expectedDir, { recursive: true });
  for (const [port, frames] of expectedOutputs(inputs)) {
    const file = join(expectedDir, `port${port}.pcap`);
    writePcapFile(file, frames.map((data) => ({ data })));
    written.push(file);
  }
  return written;
}

/** Differences between DIR/port<N>.pcap and the expected frames (timestamps aside); empty when equal. */
export function checkOutputs(outDir: string, inputs: readonly ExampleInput[]): string[] {
  const problems: string[] = [];
  const expected = expectedOutputs(inputs);
  const present = existsSync(outDir) ? readdirSync(outDir).filter((f) => /^port\d+\.pcap$/.test(f)) : [];
  for (const f of present) {
    const port = Number(/\d+/.exec(f)![0]);
    if (!expected.has(port)) problems.push(`${join(outDir, f)}: no packets expected on port ${port}`);
  }
  for (const [port, frames] of expected) {
    const file = join(outDir, `port${port}.pcap`);
    if (!existsSync(file)) {
      problems.push(`${file}: missing (expected ${frames.length} packet(s))`);
      continue;
    }
    const got = readPcapFile(file).records.map((r) => toHex(r.data));
    const want = frames.map(toHex);
    if (got.length !== want.length) problems.push(`${file}: expected ${want.length} packet(s), got ${got.length}`);
    for (let i = 0; i < Math.min(got.length, want.length); i++) {
      if (got[i] !== want[i]) problems.push(`${file}: packet ${i + 1}: expected ${want[i]}, got ${got[i]}`);
    }
  }
  return problems;
}

/** The command line of a `make-pcap.ts` script (does nothing when the script is imported). */
export function fixtureMain(scriptUrl: string, dir: string, inputs: readonly ExampleInput[]): void {
  const argv1 = process.argv[1];
  if (argv1 === undefined || pathToFileURL(argv1).href !== scriptUrl) return;
  const at = process.argv.indexOf('--check');
  if (at < 0) {
    for (const f of writeFixture(dir, inputs)) console.log(`wrote ${f}`);
    return;
  }
  const outDir = process.argv[at + 1];
  if (outDir === undefined) {
    console.error('error: --check needs the output directory of p4ts run');
    process.exitCode = 1;
    return;
  }
  const problems = checkOutputs(outDir, inputs);
  for (const p of problems) console.log(p);
  const total = [...expectedOutputs(inputs).values()].reduce((n, l) => n + l.length, 0);
  console.log(problems.length === 0 ? `${outDir}: all ${total} output packets as expected` : `${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
