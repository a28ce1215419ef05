/**
 * The statistics the cost model and the measurements behind it share (one home: the bench's
 * harness, the calibration's solver and the validation all import it from here; the CLI may not
 * import the bench statically).
 */

/** The median (NaN for an empty list or when any value is NaN: a run that measured nothing has no median). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0 || values.some((v) => Number.isNaN(v))) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** The q-quantile by linear interpolation between order statistics (NaN for an empty list). */
export function quantileOf(values: readonly number[], q: number): number {
  if (values.length === 0 || values.some((v) => Number.isNaN(v))) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
