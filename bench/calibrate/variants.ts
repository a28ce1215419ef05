/**
 * The calibration's measured variants, built the way `npm run bench` builds its own:
 *
 * - run to completion (`rtcVariant`): the switch of `bench/scenarios/l2fwd.ts` — frames lent with
 *   `injectBuffer`, `runUntilIdle` per batch — in an isolated worker thread;
 * - streaming (`streamVariant`): `runtime/testing/async-pipeline.ts`, the harness of the extern
 *   scenarios, in one of its four variants;
 * - kernels (`kernelVariant`): one p4ts operation run directly on a payload, as the co-processor runs it.
 *
 * Options cross to a worker thread, so they are plain data (the generated code as text).
 */
import { PayloadOp } from '../../contract/p4ts-operations.ts';
import { calibrateBurn } from '../../runtime/coprocessor/registry.ts';
import { RuntimeTable } from '../../runtime/control/index.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { runPayloadOp, SecurityStore } from '../../runtime/p4ts/index.ts';
import { asyncPipeline, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import type { ControlPlaneRegistry } from '../../runtime/v1model/index.ts';
import { asV1Program } from '../../runtime/switch/index.ts';
import { V1Switch } from '../../runtime/v1model/index.ts';
import { GATEWAY_SA } from '../../examples/ipsec-esp/control-plane.ts';
import type { Variant } from '../harness/measure.ts';
import { EXTERN_ETHERTYPE, PLAIN_ETHERTYPE, ipv4Payload, syntheticFrames, type TableKind } from './programs.ts';

/** Entries every synthetic table is hit with (frames' `a` is 02:00:00:00:hh:ll, hh:ll < 256). */
function configureTables(objects: ControlPlaneRegistry, kind: TableKind | undefined, count: number): void {
  for (let t = 0; t < (kind === undefined ? 0 : count); t++) configureTable(objects, kind!, `t${t}`);
}

function configureTable(objects: ControlPlaneRegistry, kind: TableKind, name: string): void {
  const table = objects.get(name, 'table');
  if (!(table instanceof RuntimeTable)) throw new Error(`the synthetic program has no table ${name}`);
  switch (kind) {
    case 'exact':
      for (let i = 0; i < 256; i++) table.insert([{ kind: 'exact', value: 0x020000000000n + BigInt(i) }], 'fwd', [2]);
      break;
    case 'lpm':
      for (let i = 0; i < 64; i++) table.insert([{ kind: 'lpm', value: BigInt(i << 8), prefixLength: 24 }], 'fwd', [2]);
      table.insert([{ kind: 'lpm', value: 0n, prefixLength: 8 }], 'fwd', [2]);
      break;
    case 'ternary':
      table.insert([{ kind: 'ternary', value: 0n, mask: 0n }, { kind: 'ternary', value: 0n, mask: 0n }], 'fwd', [2], 1);
      table.insert([{ kind: 'ternary', value: 0xffffn, mask: 0xffffn }, { kind: 'ternary', value: 0n, mask: 0n }], 'fwd', [3], 10);
      break;
    case 'range':
      table.insert([{ kind: 'exact', value: 1n }, { kind: 'range', low: 0n, high: 127n }], 'fwd', [2], 10);
      table.insert([{ kind: 'exact', value: 1n }, { kind: 'range', low: 0n, high: 255n }], 'fwd', [2], 1);
      break;
  }
}

export interface ProgramVariantOptions {
  /** Generated module of a synthetic program. */
  readonly code: string;
  readonly name: string;
  readonly table?: TableKind;
  readonly tables?: number;
  /** Share of frames that take the extern path (0 or 1). */
  readonly share: number;
  readonly burst: number;
}

/** Run to completion, as the l2fwd scenario runs its compiled program. */
export async function rtcVariant(o: ProgramVariantOptions): Promise<Variant> {
  const mod = await loadProgramModule(o.code, undefined, { name: `calibrate-${o.name}` });
  const program = asV1Program(mod.createProgram(), 'the calibration');
  configureTables(program.objects, o.table, o.tables ?? 1);
  let tx = 0;
  const sw = new V1Switch(program, { initialDescriptors: Math.max(64, o.burst), errorPolicy: 'throw', onOutputRaw: () => void tx++ });
  const lent = syntheticFrames(o.share > 0 ? EXTERN_ETHERTYPE : PLAIN_ETHERTYPE).map((f) => {
    const b = sw.createFrameBuffer();
    b.set(f, sw.frameOffset);
    return b;
  });
  const mask = lent.length - 1;
  let next = 0;
  // The frame entry bench/scenarios/l2fwd.ts uses: `receiveBuffer` (runs a frame at once when nothing
  // waits in the switch) where the switch has it, `injectBuffer` (queues it for runUntilIdle) before.
  const direct = sw as unknown as { receiveBuffer?: (port: number, buffer: Uint8Array, length: number) => boolean };
  const receives = typeof direct.receiveBuffer === 'function';
  return {
    label: o.name,
    batch(): number {
      const before = tx;
      for (let i = 0; i < o.burst; i++) {
        if (receives) direct.receiveBuffer!(1, lent[next]!, 60);
        else sw.injectBuffer(1, lent[next]!, 60);
        next = (next + 1) & mask;
      }
      sw.runUntilIdle();
      if (tx - before !== o.burst) throw new Error(`${o.name}: ${o.burst - (tx - before)} of ${o.burst} frames not transmitted`);
      return o.burst;
    },
  };
}

export interface StreamVariantOptions extends ProgramVariantOptions {
  readonly variant: AsyncVariantName;
  /** The extern frames carry a 46-byte IPv4 packet (a program with an ESP or AES site). */
  readonly ipv4?: boolean;
}

/** The key and SA the ESP and AES sites use (index 0 of the program's p4ts security store). */
function configureSecurity(objects: ControlPlaneRegistry): void {
  const entry = objects.lookup('p4ts.security');
  if (entry === undefined) return;
  const store = entry.object as SecurityStore;
  store.setSa(0, GATEWAY_SA);
  store.setKey(0, { aesKey: CALIBRATION_AES_KEY });
}

const CALIBRATION_AES_KEY = '2b7e151628aed2a6abf7158809cf4f3c';

/** The streaming harness of the extern scenarios, in one variant. */
export async function streamVariant(o: StreamVariantOptions): Promise<Variant & { close(): void }> {
  const mod = await loadProgramModule(o.code, undefined, { name: `calibrate-${o.name}-${o.variant}` });
  const pipeline = await asyncPipeline({
    createProgram: () => asV1Program(mod.createProgram(), 'the calibration'),
    variant: o.variant,
    burst: o.burst,
    batch: 256,
    configure: (objects) => {
      configureTables(objects, o.table, o.tables ?? 1);
      configureSecurity(objects);
    },
    frames: syntheticFrames(o.share > 0 ? EXTERN_ETHERTYPE : PLAIN_ETHERTYPE, 256, { ipv4: o.ipv4 === true }),
    label: `${o.name} ${o.variant}`,
  });
  return { label: pipeline.label, batch: () => pipeline.batch(), counters: () => pipeline.counters(), close: () => pipeline.close() };
}

export type KernelName = 'esp-46' | 'esp-142' | 'esp-238' | 'aes-46' | 'aes-142' | 'burn-0' | 'burn-3000';

/**
 * One p4ts operation, run `batch` times per batch, on the 46-byte IPv4 packet of a 60-byte frame
 * (the examples' frames) or on a bigger one (142, 238 bytes: to tell per-block from fixed costs).
 */
export function kernelVariant(o: { readonly kernel: KernelName; readonly batch?: number }): Variant {
  const store = new SecurityStore();
  store.setSa(0, GATEWAY_SA);
  store.setKey(0, { aesKey: CALIBRATION_AES_KEY });
  const payload = ipv4Payload(o.kernel.startsWith('burn') ? 46 : Number(o.kernel.slice(4)));
  const buf = new Uint8Array(512);
  const start = 64;
  const n = o.batch ?? 256;
  const burn = calibrateBurn();
  let seq = 1;
  const esp = o.kernel.startsWith('esp');
  const op = esp ? PayloadOp.EspEncapsulate : o.kernel.startsWith('aes') ? PayloadOp.AesEncrypt : PayloadOp.Burn;
  const a0 = o.kernel === 'burn-3000' ? 3000 : 0;
  return {
    label: o.kernel,
    batch(): number {
      for (let i = 0; i < n; i++) {
        buf.set(payload, start);
        const end = runPayloadOp(op, store, buf, start, start + payload.length, buf.length, a0, esp ? seq : 0, seq - 1, burn.iterationsPerCycle);
        if (end < 0) throw new Error(`${o.kernel} failed (${end})`);
        seq++;
      }
      return n;
    },
  };
}
