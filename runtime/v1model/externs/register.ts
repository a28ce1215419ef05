/**
 * v1model `register<T, I>`. `Register` holds `bit<W>`/`int<W>` with W ≤ 53 as numbers,
 * `BigRegister` wider ones as bigints (the generator picks by width). Written values are
 * wrapped to the width (two's complement for signed registers), as an assignment to a
 * `bit<W>` would.
 *
 * Out of range (bmv2 logs an error and touches nothing): `write` is ignored; `read` returns
 * `fallback` — bmv2 leaves the destination unchanged, so generated code passes the
 * destination's current value; the P4 spec leaves the result unspecified, 0 is the default.
 * `outOfRange` counts such accesses.
 */
export class Register {
  readonly values: Float64Array;
  outOfRange = 0;
  private readonly modulus: number;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly width: number,
    readonly signed = false,
  ) {
    if (!(width >= 1 && width <= 53)) throw new RangeError(`Register ${name}: width ${width} needs BigRegister`);
    this.values = new Float64Array(size);
    this.modulus = 2 ** width;
  }

  read(index: number, fallback = 0): number {
    if (!(index >= 0 && index < this.size)) {
      this.outOfRange++;
      return fallback;
    }
    return this.values[index]!;
  }

  write(index: number, value: number): void {
    if (!(index >= 0 && index < this.size)) {
      this.outOfRange++;
      return;
    }
    this.values[index] = this.wrap(value);
  }

  /** Wraps to the register's width (and sign). */
  wrap(value: number): number {
    const m = this.modulus;
    let v = value % m;
    if (v < 0) v += m;
    if (this.signed && v >= m / 2) v -= m;
    return v;
  }

  // ---- control plane (`register_read`, `register_write`, `register_reset`) ----
  get(index: number): number {
    this.check(index);
    return this.values[index]!;
  }
  set(index: number, value: number): void {
    this.check(index);
    this.values[index] = this.wrap(value);
  }
  reset(): void {
    this.values.fill(0);
  }
  /** Every value to `value` (PSA `Register(size, initial_value)`); returns the register. */
  initialize(value: number): this {
    this.values.fill(this.wrap(value));
    return this;
  }
  private check(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) {
      throw new RangeError(`register ${this.name}: index ${index} out of range [0, ${this.size})`);
    }
  }
}

export class BigRegister {
  readonly values: bigint[];
  outOfRange = 0;

  constructor(
    readonly name: string,
    readonly size: number,
    readonly width: number,
    readonly signed = false,
  ) {
    if (!(width >= 1)) throw new RangeError(`BigRegister ${name}: bad width ${width}`);
    this.values = new Array<bigint>(size).fill(0n);
  }

  read(index: number, fallback = 0n): bigint {
    if (!(index >= 0 && index < this.size)) {
      this.outOfRange++;
      return fallback;
    }
    return this.values[index]!;
  }

  write(index: number, value: bigint): void {
    if (!(index >= 0 && index < this.size)) {
      this.outOfRange++;
      return;
    }
    this.values[index] = this.wrap(value);
  }

  wrap(value: bigint): bigint {
    return this.signed ? BigInt.asIntN(this.width, value) : BigInt.asUintN(this.width, value);
  }

  get(index: number): bigint {
    this.check(index);
    return this.values[index]!;
  }
  set(index: number, value: bigint): void {
    this.check(index);
    this.values[index] = this.wrap(value);
  }
  reset(): void {
    this.values.fill(0n);
  }
  /** Every value to `value` (PSA `Register(size, initial_value)`); returns the register. */
  initialize(value: bigint): this {
    this.values.fill(this.wrap(value));
    return this;
  }
  private check(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) {
      throw new RangeError(`register ${this.name}: index ${index} out of range [0, ${this.size})`);
    }
  }
}
