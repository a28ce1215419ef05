/**
 * Drives a v1model switch over frames the way the straight-path equivalence tests do: each frame
 * queued (`inject`) or run at once (`receive`), with a pump budget that varies with the frame's
 * length (run until idle, one work item, or none), then run until idle. Used by
 * straight-path.test.ts and straight-path-resume.test.ts to compare a switch with and without the
 * straight path.
 */
import { InlineExecutor, V1Switch, type V1Program } from '../../../runtime/v1model/index.ts';

export interface SwitchRunOptions {
  readonly straightPath: boolean;
  readonly burst: number;
  /** `inject` (queued for the pump), `receive` (run at once when nothing waits) or `receiveBuffer` (the same, the buffer lent). */
  readonly input?: 'inject' | 'receive' | 'receiveBuffer';
  /** Tasks the executor holds at most: a small number makes it refuse some (run at once, then the packet goes on). */
  readonly capacity?: number;
}

/** What a switch did with the frames: outputs in order (`port:hex`), drop reasons, and its statistics. */
export interface SwitchRun {
  readonly out: string[];
  readonly drops: string[];
  readonly sw: V1Switch<unknown>;
}

export function runFrames(
  program: V1Program<unknown>,
  o: SwitchRunOptions,
  frames: readonly { port: number; bytes: Uint8Array }[],
  setup: (sw: V1Switch<unknown>) => void,
): SwitchRun {
  const out: string[] = [];
  const drops: string[] = [];
  const sw = new V1Switch(program, {
    straightPath: o.straightPath,
    burst: o.burst,
    ...(o.capacity !== undefined ? { executor: new InlineExecutor({ burstSize: o.capacity, capacity: o.capacity }) } : {}),
    onOutput: (port, bytes) => out.push(`${port}:${Buffer.from(bytes).toString('hex')}`),
    onDrop: (reason) => drops.push(reason),
  });
  setup(sw);
  for (const f of frames) {
    if (o.input === 'receive') sw.receive(f.port, f.bytes);
    else if (o.input === 'receiveBuffer') {
      const lent = sw.createFrameBuffer();
      lent.set(f.bytes, sw.frameOffset);
      sw.receiveBuffer(f.port, lent, f.bytes.length);
    } else sw.inject(f.port, f.bytes);
    if (f.bytes.length % 3 === 0) sw.runUntilIdle();
    else if (f.bytes.length % 3 === 1) sw.pump(1);
  }
  sw.runUntilIdle();
  return { out, drops, sw };
}
