import { isNumberWidth } from '../../contract/value-representation.ts';

/**
 * A parser value set (`value_set<T>(N)`): up to `size` value/mask pairs the control plane
 * installs; `select` matches when any entry matches.
 */
export class ValueSet {
  private readonly values: (number | bigint)[] = [];
  private readonly masks: (number | bigint)[] = [];

  constructor(readonly name: string, readonly size: number, readonly width: number) {}

  get count(): number {
    return this.values.length;
  }

  /** Adds an entry (mask all ones by default); false when the set is full. */
  add(value: number | bigint, mask?: number | bigint): boolean {
    if (this.values.length >= this.size) return false;
    const all = isNumberWidth(this.width) ? 2 ** this.width - 1 : (1n << BigInt(this.width)) - 1n;
    this.values.push(value);
    this.masks.push(mask ?? all);
    return true;
  }

  /** The installed value/mask pairs, in order. */
  entries(): { value: number | bigint; mask: number | bigint }[] {
    return this.values.map((value, i) => ({ value, mask: this.masks[i]! }));
  }

  clear(): void {
    this.values.length = 0;
    this.masks.length = 0;
  }

  matches(key: number | bigint): boolean {
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i]!;
      const m = this.masks[i]!;
      if (typeof key === 'bigint') {
        if ((key & BigInt(m)) === (BigInt(v) & BigInt(m))) return true;
      } else if (typeof m === 'number' && m === 2 ** this.width - 1) {
        if (key === v) return true;
      } else if (Number(BigInt(key) & BigInt(m)) === Number(BigInt(v) & BigInt(m))) {
        return true;
      }
    }
    return false;
  }
}
