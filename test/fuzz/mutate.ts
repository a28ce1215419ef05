/**
 * A seeded mutator of P4 programs for fuzzing the compiler: from one of our own programs it makes
 * a mutant by a few edits on its tokens — delete, duplicate, swap or move a run of tokens, insert
 * a token, replace a number by an extreme one, replace an identifier by another of the program,
 * cut the program short. The same seed always makes the same mutant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small fast PRNG (mulberry32): the same seed, the same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|\d+[wsWS]\d+|0[xXbBoO][0-9a-fA-F_]+|\d+|"(?:[^"\\\n]|\\.)*"|&&&|\|\+\||\|-\||<<|>>|\+\+|&&|\|\||==|!=|<=|>=|\.\.|[^\s]/g;

const EXTREMES = ['0', '1', '4294967295', '4294967296', '0xffffffffffffffffffffffff', '65536', '65537', '-1', '32w0', '1w8', '8w256', '0w0', '100000000000000000000'];
const INSERTS = ['{', '}', '(', ')', '<', '>', ';', ',', '.', '[', ']', 'bit<0>', 'int<1>', 'varbit<0>', 'transition', 'apply', 'return', 'exit', '@name("x")', 'default', '_', '#define X X X', '#include "/dev/zero"', 'if', 'else', 'this', 'error', 'select', 'switch'];

export interface Mutant {
  readonly seed: number;
  readonly source: string;
  readonly text: string;
  readonly edits: readonly string[];
}

/** Mutates `text` with `random`: 1 to 4 edits on its tokens. */
export function mutate(text: string, random: () => number): { text: string; edits: string[] } {
  const tokens = text.match(TOKEN) ?? [];
  const words = tokens.map((t, i) => [t, i] as const).filter(([t]) => !/^\s|^\/[/*]/.test(t));
  const idents = [...new Set(words.map(([t]) => t).filter((t) => /^[A-Za-z_]\w*$/.test(t)))];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = (): number => (words.length === 0 ? 0 : pick(words)[1]);
  const edits: string[] = [];
  const count = 1 + Math.floor(random() * 4);
  for (let e = 0; e < count && tokens.length > 0; e++) {
    const i = at();
    const n = 1 + Math.floor(random() * Math.min(40, tokens.length - i));
    switch (Math.floor(random() * 8)) {
      case 0:
        edits.push(`delete ${n} at ${i}`);
        tokens.splice(i, n);
        break;
      case 1:
        edits.push(`duplicate ${n} at ${i}`);
        tokens.splice(i, 0, ...tokens.slice(i, i + n));
        break;
      case 2: {
        const j = at();
        edits.push(`swap ${i} ${j}`);
        [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
        break;
      }
      case 3: {
        const moved = tokens.splice(i, n);
        const j = Math.floor(random() * (tokens.length + 1));
        edits.push(`move ${n} from ${i} to ${j}`);
        tokens.splice(j, 0, ...moved);
        break;
      }
      case 4: {
        const t = pick(INSERTS);
        edits.push(`insert ${t} at ${i}`);
        tokens.splice(i, 0, ` ${t} `);
        break;
      }
      case 5: {
        const numbers = words.filter(([t]) => /^\d|^0[xX]/.test(t));
        if (numbers.length === 0) break;
        const [, k] = pick(numbers);
        const v = pick(EXTREMES);
        edits.push(`number ${k} := ${v}`);
        tokens[k] = v;
        break;
      }
      case 6: {
        if (idents.length === 0 || !/^[A-Za-z_]/.test(tokens[i] ?? '')) break;
        const v = pick(idents);
        edits.push(`identifier ${i} := ${v}`);
        tokens[i] = v;
        break;
      }
      default:
        edits.push(`cut at ${i}`);
        tokens.length = i;
    }
  }
  return { text: tokens.join(''), edits };
}

/** Our own P4 programs: the STF fixtures and the examples. */
export function corpusPrograms(root = new URL('../../', import.meta.url).pathname): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const stf = join(root, 'test/fixtures/stf');
  for (const f of readdirSync(stf).filter((f) => f.endsWith('.p4')).sort()) out.push({ name: `test/fixtures/stf/${f}`, text: readFileSync(join(stf, f), 'utf8') });
  const examples = join(root, 'examples');
  for (const d of readdirSync(examples, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(join(examples, d)).filter((f) => f.endsWith('.p4'))) out.push({ name: `examples/${d}/${f}`, text: readFileSync(join(examples, d, f), 'utf8') });
  }
  return out;
}

/** Mutant number `seed` of the corpus (the program is chosen by the seed too). */
export function mutantOf(programs: readonly { name: string; text: string }[], seed: number): Mutant {
  const random = prng(seed);
  const program = programs[Math.floor(random() * programs.length)]!;
  const { text, edits } = mutate(program.text, random);
  return { seed, source: program.name, text, edits };
}
