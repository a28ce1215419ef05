/**
 * v1model `meter` and `direct_meter`: bmv2's two-rate three-color marker (RFC 2698, colour
 * blind). Rates are in units (packets or bytes) per microsecond, bursts in units, as bmv2's
 * `meter_set_rates` takes them: `[{CIR, CBS}, {PIR, PBS}]`, committed first.
 *
 * Like bmv2, each bucket starts full when rates are set; tokens accrue as
 * floor(elapsed µs × rate) counted from a single time origin (the time rates were set); on
 * execute the peak bucket is checked first: fewer tokens than the packet → RED (nothing
 * consumed); otherwise its tokens are consumed and the committed bucket is checked: too few →
 * YELLOW, else consumed → GREEN. A meter whose rates were never set returns GREEN. Byte meters
 * use the packet's ingress length.
 */
import { MeterColor, MeterType } from '../constants.ts';
import type { Clock } from './clock.ts';
import { MonotonicClock } from './clock.ts';
import type { PacketLengthSource } from './counter.ts';

export interface MeterRate {
  /** Units per microsecond. */
  readonly rate: number;
  /** Bucket size in units. */
  readonly burst: number;
}

/** State of one two-rate meter: index 0 = peak (RED when exhausted), 1 = committed (YELLOW). */
class TrTcm {
  configured = false;
  origin = 0;
  readonly rate = new Float64Array(2);
  readonly burst = new Float64Array(2);
  readonly tokens = new Float64Array(2);
  readonly last = new Float64Array(2);

  set(committed: MeterRate, peak: MeterRate, now: number): void {
    if (!(committed.rate >= 0 && peak.rate >= 0 && committed.burst >= 0 && peak.burst >= 0)) {
      throw new RangeError('meter rates and bursts must be non-negative');
    }
    if (committed.rate > peak.rate) throw new RangeError('meter committed rate must not exceed the peak rate');
    this.rate[0] = peak.rate;
    this.burst[0] = Math.floor(peak.burst);
    this.rate[1] = committed.rate;
    this.burst[1] = Math.floor(committed.burst);
    this.tokens[0] = this.burst[0]!;
    this.tokens[1] = this.burst[1]!;
    this.last[0] = 0;
    this.last[1] = 0;
    this.origin = now;
    this.configured = true;
  }

  /**
   * Meters `units` at time `now`. `preColor` makes it colour-aware (RFC 2698 §3): a packet that
   * arrives RED stays RED, one that arrives YELLOW is at best YELLOW; GREEN is colour-blind.
   * An unconfigured meter returns `preColor`.
   */
  execute(units: number, now: number, preColor: MeterColor = MeterColor.GREEN): MeterColor {
    if (!this.configured) return preColor;
    const elapsed = Math.max(0, now - this.origin);
    for (let i = 0; i < 2; i++) {
      const sinceOrigin = Math.floor(elapsed * this.rate[i]!);
      const fresh = sinceOrigin - this.last[i]!;
      this.last[i] = sinceOrigin;
      this.tokens[i] = Math.min(this.tokens[i]! + fresh, this.burst[i]!);
      if (i === 0 && (preColor === MeterColor.RED || this.tokens[0]! < units)) return MeterColor.RED;
      if (i === 1 && (preColor === MeterColor.YELLOW || this.tokens[1]! < units)) return MeterColor.YELLOW;
      this.tokens[i]! -= units;
    }
    return MeterColor.GREEN;
  }
}

export class Meter {
  private readonly meters: TrTcm[];
  outOfRange = 0;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly type: MeterType,
    private readonly clock: Clock = new MonotonicClock(),
  ) {
    this.meters = [];
    for (let i = 0; i < size; i++) this.meters.push(new TrTcm());
  }

  /**
   * `meter.execute_meter(index, result)`: returns the colour. Out of range: nothing is updated
   * and `fallback` is returned — bmv2 leaves the destination unchanged, so generated code passes
   * the destination's current value to behave the same.
   */
  execute(index: number, d: PacketLengthSource, fallback = MeterColor.GREEN as number): number {
    const m = this.meters[index];
    if (m === undefined || !(index >= 0)) {
      this.outOfRange++;
      return fallback;
    }
    return m.execute(this.type === MeterType.packets ? 1 : d.ingressLength, this.clock.nowMicros());
  }

  /**
   * Meters `units` (a packet count or a byte length, as the meter's type says) at `index`,
   * colour-aware when `preColor` is not GREEN. Out of range: nothing is updated and `preColor`
   * is returned (PSA leaves the result undefined).
   */
  executeUnits(index: number, units: number, preColor: MeterColor = MeterColor.GREEN): MeterColor {
    const m = this.meters[index];
    if (m === undefined || !(index >= 0)) {
      this.outOfRange++;
      return preColor;
    }
    return m.execute(units, this.clock.nowMicros(), preColor);
  }

  /** Control plane: sets the rates of one index, or of all indices when `index` is undefined. */
  setRates(index: number | undefined, committed: MeterRate, peak: MeterRate): void {
    const now = this.clock.nowMicros();
    if (index === undefined) {
      for (const m of this.meters) m.set(committed, peak, now);
      return;
    }
    const m = this.meters[index];
    if (m === undefined) throw new RangeError(`meter ${this.name}: index ${index} out of range [0, ${this.size})`);
    m.set(committed, peak, now);
  }

  /** Control plane: the rates of an index ([committed, peak]) or undefined if not configured. */
  getRates(index: number): [MeterRate, MeterRate] | undefined {
    const m = this.meters[index];
    if (m === undefined) throw new RangeError(`meter ${this.name}: index ${index} out of range [0, ${this.size})`);
    if (!m.configured) return undefined;
    return [
      { rate: m.rate[1]!, burst: m.burst[1]! },
      { rate: m.rate[0]!, burst: m.burst[0]! },
    ];
  }

  /** Control plane: back to unconfigured (GREEN). */
  resetRates(): void {
    for (const m of this.meters) m.configured = false;
  }
}

/**
 * `direct_meter`: one meter per table entry (by entry handle). The generated code calls
 * `read(handle, d)` for the entry the table hit (bmv2 executes it on every hit).
 */
export class DirectMeter {
  private readonly meters: Array<TrTcm | undefined> = [];

  constructor(
    readonly name: string,
    readonly type: MeterType,
    private readonly clock: Clock = new MonotonicClock(),
  ) {}

  read(handle: number, d: PacketLengthSource): number {
    const m = this.meters[handle];
    if (m === undefined) return MeterColor.GREEN;
    return m.execute(this.type === MeterType.packets ? 1 : d.ingressLength, this.clock.nowMicros());
  }

  /** `Meter.executeUnits` for the meter of entry `handle` (an entry without rates returns `preColor`). */
  executeUnits(handle: number, units: number, preColor: MeterColor = MeterColor.GREEN): MeterColor {
    const m = this.meters[handle];
    if (m === undefined) return preColor;
    return m.execute(units, this.clock.nowMicros(), preColor);
  }

  setRates(handle: number, committed: MeterRate, peak: MeterRate): void {
    if (!(Number.isInteger(handle) && handle >= 0)) throw new RangeError(`direct meter ${this.name}: bad entry handle ${handle}`);
    let m = this.meters[handle];
    if (m === undefined) {
      m = new TrTcm();
      this.meters[handle] = m;
    }
    m.set(committed, peak, this.clock.nowMicros());
  }

  /** Called when an entry is deleted: a reused handle starts unconfigured. */
  resetEntry(handle: number): void {
    this.meters[handle] = undefined;
  }
}
