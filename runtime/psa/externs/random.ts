/**
 * PSA `Random<T>(min, max)`: `read()` draws uniformly from [min, max] with the switch's seeded
 * generator (`SwitchServices.random`), so runs are reproducible for a given seed. Any range is
 * accepted, not only powers of two. `RandomWide` is the form for `bit<W>` wider than 53 bits.
 */
import type { SwitchServices } from '../../v1model/descriptor.ts';

/** Anything that can reach the switch's generator (a packet descriptor can). */
export interface RandomSource {
  readonly services: SwitchServices;
}

export class Random {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {}

  read(d: RandomSource): number {
    return this.max <= this.min ? this.min : d.services.random(this.min, this.max);
  }
}

export class RandomWide {
  constructor(
    readonly min: bigint,
    readonly max: bigint,
  ) {}

  read(d: RandomSource): bigint {
    return this.max <= this.min ? this.min : d.services.randomBig(this.min, this.max);
  }
}
