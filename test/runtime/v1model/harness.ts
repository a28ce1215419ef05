import { V1Switch, type V1Program, type V1SwitchOptions } from '../../../runtime/v1model/index.ts';

export interface Out {
  port: number;
  bytes: number[];
}

export function harness<S>(program: V1Program<S>, options: V1SwitchOptions<S> = {}) {
  const out: Out[] = [];
  const drops: string[] = [];
  const sw = new V1Switch(program, {
    ...options,
    onOutput: (port, bytes) => out.push({ port, bytes: [...bytes] }),
    onDrop: (reason) => drops.push(reason),
  });
  /** received + created === transmitted + dropped + inFlight */
  const balanced = (): boolean => {
    const s = sw.stats;
    return s.received + s.created === s.transmitted + s.dropped + sw.inFlight;
  };
  return { sw, out, drops, balanced };
}

export const hex = (b: readonly number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');
