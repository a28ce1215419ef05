/**
 * Leaves out of a generated module the top-level declarations nothing refers to, so the module
 * has no dead code: helper functions of types no code reads, writes, copies or resets
 * (`reset_T`, `copy_T`, `extract_T`, `emit_T`), classes only those helpers named, module
 * constants, and imported names. Runs until nothing more goes (a helper may have been the only
 * user of another). `createProgram`, `State` and `p4info` are the module's interface and stay.
 *
 * It reads the module's own layout: every top-level declaration starts at column 0 (after its
 * doc comment) and a block declaration ends with a line `}` at column 0.
 */
const INTERFACE = new Set(['createProgram', 'State', 'p4info']);

interface Declaration {
  readonly name: string;
  /** First and one-past-last line (the doc comment and one blank line after it included). */
  readonly from: number;
  readonly to: number;
}

export function withoutUnusedDeclarations(code: string): string {
  let lines = code.split('\n');
  for (;;) {
    const declarations = topLevelDeclarations(lines);
    const counts = identifierCounts(lines.join('\n'));
    const dead = declarations.filter((d) => {
      if (INTERFACE.has(d.name)) return false;
      const own = identifierCounts(lines.slice(d.from, d.to).join('\n')).get(d.name) ?? 0;
      return (counts.get(d.name) ?? 0) - own === 0;
    });
    const importsBefore = lines.join('\n');
    lines = withoutUnusedImports(lines, counts);
    if (dead.length === 0 && lines.join('\n') === importsBefore) return lines.join('\n');
    const drop = new Set<number>();
    for (const d of dead) for (let i = d.from; i < d.to; i++) drop.add(i);
    lines = lines.filter((_, i) => !drop.has(i));
  }
}

function topLevelDeclarations(lines: readonly string[]): Declaration[] {
  const found: Declaration[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:export )?(?:function\*? |class |const )([A-Za-z_$][\w$]*)/.exec(lines[i]!);
    if (m === null) continue;
    let from = i;
    // its doc comment
    if (from > 0 && lines[from - 1]!.endsWith('*/')) {
      while (from > 0 && !lines[from - 1]!.startsWith('/**')) from--;
      from--;
    }
    let to = i + 1;
    const opensBlock = lines[i]!.trimEnd().endsWith('{');
    if (opensBlock) {
      while (to < lines.length && lines[to - 1] !== '}' && lines[to - 1] !== '};') to++;
    }
    if (to < lines.length && lines[to] === '' && (from === 0 || lines[from - 1] === '')) to++;
    found.push({ name: m[1]!, from, to });
  }
  return found;
}

/** Drops imported names the module does not use, and import lines left empty. */
function withoutUnusedImports(lines: readonly string[], counts: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = /^import \{ (.*) \} from ('[^']*');$/.exec(line);
    if (m === null) {
      out.push(line);
      continue;
    }
    const kept = m[1]!.split(', ').filter((spec) => (counts.get(spec.replace(/^type /, '')) ?? 0) > 1);
    if (kept.length > 0) out.push(`import { ${kept.join(', ')} } from ${m[2]};`);
  }
  return out;
}

/** How often each identifier occurs in code (comments and string literals left out; `x.name` is not `name`). */
function identifierCounts(text: string): Map<string, number> {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
  const counts = new Map<string, number>();
  for (const id of code.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Whether code refers to identifier `name` (see `identifierCounts`). */
export function refersTo(text: string): (name: string) => boolean {
  const counts = identifierCounts(text);
  return (name) => counts.has(name);
}
