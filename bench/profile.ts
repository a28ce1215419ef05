/**
 * Runs one benchmark variant alone for a while, for profilers:
 *
 *   npx tsx --cpu-prof --cpu-prof-dir /tmp/prof bench/profile.ts [--variant l2fwd-sync] [--seconds 5] [--burst 32]
 *   node --import tsx --prof bench/profile.ts ...     (then node --prof-process isolate-*.log)
 *   npx tsx --trace-gc bench/profile.ts ...           (steady state should print no GC lines after warm-up)
 *
 *   npx tsx bench/profile.ts --alloc                  (where the steady state allocates: sampled
 *                                                      allocations, including short-lived ones)
 *
 * Variants (harness/variant-name.ts): l2fwd-sync, l2fwd-sync-stages (no straight path),
 * l2fwd-context, l2fwd-longjump, l2fwd-handwritten, l2fwd-map-loop; ipsec-VARIANT-PCT and
 * ipsec-hand-VARIANT-PCT (examples/ipsec-esp compiled or written by hand, VARIANT sync-inline,
 * sync-offload, context or longjump, PCT the share of ESP traffic: ipsec-longjump-10). The CPU time printed is the whole process's (a
 * co-processor worker included); `main thread` is this thread's alone.
 */
import { Session } from 'node:inspector/promises';
import { getHeapStatistics } from 'node:v8';
import type { Variant } from './harness/measure.ts';
import { compileFile } from '../compiler/compile.ts';
import { MODE_OF } from '../runtime/testing/async-pipeline.ts';
import { threadCpuSeconds } from '../runtime/testing/thread-cpu.ts';
import { createIpsecVariant } from './scenarios/ipsec-variant.ts';
import { createL2fwdVariant } from './scenarios/l2fwd.ts';
import { arg } from './harness/args.ts';
import { parseVariantName, VARIANT_NAME_FORMS, VariantNameError, type BenchVariant } from './harness/variant-name.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`usage: npx tsx bench/profile.ts [--variant NAME] [--seconds 5] [--burst 32] [--alloc]\n  NAME: ${VARIANT_NAME_FORMS}`);
  process.exit(0);
}
const name = arg('--variant', 'l2fwd-sync');
let chosen: BenchVariant;
try {
  chosen = parseVariantName(name);
} catch (e) {
  if (!(e instanceof VariantNameError)) throw e;
  console.error(`profile: --variant ${e.message}`);
  process.exit(1);
}
const seconds = Number(arg('--seconds', '5'));
const burst = Number(arg('--burst', '32'));

async function prepare(v: BenchVariant): Promise<Variant> {
  if (v.scenario === 'l2fwd') return createL2fwdVariant({ variant: v.kind, burst });
  const handwritten = v.implementation === 'handwritten';
  const program = new URL('../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;
  return createIpsecVariant({
    implementation: v.implementation,
    variant: v.variant,
    share: v.percent / 100,
    burst,
    label: name,
    ...(handwritten ? {} : { code: compileFile(program, { mode: MODE_OF[v.variant] }).code! }),
  });
}

const v = await prepare(chosen);
// warm-up, then report heap growth and rate over the measured part
for (let t0 = performance.now(); performance.now() - t0 < 500; ) for (let i = 0; i < 100; i++) v.batch();
console.error(`--- ${name}: warm-up done, measuring ${seconds}s ---`);
// Bytes allocated per packet: growth of the heap over short stretches without a collection.
{
  let grown = 0;
  let counted = 0;
  for (let k = 0; k < 200; k++) {
    const before = getHeapStatistics().used_heap_size;
    let n = 0;
    for (let i = 0; i < 20; i++) n += v.batch();
    const after = getHeapStatistics().used_heap_size;
    if (after >= before) {
      grown += after - before;
      counted += n;
    }
  }
  console.log(`${name}: about ${(grown / Math.max(1, counted)).toFixed(2)} bytes allocated per packet`);
}
const allocSession = process.argv.includes('--alloc') ? await startAllocationSampling() : null;
const h0 = getHeapStatistics();
const c0 = process.cpuUsage();
const m0 = threadCpuSeconds();
const t0 = performance.now();
let packets = 0;
while (performance.now() - t0 < seconds * 1000) for (let i = 0; i < 100; i++) packets += v.batch();
const dt = (performance.now() - t0) / 1000;
const h1 = getHeapStatistics();
if (allocSession !== null) await reportAllocations(allocSession);
const c1 = process.cpuUsage(c0);
const mainCpu = threadCpuSeconds() - m0;
const cpu = (c1.user + c1.system) / 1e6;
console.log(`${name}: ${(packets / dt / 1e6).toFixed(2)} Mpps wall, ${(packets / cpu / 1e6).toFixed(2)} Mpps cpu over ${dt.toFixed(1)}s; heap used ${(h0.used_heap_size / 1e6).toFixed(1)} → ${(h1.used_heap_size / 1e6).toFixed(1)} MB; main thread ${((mainCpu * 1e9) / packets).toFixed(0)} ns/pkt`);

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

async function startAllocationSampling(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  return session;
}

/** Prints the call paths that allocated the most during the measurement. */
async function reportAllocations(session: Session): Promise<void> {
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  session.disconnect();
  const bySite = new Map<string, number>();
  const walk = (n: SamplingNode, path: string[]): void => {
    const f = n.callFrame;
    const here = [...path, `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`];
    if (n.selfSize > 0) {
      const key = here.slice(-3).join(' <- ');
      bySite.set(key, (bySite.get(key) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, here);
  };
  walk(profile.head, []);
  console.log('sampled allocations during the measurement (bytes, innermost frame first):');
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${String(bytes).padStart(12)}  ${site}`);
}

v.close?.();
