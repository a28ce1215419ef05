/**
 * Co-processor micro-benchmark: `npx tsx bench/coprocessor.ts [seconds-per-case]`.
 *
 * Round-trip task rate through the SharedArrayBuffer rings (main thread submits, worker runs,
 * main thread polls), Algorithm-1 style: submit until the ring pushes back, drain results, tick
 * the flush timeout. `echo` measures the rings themselves at burst sizes 1, 8, 32 and 64;
 * `burn(1000)` a task of about 1000 nominal cycles. For reference: the same operations run inline
 * on the main thread, and `offloadSync` (one task at a time, the thread blocked in Atomics.wait).
 * Prints tasks per second, best of three runs per case. A benchmark, not a test: numbers vary with the machine and its load.
 *
 * `help` cases: the longjump pattern at partial load. A main loop spends `burn(packet)` on every
 * packet itself and gives every Nth packet a `burn(task)` task — submitted, or run inline when the
 * co-processor is `behind` (help when behind) — against the same loop running every task inline
 * (sync-inline). Printed: both packet rates (the offloading loop uses two cores, the inline one
 * one), their ratio, and the share of tasks the main thread ran itself.
 */
import { BuiltinOp, Coprocessor, Status, burnIterations, calibrateBurn, nowMicros } from '../runtime/coprocessor/index.ts';
import type { CoTask } from '../runtime/coprocessor/index.ts';

const seconds = Number(process.argv[2] ?? '0.5');
const PACKET = 64;

interface Case {
  name: string;
  op: number;
  arg: number;
  burstSize: number;
}

let completed = 0;
let failed = 0;
const onResult = (_handle: number, status: number): void => {
  if (status === Status.Ok) completed++;
  else failed++;
};

async function roundTrip(c: Case): Promise<number> {
  const cop = new Coprocessor({ burstSize: c.burstSize, capacity: 1024, poolBuffers: 64, flushMicros: 50 });
  await cop.start();
  const buf = cop.pool.alloc();
  const run = (ms: number): number => {
    completed = 0;
    failed = 0;
    let submitted = 0;
    let iter = 0;
    const t0 = performance.now();
    const end = t0 + ms;
    for (;;) {
      while (cop.submitOp(c.op, submitted & 0xffff, buf, 0, PACKET, c.arg)) submitted++;
      cop.poll(onResult);
      if ((++iter & 63) === 0) {
        const now = performance.now();
        cop.tick(now * 1000);
        if (now >= end) break;
      }
    }
    const elapsed = performance.now() - t0;
    return (completed * 1000) / elapsed;
  };
  run(Math.min(200, seconds * 250)); // warm-up (JIT, worker spin state)
  const rate = best(() => run(seconds * 1000));
  await cop.drain(onResult);
  if (failed !== 0 || cop.inflight !== 0) throw new Error(`${c.name}: ${failed} failed, ${cop.inflight} in flight`);
  await cop.close();
  return rate;
}

async function syncOffload(op: number, arg: number): Promise<number> {
  const cop = new Coprocessor({ burstSize: 1, capacity: 64, poolBuffers: 8 });
  await cop.start();
  const buf = cop.pool.alloc();
  const task: CoTask = { op, handle: 0, buf, offset: 0, length: PACKET, args: [arg] };
  const run = (ms: number): number => {
    let n = 0;
    const t0 = performance.now();
    const end = t0 + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 64; i++) {
        if (cop.offloadSync(task, onResult) !== Status.Ok) throw new Error('offloadSync failed');
        n++;
      }
    }
    return (n * 1000) / (performance.now() - t0);
  };
  run(100);
  const rate = best(() => run(seconds * 1000));
  await cop.close();
  return rate;
}

async function inline(op: number, arg: number): Promise<number> {
  const cop = new Coprocessor({ poolBuffers: 8 });
  await cop.start();
  const buf = cop.pool.alloc();
  const task: CoTask = { op, handle: 0, buf, offset: 0, length: PACKET, args: [arg] };
  const run = (ms: number): number => {
    let n = 0;
    const t0 = performance.now();
    const end = t0 + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 256; i++) cop.runInline(task);
      n += 256;
    }
    return (n * 1000) / (performance.now() - t0);
  };
  run(100);
  const rate = best(() => run(seconds * 1000));
  await cop.close();
  return rate;
}

interface HelpCase {
  /** One packet in `every` has a task. */
  every: number;
  /** Nominal cycles the main loop spends on every packet. */
  packetCycles: number;
  /** Nominal cycles of a task. */
  taskCycles: number;
}

async function helpShare(c: HelpCase): Promise<{ inline: number; offload: number; helped: number }> {
  const cop = new Coprocessor({ burstSize: 32, capacity: 1024, poolBuffers: 8 });
  await cop.start();
  const buf = cop.pool.alloc();
  const packetIterations = Math.round(c.packetCycles * calibrateBurn().iterationsPerCycle);
  const task: CoTask = { op: BuiltinOp.Burn, handle: 0, buf, offset: 0, length: PACKET, args: [c.taskCycles] };
  let helped = 0;
  const run = (ms: number, offload: boolean): number => {
    let packets = 0;
    const t0 = performance.now();
    const end = t0 + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 256; i++, packets++) {
        burnIterations(packetIterations);
        if (packets % c.every !== 0) continue;
        if (!offload || cop.behind) {
          cop.runInline(task);
          if (offload) helped++;
        } else if (!cop.submitOp(BuiltinOp.Burn, 0, buf, 0, PACKET, c.taskCycles)) throw new Error('submit refused while not behind');
      }
      if (cop.needsTick) cop.tick(nowMicros());
      cop.poll(onResult);
    }
    return (packets * 1000) / (performance.now() - t0);
  };
  run(100, false);
  run(100, true);
  let inline = 0;
  let offload = 0;
  helped = 0;
  const submitted0 = cop.stats.submitted;
  for (let i = 0; i < REPEATS; i++) {
    inline = Math.max(inline, run(seconds * 1000, false));
    offload = Math.max(offload, run(seconds * 1000, true));
  }
  const offloaded = cop.stats.submitted - submitted0;
  await cop.drain(onResult);
  await cop.close();
  return { inline, offload, helped: helped / Math.max(1, helped + offloaded) };
}

/** Best of `REPEATS` runs: the machine may be shared, the best run is the least disturbed. */
const REPEATS = 3;
function best(run: () => number): number {
  let top = 0;
  for (let i = 0; i < REPEATS; i++) top = Math.max(top, run());
  return top;
}

function fmt(rate: number): string {
  return `${(rate / 1e6).toFixed(3).padStart(8)} M tasks/s`;
}

async function main(): Promise<void> {
  console.log(`co-processor round trips, ${PACKET}-byte tasks, best of ${REPEATS} × ${seconds} s per case, ring capacity 1024`);
  const cases: Case[] = [
    { name: 'echo      burst 1', op: BuiltinOp.Echo, arg: 0, burstSize: 1 },
    { name: 'echo      burst 8', op: BuiltinOp.Echo, arg: 0, burstSize: 8 },
    { name: 'echo      burst 32', op: BuiltinOp.Echo, arg: 0, burstSize: 32 },
    { name: 'echo      burst 64', op: BuiltinOp.Echo, arg: 0, burstSize: 64 },
    { name: 'burn(1000) burst 32', op: BuiltinOp.Burn, arg: 1000, burstSize: 32 },
  ];
  for (const c of cases) console.log(`  rings   ${c.name.padEnd(22)}${fmt(await roundTrip(c))}`);
  console.log(`  sync    ${'echo (offloadSync)'.padEnd(22)}${fmt(await syncOffload(BuiltinOp.Echo, 0))}`);
  console.log(`  sync    ${'burn(1000) (offloadSync)'.padEnd(22)}${fmt(await syncOffload(BuiltinOp.Burn, 1000))}`);
  console.log(`  inline  ${'echo'.padEnd(22)}${fmt(await inline(BuiltinOp.Echo, 0))}`);
  console.log(`  inline  ${'burn(1000)'.padEnd(22)}${fmt(await inline(BuiltinOp.Burn, 1000))}`);
  const helpCases: HelpCase[] = [
    { every: 10, packetCycles: 135, taskCycles: 2300 },
    { every: 50, packetCycles: 135, taskCycles: 2300 },
  ];
  for (const h of helpCases) {
    const r = await helpShare(h);
    const what = `1 task / ${h.every} packets, packet burn(${h.packetCycles}), task burn(${h.taskCycles})`;
    console.log(
      `  help    ${what}: inline ${(r.inline / 1e6).toFixed(2)} M packets/s (1 core), offload ${(r.offload / 1e6).toFixed(2)} M packets/s (2 cores): ${(r.offload / r.inline).toFixed(2)}x, main thread ran ${(100 * r.helped).toFixed(0)} % of the tasks`,
    );
  }
  console.log(`  (burn cycles are nominal 3 GHz cycles: burn(1000) ≈ 0.33 µs, ceiling ${fmt(3e6)})`);
}

await main();
