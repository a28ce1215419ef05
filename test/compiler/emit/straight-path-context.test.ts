/**
 * Context mode's straight path (compiler/emit/straight-path-context.ts): a plain function where a
 * packet that reaches an extern site becomes the site's continuation (a closure holding its
 * state) that the switch calls when the task is done. A switch running it must forward, drop and
 * count exactly as the same switch driving the stage generators (`straightPath: false`), in the
 * same order (and so must longjump mode's straight path, which runs a declined task at its site
 * the same way and otherwise parks the packet) —
 * for random frames through examples/ipsec-esp (encapsulated, forwarded, dropped, failing
 * decapsulation, not IPv4, truncated), packets overlapping (the switch pumped between arrivals),
 * and a co-processor that answers a random subset of its tasks in random order at each poll and
 * refuses tasks when full (run inline then, or held back) or declines them when behind (run at
 * once then).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { configureGateway } from '../../../examples/ipsec-esp/control-plane.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import type { ExternExecutor, ExternTask } from '../../../runtime/tasks/executor.ts';
import type { Counter } from '../../../runtime/v1model/externs/counter.ts';
import { StraightStatus, V1Switch, type StraightPath, type V1Program } from '../../../runtime/v1model/index.ts';
import { loadP4 } from '../../examples/harness.ts';

const IPSEC = new URL('../../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;

/**
 * A co-processor with a seeded mind of its own: each poll completes a random number of its
 * pending tasks, picked at random (so results come back in bursts and out of order), running
 * each then; it holds at most `capacity` tasks and refuses more, and with more than `helpAbove`
 * pending it is behind: it declines tasks (the switch runs them itself; -1 declines every task,
 * which only a switch with its inline fallback survives).
 */
class ShufflingExecutor implements ExternExecutor {
  private readonly pending: ExternTask[] = [];
  private seed: number;
  declined = 0;

  constructor(
    seed: number,
    private readonly capacity: number,
    private readonly helpAbove = Infinity,
  ) {
    this.seed = seed >>> 0 || 1;
  }

  declines(): boolean {
    if (this.pending.length <= this.helpAbove) return false;
    this.declined++;
    return true;
  }

  private random(n: number): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    return (this.seed >>> 8) % n;
  }

  submit(task: ExternTask): boolean {
    if (this.declines() || this.pending.length >= this.capacity) return false;
    this.pending.push(task);
    return true;
  }

  flush(): void {}

  poll(cb: (task: ExternTask) => void): number {
    const n = this.random(this.pending.length + 1);
    for (let i = 0; i < n; i++) {
      const task = this.pending.splice(this.random(this.pending.length), 1)[0]!;
      try {
        task.runInline();
      } catch {
        task.failure = 'coprocessor-op-error';
      }
      cb(task);
    }
    return n;
  }
}

/** The gateway's policy of `configureGateway(share 20 %)` plus flows 200-219 decapsulated (not ESP: they fail) and 250-255 dropped. */
function configure(program: V1Program<unknown>): void {
  configureGateway(program.objects, 0.2);
  const table = program.objects.get('esp_policy', 'table') as RuntimeTable;
  const any = { kind: 'ternary', value: 0n, mask: 0n } as const;
  table.insert([any, any, { kind: 'range', low: 200n, high: 219n }], 'GatewayIngress.decapsulate', [3], 20);
  table.insert([any, any, { kind: 'range', low: 250n, high: 255n }], 'GatewayIngress.drop', [], 30);
}

const frameArb = fc.record({
  port: fc.integer({ min: 0, max: 3 }),
  etherType: fc.constantFrom(0x0800, 0x0800, 0x0800, 0x0800, 0x86dd),
  flow: fc.oneof(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 255 })),
  payload: fc.uint8Array({ maxLength: 48 }),
  /** Cut the frame to this many bytes, or keep it whole. */
  cut: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 8, nil: undefined }),
  /** Work items the switch runs after this arrival (0: the next one arrives at once). */
  pump: fc.constantFrom(0, 0, 1, 3, 64),
});

type FrameSpec = typeof frameArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(f: FrameSpec): Uint8Array {
  const b = new Uint8Array(34 + f.payload.length);
  b.set([0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x09, f.etherType >>> 8, f.etherType & 0xff]);
  const length = 20 + f.payload.length;
  b.set([0x45, 0, length >>> 8, length & 0xff, 0, 1, 0, 0, 64, 17, 0, 0, 10, 1, 0, 1, 10, 2, 0, f.flow], 14);
  b.set(f.payload, 34);
  return f.cut === undefined ? b : b.subarray(0, Math.min(f.cut, b.length));
}

interface RunOptions {
  readonly straightPath: boolean;
  readonly burst: number;
  readonly seed: number;
  readonly capacity: number;
  readonly inlineFallback: boolean;
  /** The executor is behind (declines tasks) with more than this many pending. */
  readonly helpAbove?: number;
}

/** Everything the switch did with `frames`: outputs in order, drop reasons, counters. */
function run(program: V1Program<unknown>, o: RunOptions, frames: readonly FrameSpec[]): unknown {
  configure(program);
  const out: string[] = [];
  const drops: string[] = [];
  const executor = new ShufflingExecutor(o.seed, o.capacity, o.helpAbove);
  const sw = new V1Switch(program, {
    straightPath: o.straightPath,
    burst: o.burst,
    executor,
    inlineFallback: o.inlineFallback,
    onOutput: (port, bytes) => out.push(`${port}:${Buffer.from(bytes).toString('hex')}`),
    onDrop: (reason) => drops.push(reason),
  });
  for (const f of frames) {
    sw.inject(f.port, frameOf(f));
    if (f.pump > 0) sw.pump(f.pump);
  }
  sw.runUntilIdle();
  const s = sw.stats;
  const hits = program.objects.get('policy_hits', 'counter') as Counter;
  return {
    out,
    drops,
    transmitted: s.transmitted,
    dropped: s.dropped,
    parks: s.parks,
    inlineFallbacks: s.inlineFallbacks,
    declined: executor.declined,
    txByPort: [...s.txByPort.slice(0, 4)],
    policyHits: [0, 1, 2].map((i) => hits.readPackets(i)),
  };
}

describe('straight path in context mode', () => {
  it('runs the task at a site at once when the executor is behind and goes on in the site\'s rest, or suspends the packet with its task as the site\'s continuation, which goes on in the same rest (commented with its P4 line)', () => {
    const code = compileFile(IPSEC, { mode: 'context' }).code ?? '';
    const straight = code.slice(code.indexOf('\n  function straightPath('));
    expect(straight).toContain('function straightPath(sw: StraightPathServices<State>, $data: Uint8Array, $start: number, $length: number, $ingressPort: number, fuse: boolean): number {');
    for (const site of [1, 2]) {
      // in the straight path: the task run here, or the packet's state into the continuation
      expect(straight).toMatch(
        new RegExp(
          `// ── extern site ${site}: [^\\n]*\\n[^\\n]*prepare\\(d, ${site}, [^\\n]*\\n\\s*d\\.cursor = \\$cursor;\\n\\s*d\\.end = \\$end;\\n[^\\n]*\\n` +
            `\\s*if \\(sw\\.runHere\\(d, d\\.state\\.\\$p4ts\\)\\) return straightPath_site${site}_rest\\(d, sw, fuse, \\$cursor, port[_0-9]*, [^\\n]*\\);\\n` +
            `\\s*d\\.stage = Stage\\.INGRESS;\\n[^\\n]*\\n\\s*d\\.task = d\\.state\\.\\$p4ts;\\n\\s*d\\.continuation = straightPath_site${site}\\(d, sw, \\$cursor, port[_0-9]*, [^\\n]*\\);\\n\\s*return StraightStatus\\.SUSPENDED;`,
        ),
      );
      // the rest: a plain function taking the payload's end from the descriptor (the task moved it)
      expect(straight).toMatch(new RegExp(`function straightPath_site${site}_rest\\(d: PacketDescriptor<State>, sw: StraightPathServices<State>, fuse: boolean, \\$cursor: number, [^\\n]*\\): number \\{\\n(\\s*const [^\\n]*\\n)?\\s*let \\$end = d\\.end;\\n`));
      // the continuation: a closure over the packet's state, called with the resumed run's fuse, going on in the rest
      expect(straight).toMatch(
        new RegExp(
          `function straightPath_site${site}\\(d: PacketDescriptor<State>, sw: StraightPathServices<State>, \\$cursor: number, [^\\n]*\\): StraightContinuation \\{\\n` +
            `\\s*// ── resumed at site ${site} \\(ipsec-esp\\.p4:\\d+\\) ──\\n\\s*return \\(fuse\\) => straightPath_site${site}_rest\\(d, sw, fuse, \\$cursor, [^\\n]*\\);\\n\\s*\\}`,
        ),
      );
    }
    // no parking: the continuation holds the locals
    expect(straight).not.toContain('d.locals');
    expect(straight).not.toContain('PARKED');
  });

  it('is run by the switch: packets that wait are continued where they stopped, the others never leave the plain function', async () => {
    const create = await loadP4(IPSEC, 'context');
    const statuses: number[] = [];
    const counted = (): V1Program<unknown> => {
      const program = create();
      const plain = program.straightPath!;
      return {
        ...program,
        straightPath: ((sw, data, start, length, port, fuse) => {
          const status = plain(sw, data, start, length, port, fuse);
          statuses.push(status);
          return status;
        }) as StraightPath<unknown>,
      };
    };
    const frames: FrameSpec[] = Array.from({ length: 40 }, (_, i) => ({ port: 1, etherType: 0x0800, flow: i, payload: new Uint8Array(20), cut: undefined, pump: ([0, 1, 3, 64] as const)[i % 4]! }));
    const r = run(counted(), { straightPath: true, burst: 8, seed: 7, capacity: 1024, inlineFallback: true }, frames) as { transmitted: number; parks: number };
    // flows 0-19 encapsulated (they wait), 20-39 forwarded
    expect(statuses.filter((s) => s === StraightStatus.SUSPENDED)).toHaveLength(20);
    expect(statuses).toHaveLength(40);
    expect(r.transmitted).toBe(40);
    expect(r.parks).toBe(20);
    // an executor behind from the start declines every task: run at once, no packet waits; a task
    // that fails (flows 200-201 decapsulated: not ESP) drops its packet with the task's reason
    statuses.length = 0;
    const failing: FrameSpec[] = [200, 201].map((flow) => ({ ...frames[0]!, flow }));
    const behind = run(counted(), { straightPath: true, burst: 8, seed: 7, capacity: 1024, inlineFallback: true, helpAbove: -1 }, [...frames, ...failing]) as {
      transmitted: number;
      parks: number;
      inlineFallbacks: number;
      declined: number;
      drops: string[];
    };
    expect(statuses.filter((s) => s === StraightStatus.SUSPENDED)).toHaveLength(0);
    expect(behind).toMatchObject({ transmitted: 40, parks: 0, inlineFallbacks: 22, declined: 22, drops: ['esp-not-esp', 'esp-not-esp'] });
  });

  it.each(['context', 'longjump'] as const)('ipsec-esp %s: the same outputs (in order), drops and counters as the stage functions, whatever the co-processor does', async (mode) => {
    const create = await loadP4(IPSEC, mode);
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArb, { minLength: 1, maxLength: 40 }),
        fc.record({
          burst: fc.constantFrom(1, 2, 32),
          seed: fc.integer({ min: 1, max: 0x7fffffff }),
          capacity: fc.constantFrom(1, 3, 1024),
          inlineFallback: fc.boolean(),
          helpAbove: fc.constantFrom(Infinity, 2, 0),
        }),
        async (frames, o) => {
          const straight = run(create(), { ...o, straightPath: true }, frames);
          const general = run(create(), { ...o, straightPath: false }, frames);
          expect(straight).toEqual(general);
        },
      ),
      { numRuns: 60 },
    );
  });
});
