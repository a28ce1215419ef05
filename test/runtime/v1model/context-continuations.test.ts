/**
 * Context mode's straight-path continuations in the switch (runtime/v1model/switch.ts): a resumed
 * packet whose continuation suspends again at a site whose task runs at once (the executor full,
 * the inline fallback on) goes on in the same call — in a loop, so that the stack does not grow
 * with the sites a packet passes in a row, however many packets are resumed in one go.
 */
import { describe, expect, it } from 'vitest';
import { configureGateway } from '../../../examples/ipsec-esp/control-plane.ts';
import type { ExternExecutor, ExternTask } from '../../../runtime/tasks/executor.ts';
import { StraightStatus, V1Switch, type StraightContinuation, type StraightPath, type V1Program } from '../../../runtime/v1model/index.ts';
import { ipv4Frame } from '../../../runtime/testing/async-pipeline.ts';
import { loadP4 } from '../../examples/harness.ts';

const IPSEC = new URL('../../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;

/** Holds the tasks it takes until a poll, which completes them all at once; refuses every task while `full`. */
class HoldingExecutor implements ExternExecutor {
  readonly held: ExternTask[] = [];
  full = false;

  submit(task: ExternTask): boolean {
    if (this.full) return false;
    this.held.push(task);
    return true;
  }

  flush(): void {}

  poll(cb: (task: ExternTask) => void): number {
    const tasks = this.held.splice(0);
    for (const task of tasks) {
      task.runInline();
      cb(task);
    }
    return tasks.length;
  }
}

/**
 * `program` whose packets, once their first task is done, wait `extraSites` times more at a site
 * of their own (a task that does nothing) before going on in the compiled continuation: what a
 * program with that many sites in a row would do.
 */
function withExtraSites(program: V1Program<unknown>, extraSites: number): V1Program<unknown> {
  const plain = program.straightPath!;
  const straightPath: StraightPath<unknown> = (sw, data, start, length, port, fuse) => {
    const status = plain(sw, data, start, length, port, fuse);
    if (status !== StraightStatus.SUSPENDED) return status;
    // the descriptor the packet took at its site
    const d = sw.descriptor(data, start, length, port);
    const compiled = d.continuation!;
    const nothing: ExternTask = { handle: 0, failure: null, runInline() {} };
    let left = extraSites;
    const next: StraightContinuation = (f) => {
      if (left === 0) return compiled(f);
      left--;
      d.task = nothing;
      d.continuation = next;
      return StraightStatus.SUSPENDED;
    };
    d.continuation = next;
    return status;
  };
  return { ...program, straightPath };
}

describe('context mode: continuations resumed in the switch', () => {
  it('many packets resumed in one go, each then passing 20,000 sites whose tasks run at once: all sent, as without those sites', async () => {
    const create = await loadP4(IPSEC, 'context');
    const PACKETS = 16;
    const EXTRA = 20_000;
    const run = (extraSites: number): { out: string[]; drops: string[]; inline: number; parks: number } => {
      const program = create();
      configureGateway(program.objects, 1); // every flow encapsulated: every packet waits for its ESP task
      const executor = new HoldingExecutor();
      const out: string[] = [];
      const drops: string[] = [];
      const sw = new V1Switch(extraSites > 0 ? withExtraSites(program, extraSites) : program, {
        executor,
        inlineFallback: true,
        burst: 4 * PACKETS,
        onOutput: (port, bytes) => out.push(`${port}:${Buffer.from(bytes).toString('hex')}`),
        onDrop: (reason) => drops.push(reason),
      });
      for (let i = 0; i < PACKETS; i++) sw.inject(1, ipv4Frame(i));
      sw.pump(4 * PACKETS);
      // every packet waits at its site, its task with the executor; then the executor fills up
      // (the packets' later sites run their tasks at once) and one poll resumes them all
      expect(executor.held).toHaveLength(PACKETS);
      expect(out).toHaveLength(0);
      executor.full = true;
      sw.runUntilIdle();
      return { out, drops, inline: sw.stats.inlineFallbacks, parks: sw.stats.parks };
    };
    const plain = run(0);
    const deep = run(EXTRA);
    expect(plain.out).toHaveLength(PACKETS);
    expect(deep.drops).toEqual([]);
    expect(deep.out).toEqual(plain.out);
    expect(deep.parks).toBe(PACKETS);
    expect(deep.inline).toBe(PACKETS * EXTRA);
  });
});
