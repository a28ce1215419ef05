import { Coprocessor } from '../../../runtime/coprocessor/index.ts';
import type { CoprocessorOptions } from '../../../runtime/coprocessor/index.ts';

export const TEST_OPS_URL = new URL('./fixtures/test-ops.ts', import.meta.url).href;

/** One delivered result. */
export interface Result {
  handle: number;
  status: number;
  buf: number;
  offset: number;
  length: number;
  code: number;
}

/** Collects results (tests only: allocates per result). */
export class Collector {
  readonly results: Result[] = [];
  readonly cb = (handle: number, status: number, buf: number, offset: number, length: number, code: number): void => {
    this.results.push({ handle, status, buf, offset, length, code });
  };
  byHandle(handle: number): Result | undefined {
    return this.results.find((r) => r.handle === handle);
  }
}

const open: Coprocessor[] = [];

/** Starts a co-processor with the test op module loaded; `closeAll` stops it. */
export async function startCop(options: CoprocessorOptions = {}, k = 3): Promise<Coprocessor> {
  const cop = new Coprocessor({
    poolBuffers: 256,
    capacity: 64,
    burstSize: 8,
    opModules: [{ url: TEST_OPS_URL, config: { k } }],
    ...options,
  });
  open.push(cop);
  await cop.start();
  return cop;
}

export async function closeAll(): Promise<void> {
  while (open.length > 0) await open.pop()!.close();
}

/** Waits (yielding to the event loop) until `cond` holds or `ms` pass. */
export async function until(cond: () => boolean, ms = 3000): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) return false;
    await new Promise<void>((r) => setTimeout(r, 2));
  }
  return true;
}

/** Asserts the accounting invariant once nothing is in flight. */
export function balanced(cop: Coprocessor): boolean {
  const s = cop.stats;
  return cop.inflight === 0 && s.submitted === s.completed + s.failed;
}
