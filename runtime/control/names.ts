/**
 * Resolving the names people write to the control-plane names of a program. A name matches a
 * candidate exactly, else as a unique dotted suffix (`ipv4_lpm` → `MyIngress.ipv4_lpm`), else,
 * for the names the reference compiler's test files use, with dots written as underscores
 * (`pipe_Check_src_ip` → `pipe.Check_src_ip`, `_NoAction` → `NoAction`). Several candidates at
 * the same step make the name ambiguous.
 */

export type Resolution<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function flat(s: string): string {
  return s.replace(/[.$[\]]/g, '_').replace(/^_+/, '');
}

export function resolveName<T>(name: string, candidates: readonly T[], nameOf: (c: T) => string, what: string): Resolution<T> {
  const steps: ((c: string) => boolean)[] = [
    (c) => c === name,
    (c) => c.endsWith(`.${name}`),
    (c) => flat(c) === flat(name),
    (c) => dottedSuffixes(c).some((s) => flat(s) === flat(name)),
  ];
  for (const step of steps) {
    const found = candidates.filter((c) => step(nameOf(c)));
    if (found.length === 1) return { ok: true, value: found[0]! };
    if (found.length > 1) {
      return { ok: false, error: `${what} "${name}" is ambiguous: ${found.map((c) => nameOf(c)).join(', ')}` };
    }
  }
  return { ok: false, error: `unknown ${what} "${name}"` };
}

/** `a.b.c` → [`b.c`, `c`]. */
function dottedSuffixes(c: string): string[] {
  const out: string[] = [];
  for (let i = c.indexOf('.'); i >= 0; i = c.indexOf('.', i + 1)) out.push(c.slice(i + 1));
  return out;
}
