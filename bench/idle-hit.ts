/**
 * What recording hits for idle timeouts costs a table with `support_timeout` (one byte store per
 * hit, `RuntimeTable.hitFlags`): `examples/l2fwd` compiled in sync mode as it is, and again with
 * `support_timeout = true;` added to its `mac_table`, side by side in one process:
 *
 *   npx tsx bench/idle-hit.ts [--rounds 15] [--seconds 0.2] [--burst 32]
 *
 * Three switches — plain, ageing, and a second plain one (the identical control, whose ratio shows
 * the run's noise) — each with the same 1000 entries and the same 512 frames (every one a hit),
 * run in alternating rounds (the order turning round each round) after a warm-up. The control is
 * compiled and loaded as a module of its own, as the ageing program is, so that its ratio takes
 * in the differences between two loads of one program (their JIT code and type feedback), not
 * only the rounds' noise. Printed: the median over the rounds of each one's CPU ns per packet
 * (`process.cpuUsage`: the whole process's CPU time, the main thread running the switch plus
 * V8's background compiler and GC threads; not wall time, so less moved by load) and the median
 * of the per-round ratios to the plain switch (not the ratio of the medians). Programs without
 * `support_timeout` are not measured here: their generated code is unchanged.
 */
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.ts';
import { RuntimeTable } from '../runtime/control/index.ts';
import { loadProgramModule } from '../runtime/loader/index.ts';
import { asV1Program } from '../runtime/switch/index.ts';
import { V1Switch } from '../runtime/v1model/index.ts';
import { medianOf } from '../runtime/model/statistics.ts';
import { arg } from './harness/args.ts';

const rounds = Number(arg('--rounds', '15'));
const seconds = Number(arg('--seconds', '0.2'));
const burst = Number(arg('--burst', '32'));
const ENTRIES = 1000;
const FRAMES = 512;

const source = readFileSync(fileURLToPath(new URL('../examples/l2fwd/l2fwd.p4', import.meta.url)), 'utf8');
if (!source.includes('size = 4096;')) throw new Error('examples/l2fwd/l2fwd.p4 changed: mac_table has no "size = 4096;" to put support_timeout after');
const dir = mkdtempSync(join(tmpdir(), 'p4ts-idle-hit-'));

async function load(name: string, text: string) {
  const path = join(dir, `${name}.p4`);
  writeFileSync(path, text);
  const compiled = compileFile(path, { mode: 'sync' });
  if (!compiled.ok || compiled.code === undefined) throw new Error(`${name}: does not compile`);
  if (name === 'ageing' && !compiled.code.includes('hitFlags')) throw new Error('the ageing program records no hits');
  return loadProgramModule(compiled.code, undefined, { name });
}

const macs = Array.from({ length: ENTRIES }, (_, i) => 0x02_00_00_00_10_00 + i * 7919);
function runner(module: Awaited<ReturnType<typeof load>>, label: string) {
  const program = asV1Program(module.createProgram(), 'the benchmark');
  const table = program.objects.get('mac_table', 'table');
  if (!(table instanceof RuntimeTable)) throw new Error('mac_table is not a RuntimeTable');
  macs.forEach((mac, i) => table.insert([{ kind: 'exact', value: BigInt(mac) }], 'forward', [1 + (i % 8)]));
  let tx = 0;
  const sw = new V1Switch(program, { initialDescriptors: Math.max(64, burst), errorPolicy: 'throw', onOutputRaw: () => void tx++ });
  const frames = Array.from({ length: FRAMES }, (_, i) => {
    const b = sw.createFrameBuffer();
    const f = b.subarray(sw.frameOffset, sw.frameOffset + 60);
    const mac = macs[(i * 37) % ENTRIES]!;
    const hi = Math.floor(mac / 4294967296);
    f.set([hi >>> 8, hi & 0xff, mac >>> 24 & 0xff, (mac >>> 16) & 0xff, (mac >>> 8) & 0xff, mac & 0xff, 2, 0, 0, 0, 0, 1, 8, 0]);
    return b;
  });
  let next = 0;
  return {
    label,
    table,
    /** Packets run in about `s` seconds of wall time, and the CPU ns they took. */
    run(s: number): { packets: number; cpuNs: number } {
      const end = performance.now() + s * 1000;
      const cpu = process.cpuUsage();
      let packets = 0;
      while (performance.now() < end) {
        const before = tx;
        for (let i = 0; i < burst; i++) {
          sw.receiveBuffer(0, frames[next]!, 60);
          next = (next + 1) & (FRAMES - 1);
        }
        sw.runUntilIdle();
        if (tx - before !== burst) throw new Error(`${label}: frames not transmitted`);
        packets += burst;
      }
      const used = process.cpuUsage(cpu);
      return { packets, cpuNs: (used.user + used.system) * 1000 };
    },
  };
}

const plain = await load('plain', source);
const ageing = await load('ageing', source.replace('size = 4096;', 'size = 4096;\n        support_timeout = true;'));
const control = await load('control', source);
const runners = [runner(plain, 'plain'), runner(ageing, 'support_timeout'), runner(control, 'plain (control)')];
for (let i = 0; i < 3; i++) for (const r of runners) r.run(seconds);
const nsPerPacket = runners.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
  for (const i of order) {
    const { packets, cpuNs } = runners[i]!.run(seconds);
    nsPerPacket[i]!.push(cpuNs / packets);
  }
}
const hitsSeen = runners[1]!.table.hitFlags.reduce((n, b) => n + b, 0);
for (let i = 0; i < runners.length; i++) {
  const ratios = nsPerPacket[i]!.map((ns, k) => ns / nsPerPacket[0]![k]!);
  console.log(`${runners[i]!.label.padEnd(18)} ${medianOf(nsPerPacket[i]!).toFixed(1).padStart(7)} ns/pkt CPU   median per-round ratio to plain ${medianOf(ratios).toFixed(3)}`);
}
console.log(`(${rounds} rounds of ${seconds} s, burst ${burst}; entries of the ageing table marked hit: ${hitsSeen} of ${ENTRIES})`);
rmSync(dir, { recursive: true, force: true });
