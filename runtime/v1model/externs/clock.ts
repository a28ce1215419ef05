/** Microsecond clocks for meters and timestamps. */
export interface Clock {
  /** Microseconds since an arbitrary origin; never decreases. */
  nowMicros(): number;
}

/** Real time, whole microseconds since construction (`performance.now`, monotonic). */
export class MonotonicClock implements Clock {
  private readonly origin = performance.now();
  nowMicros(): number {
    return Math.floor((performance.now() - this.origin) * 1000);
  }
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private micros = 0) {}
  nowMicros(): number {
    return this.micros;
  }
  /** Moves the clock forward by `micros`. */
  advance(micros: number): void {
    if (micros < 0) throw new RangeError('ManualClock cannot go backwards');
    this.micros += micros;
  }
  set(micros: number): void {
    if (micros < this.micros) throw new RangeError('ManualClock cannot go backwards');
    this.micros = micros;
  }
}
