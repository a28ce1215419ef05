import { describe, expect, it } from 'vitest';
import {
  InlineExecutor,
  StageStatus,
  type ExternExecutor,
  type ExternTask,
  type LongjumpProgram,
  type V1Program,
} from '../../../runtime/v1model/index.ts';
import { harness, hex, type Out } from './harness.ts';
import { makeSitesContext, makeSitesLongjump, makeSitesSync, tagFrame, type State, type XorTask } from './programs.ts';

const D = 0x000000000042;

interface Pkt {
  ttl: number;
  op: number;
  value: number;
  id: number;
}

function workload(n: number): Pkt[] {
  const pkts: Pkt[] = [];
  for (let i = 0; i < n; i++) pkts.push({ ttl: 10 + (i % 50), op: i % 3, value: (i * 2654435761) & 0xffff, id: i });
  return pkts;
}

function expected(p: Pkt): number[] {
  const ttl = (p.ttl - 1) & 0xff;
  let value = p.value;
  if (p.op === 1) value = value ^ 0x5a5a;
  if (p.op === 2) value = value ^ 0x5a5a ^ 0x0ff0;
  const scratch = p.op === 1 || p.op === 2 ? ttl * 2 : 0;
  const b = [...tagFrame(D, ttl, p.op, value, [p.id & 0xff, p.id >> 8])];
  // egress writes meta.scratch (the live local) into eth.src
  b.fill(0, 6, 12);
  b[11] = scratch & 0xff;
  b[10] = scratch >> 8;
  return b;
}

type Fixture = ReturnType<typeof makeSitesSync> | ReturnType<typeof makeSitesLongjump> | ReturnType<typeof makeSitesContext>;

function run(fx: Fixture, pkts: readonly Pkt[], options: Parameters<typeof harness>[1] = {}) {
  const h = harness(fx.program as V1Program<State>, options);
  for (const p of pkts) h.sw.inject(1, tagFrame(D, p.ttl, p.op, p.value, [p.id & 0xff, p.id >> 8]));
  h.sw.runUntilIdle();
  return h;
}

const byId = (o: Out): number => o.bytes[18]! | (o.bytes[19]! << 8);
const sites = (pkts: readonly Pkt[]): number => pkts.reduce((n, p) => n + (p.op === 1 ? 1 : p.op === 2 ? 2 : 0), 0);

describe('v1model switch: extern sites in sync, longjump and context shapes', () => {
  const pkts = workload(200);

  for (const [name, make] of [
    ['sync', makeSitesSync],
    ['longjump', makeSitesLongjump],
    ['context', makeSitesContext],
  ] as const) {
    it(`${name}: every packet resumes at its site; statements before a site run exactly once`, () => {
      const fx = make();
      const executor = new InlineExecutor({ burstSize: 8 });
      const h = run(fx, pkts, { executor });
      expect(h.out).toHaveLength(pkts.length);
      for (const o of h.out) {
        expect(o.port).toBe(2);
        expect(hex(o.bytes)).toBe(hex(expected(pkts[byId(o)]!)));
      }
      expect(fx.before.readPackets(0)).toBe(pkts.length);
      expect(fx.after.readPackets(0)).toBe(pkts.length);
      expect(h.balanced()).toBe(true);
      expect(h.sw.inFlight).toBe(0);
      if (name === 'sync') {
        expect(h.sw.stats.parks).toBe(0);
      } else {
        expect(h.sw.stats.parks).toBe(sites(pkts));
        expect(executor.executed).toBe(sites(pkts));
        expect(executor.bursts).toBeGreaterThan(0);
        // packets without an extern overtook parked ones
        expect(h.out.map(byId)).not.toEqual(pkts.map((p) => p.id));
      }
    });
  }

  it('all three modes produce the same packets for the same input', () => {
    const outputs = [makeSitesSync(), makeSitesLongjump(), makeSitesContext()].map((fx) =>
      run(fx, pkts, { executor: new InlineExecutor({ burstSize: 5 }) })
        .out.map((o) => `${o.port}:${hex(o.bytes)}`)
        .sort(),
    );
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it('burst size 1 and a huge burst (flush on idle) both complete', () => {
    for (const burstSize of [1, 1000]) {
      for (const make of [makeSitesLongjump, makeSitesContext]) {
        const fx = make();
        const executor = new InlineExecutor({ burstSize, capacity: 2000 });
        const h = run(fx, pkts, { executor });
        expect(h.out).toHaveLength(pkts.length);
        expect(fx.before.readPackets(0)).toBe(pkts.length);
        if (burstSize === 1000) expect(executor.bursts).toBeLessThan(10);
      }
    }
  });

  it('executor full: the main core runs the task inline and the packet continues (inlineFallback)', () => {
    const fx = makeSitesLongjump();
    const executor = new InlineExecutor({ burstSize: 4, capacity: 4 });
    const h = run(fx, pkts, { executor });
    expect(h.sw.stats.inlineFallbacks).toBeGreaterThan(0);
    expect(h.sw.stats.parks + h.sw.stats.inlineFallbacks).toBe(sites(pkts));
    expect(h.out).toHaveLength(pkts.length);
    for (const o of h.out) expect(hex(o.bytes)).toBe(hex(expected(pkts[byId(o)]!)));
    expect(fx.before.readPackets(0)).toBe(pkts.length);
  });

  it('executor full without inline fallback: packets wait (backpressure) and nothing is lost', () => {
    for (const make of [makeSitesLongjump, makeSitesContext]) {
      const fx = make();
      const executor = new InlineExecutor({ burstSize: 4, capacity: 4 });
      const h = run(fx, pkts, { executor, inlineFallback: false });
      expect(executor.refused).toBeGreaterThan(0);
      expect(h.sw.stats.inlineFallbacks).toBe(0);
      expect(h.sw.stats.parks).toBe(sites(pkts));
      expect(h.out).toHaveLength(pkts.length);
      for (const o of h.out) expect(hex(o.bytes)).toBe(hex(expected(pkts[byId(o)]!)));
      expect(fx.before.readPackets(0)).toBe(pkts.length);
      expect(h.balanced()).toBe(true);
    }
  });

  it('an executor that completes tasks later (after several polls) is waited for', () => {
    class Delayed implements ExternExecutor {
      private readonly inner = new InlineExecutor({ burstSize: 3 });
      private polls = 0;
      submit(task: ExternTask): boolean {
        return this.inner.submit(task);
      }
      flush(): void {
        this.inner.flush();
      }
      poll(cb: (task: ExternTask) => void): number {
        return ++this.polls % 7 === 0 ? this.inner.poll(cb) : 0;
      }
    }
    for (const make of [makeSitesLongjump, makeSitesContext]) {
      const fx = make();
      const h = run(fx, pkts, { executor: new Delayed() });
      expect(h.out).toHaveLength(pkts.length);
      expect(fx.before.readPackets(0)).toBe(pkts.length);
    }
  });

  it('a failed extern task drops its packet with the task reason; the others go on', () => {
    class Failing implements ExternExecutor {
      private readonly inner = new InlineExecutor({ burstSize: 4 });
      submit(task: ExternTask): boolean {
        return this.inner.submit(task);
      }
      flush(): void {
        this.inner.flush();
      }
      poll(cb: (task: ExternTask) => void): number {
        return this.inner.poll((t) => {
          if ((t as XorTask).input === 0xdead) t.failure = 'coprocessor-died';
          cb(t);
        });
      }
    }
    for (const make of [makeSitesLongjump, makeSitesContext]) {
      const fx = make();
      const bad: Pkt[] = [...pkts.slice(0, 30), { ttl: 5, op: 1, value: 0xdead, id: 999 }];
      const h = run(fx, bad, { executor: new Failing() });
      expect(h.drops).toEqual(['coprocessor-died']);
      expect(h.out).toHaveLength(30);
      expect(fx.before.readPackets(0)).toBe(31);
      expect(fx.after.readPackets(0)).toBe(30);
      expect(h.balanced()).toBe(true);
    }
  });

  it('an executor that never answers makes runUntilIdle throw after the stall timeout', () => {
    const never: ExternExecutor = { submit: () => true, flush: () => {}, poll: () => 0 };
    const fx = makeSitesLongjump();
    const h = harness(fx.program, { executor: never, stallTimeoutMs: 50 });
    h.sw.inject(1, tagFrame(D, 5, 1, 1));
    expect(() => h.sw.runUntilIdle()).toThrow(/no progress/);
    expect(h.sw.parked).toBe(1);
    expect(h.balanced()).toBe(true);
  });

  it('sync mode offload: an executor that never answers makes the wait throw after the stall timeout', () => {
    const never: ExternExecutor = { submit: () => true, flush: () => {}, poll: () => 0 };
    const fx = makeSitesSync();
    const h = harness(fx.program, { syncExecutor: never, stallTimeoutMs: 50 });
    const t0 = Date.now();
    h.sw.inject(1, tagFrame(D, 5, 1, 1));
    expect(() => h.sw.runUntilIdle()).toThrow(/no progress/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
  });

  it('sync mode offload: runSync submits to the executor and waits for the result', () => {
    const fx = makeSitesSync();
    const executor = new InlineExecutor({ burstSize: 8 });
    const h = run(fx, pkts, { syncExecutor: executor });
    expect(executor.executed).toBe(sites(pkts));
    expect(h.out.map(byId)).toEqual(pkts.map((p) => p.id)); // sync keeps order
    for (const o of h.out) expect(hex(o.bytes)).toBe(hex(expected(pkts[byId(o)]!)));
  });

  it('a longjump stage returning PARKED without a task is a program error', () => {
    const fx = makeSitesLongjump();
    const program: LongjumpProgram<State> = { ...fx.program, ingress: () => StageStatus.PARKED };
    const h = harness(program, { errorPolicy: 'drop' });
    h.sw.inject(1, tagFrame(D, 5, 1, 1));
    h.sw.runUntilIdle();
    expect(h.drops).toEqual(['program-error']);
    expect(String(h.sw.stats.errors[0])).toMatch(/PARKED without setting d.task/);
  });

  it('a program declaring sync mode with generator stages is rejected', () => {
    const ctx = makeSitesContext();
    const bad = { ...ctx.program, mode: 'sync' } as unknown as V1Program<State>;
    expect(() => harness(bad)).toThrow(/generator stages/);
  });

  it('parks in egress work too (a site in the egress stage)', () => {
    const fx = makeSitesLongjump();
    const DONE = StageStatus.DONE;
    const ingress = fx.program.ingress;
    let egressEntries = 0;
    const program: LongjumpProgram<State> = {
      ...fx.program,
      ingress: (d) => {
        const st = ingress(d);
        return st;
      },
      egress(d) {
        const s = d.state;
        if (d.resumeSite === 0) {
          egressEntries++;
          const t = s.task;
          t.input = s.tag.value;
          t.key = 0xffff;
          d.task = t;
          d.resumeSite = 7;
          return StageStatus.PARKED;
        }
        s.tag.value = (d.task as XorTask).result;
        s.eth.src = s.meta.scratch;
        return DONE;
      },
    };
    const h = run({ ...fx, program }, pkts.slice(0, 50), { executor: new InlineExecutor({ burstSize: 4 }) });
    expect(h.out).toHaveLength(50);
    expect(egressEntries).toBe(50);
    for (const o of h.out) {
      const e = expected(pkts[byId(o)]!);
      const v = ((e[16]! << 8) | e[17]!) ^ 0xffff;
      e[16] = v >> 8;
      e[17] = v & 0xff;
      expect(hex(o.bytes)).toBe(hex(e));
    }
  });
});
