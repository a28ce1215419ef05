/**
 * A compiled program with p4ts extern sites on a switch, in one of the execution variants the
 * paper compares, ready to be measured:
 *
 * | variant | mode | where extern work runs |
 * | --- | --- | --- |
 * | `sync-inline` | sync | at the call, on the main thread |
 * | `sync-offload` | sync | on the worker co-processor while the main thread waits (the paper's non-async mode) |
 * | `context` | context | on the worker; the packet's generator is suspended meanwhile |
 * | `longjump` | longjump | on the worker; the packet is parked with its live locals and re-entered at the site |
 *
 * Every variant's switch takes its descriptor buffers from the co-processor's shared packet pool,
 * so tasks point at packet bytes instead of copying them. Used by `npm run bench` and `p4ts demo`.
 */
import type { ExecutionMode } from '../../contract/execution-mode.ts';
import { PacketPool } from '../coprocessor/index.ts';
import { CoprocessorExecutor, type SecurityStore } from '../p4ts/index.ts';
import { OutputOrder, type OrderKey } from '../io/order/index.ts';
import { InlineExecutor, V1Switch, type ControlPlaneRegistry, type V1Program } from '../v1model/index.ts';

export type AsyncVariantName = 'sync-inline' | 'sync-offload' | 'context' | 'longjump';

export const ASYNC_VARIANTS: readonly AsyncVariantName[] = ['sync-inline', 'sync-offload', 'context', 'longjump'];

export const MODE_OF: Record<AsyncVariantName, ExecutionMode> = {
  'sync-inline': 'sync',
  'sync-offload': 'sync',
  context: 'context',
  longjump: 'longjump',
};

const MAX_FRAME = 2048;
const HEADROOM = 256;
const BUFFER = MAX_FRAME + 2 * HEADROOM;
const DESCRIPTORS = 1024;
/** Packets allowed inside the switch at once while streaming (below the descriptor pool). */
const IN_FLIGHT = 512;

export interface AsyncPipeline {
  readonly label: string;
  /** Streams one batch of packets through the switch; returns how many left it meanwhile. */
  batch(): number;
  readonly sw: V1Switch<unknown>;
  readonly executor: CoprocessorExecutor | undefined;
  transmitted(): number;
  /**
   * Running totals: `helped` (extern tasks the main thread ran itself because the co-processor
   * was behind, `Coprocessor.behind`), `offloaded` (tasks the co-processor took), `parks`
   * (packets parked on a task), `inlineFallbacks` (tasks run inline because the executor refused
   * them).
   */
  counters(): { helped: number; offloaded: number; parks: number; inlineFallbacks: number };
  close(): void;
}

export interface PipelineOptions {
  /** A fresh instance of the compiled program, in the mode the variant needs (`MODE_OF`). */
  readonly createProgram: () => V1Program<unknown>;
  readonly variant: AsyncVariantName;
  /** Tasks per co-processor burst (the paper's burstSize). */
  readonly burst: number;
  /** Packets injected per measured batch. */
  readonly batch: number;
  /** Installs table entries, SAs and keys on a fresh program instance. */
  readonly configure: (objects: ControlPlaneRegistry) => void;
  /** Frames injected, cycling. */
  readonly frames: readonly Uint8Array[];
  readonly label?: string;
  /** Keep each flow (or ingress port) in arrival order through an `OutputOrder` stage. */
  readonly order?: OrderKey;
}

export async function asyncPipeline(o: PipelineOptions): Promise<AsyncPipeline> {
  const program = o.createProgram();
  o.configure(program.objects);
  const pool = PacketPool.create(DESCRIPTORS + 8, BUFFER);
  let executor: CoprocessorExecutor | undefined;
  if (o.variant !== 'sync-inline') {
    const entry = program.objects.lookup('p4ts.security');
    if (entry === undefined) throw new Error(`${program.name} uses no p4ts extern`);
    executor = new CoprocessorExecutor(entry.object as SecurityStore, pool, { burstSize: o.burst, capacity: DESCRIPTORS });
    await executor.start();
  }
  let tx = 0;
  const order = o.order !== undefined ? new OutputOrder({ key: o.order, emit: () => void tx++ }) : null;
  const sw = new V1Switch(program, {
    maxFrameSize: MAX_FRAME,
    headroom: HEADROOM,
    maxDescriptors: DESCRIPTORS,
    allocateBuffer: () => pool.bytes(pool.alloc()),
    ...(order !== null
      ? { onOutputRaw: order.output, onDrop: order.drop }
      : {
          onOutputRaw: () => {
            tx++;
          },
        }),
    ...(o.variant === 'sync-offload' ? { syncExecutor: executor } : {}),
    ...(o.variant === 'context' || o.variant === 'longjump' ? { executor } : {}),
    ...(o.variant === 'sync-inline' ? { executor: new InlineExecutor({ burstSize: o.burst }) } : {}),
  });
  const frames = o.frames;
  const stats = sw.stats;
  const dropped0 = stats.dropped;
  let next = 0;
  return {
    label: o.label ?? o.variant,
    sw,
    executor,
    transmitted: () => tx,
    counters: () => ({
      helped: executor?.helped ?? 0,
      offloaded: executor?.coprocessor.stats.submitted ?? 0,
      parks: stats.parks,
      inlineFallbacks: stats.inlineFallbacks,
    }),
    /**
     * Streams packets: injects while fewer than `IN_FLIGHT` are inside the switch (parked ones
     * included) and lets the switch work in between, like a NIC feeding a busy data plane;
     * returns the packets that left the switch meanwhile. With nothing to do but wait for the
     * co-processor, the thread sleeps until a result is back (no CPU time spent waiting).
     */
    batch(): number {
      const before = tx + stats.dropped;
      for (let i = 0; i < o.batch; i++) {
        while (sw.inFlight >= IN_FLIGHT) {
          if (sw.pump(64) === 0) executor?.waitForResult();
        }
        const frame = frames[next]!;
        if (order === null) sw.receive(1, frame);
        else {
          let ticket: number;
          while ((ticket = order.admit(1, frame, 0, frame.length)) < 0) {
            if (sw.pump(64) === 0) executor?.waitForResult();
          }
          sw.receive(1, frame, frame.length, ticket);
        }
        next = next + 1 === frames.length ? 0 : next + 1;
      }
      // Finish what the batch left queued (resumed packets, and the new ones queued behind them),
      // as the hand-written gateway's service() does: with one budget per batch the switch never
      // caught up once a result had come back, so every later packet took the queued path
      // instead of receive's direct one.
      while (sw.pump(o.batch) >= o.batch) {
        // more queued work than one budget
      }
      if (stats.dropped > dropped0) throw new Error(`${o.label ?? o.variant}: ${stats.dropped - dropped0} packets dropped (${JSON.stringify([...stats.dropsByReason])})`);
      return tx + stats.dropped - before;
    },
    close(): void {
      executor?.close();
    },
  };
}

/** A 60-byte Ethernet/IPv4/UDP frame (64 on the wire) to 192.168.2.`flow`. */
export function ipv4Frame(flow: number): Uint8Array {
  const f = new Uint8Array(60);
  f.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]);
  const ip = [0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 192, 168, 1, 10, 192, 168, 2, flow & 0xff];
  f.set(ip, 14);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (ip[i]! << 8) | ip[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const checksum = ~sum & 0xffff;
  f[24] = checksum >>> 8;
  f[25] = checksum & 0xff;
  f.set([0x27, 0x10, 0x13, 0x89, 0, 26, 0, 0], 34); // UDP 10000 -> 5001
  for (let i = 42; i < 60; i++) f[i] = i;
  return f;
}

/** Frames whose flows cycle over 0..99, so a share S of traffic is flows 0 .. 100·S − 1. */
export function flowFrames(): Uint8Array[] {
  return Array.from({ length: 100 }, (_, i) => ipv4Frame(i));
}
