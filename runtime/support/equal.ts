/**
 * `==` on headers, unions, structs, stacks and tuples as generated code lays them out: two
 * headers are equal when both are invalid, or both are valid with equal fields.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // A header stack (`{ items, nextIndex, $spare }`): equal when the elements are; `nextIndex` is
  // parser state and `$spare` scratch, neither part of the value.
  if (isStack(x) && isStack(y)) return valuesEqual(x['items'], y['items']);
  if ('$valid' in x) {
    if (x.$valid !== y.$valid) return false;
    if (!x.$valid) return true;
  }
  for (const key of Object.keys(x)) {
    if (key === '$valid') continue;
    if (!valuesEqual(x[key], y[key])) return false;
  }
  return true;
}

function isStack(x: Record<string, unknown>): boolean {
  const keys = Object.keys(x);
  return keys[0] === 'items' && keys[1] === 'nextIndex' && Array.isArray(x['items']);
}
