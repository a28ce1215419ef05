/**
 * The work of the paper's programs, derived from the IR of the example programs in `examples/`:
 * each example is classified by the p4ts operations its extern sites run (ESP encapsulation: the
 * IPsec gateway; `burn`: the custom extern; AES encryption: the simple encryption), `l2fwd` by
 * name. A burn point's cycles replace the example's (they are a table entry there).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_FRAME_BYTES, type PacketWorkDerivation } from '../../compiler/packet-work/index.ts';
import type { PacketWork, PaperProgram, PaperWorkSource, PathWork } from '../../runtime/model/index.ts';
import { PAPER_FRAME_BYTES, PAPER_PROGRAMS } from '../../runtime/model/index.ts';
import { PayloadOp } from '../../contract/p4ts-operations.ts';
import { deriveProgramWork } from './program-work.ts';

/** The examples folder of this checkout. */
export const EXAMPLES_DIR = new URL('../../examples/', import.meta.url).pathname;

export interface PaperWork {
  readonly workOf: PaperWorkSource;
  /** The example each program's work comes from. */
  readonly sources: Readonly<Record<PaperProgram, string>>;
}

export class MissingExampleError extends Error {}

function exampleFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e);
    if (e.endsWith('.p4')) files.push(path);
    else if (statSync(path).isDirectory()) {
      for (const f of readdirSync(path).sort()) if (f.endsWith('.p4')) files.push(join(path, f));
    }
  }
  return files;
}

/** Which paper program a derived example is: by its sites' operations, or l2fwd by name. */
function classify(file: string, d: PacketWorkDerivation): PaperProgram | undefined {
  const ops = new Set(d.traces.extern.sites.map((s) => s.op));
  if (ops.has(PayloadOp.EspEncapsulate)) return 'ipsec-esp';
  if (ops.has(PayloadOp.Burn)) return 'burn';
  if (ops.has(PayloadOp.AesEncrypt)) return 'encryption';
  if (!d.hasSites && /l2fwd|l2-?forward/.test(basename(file))) return 'l2fwd';
  return undefined;
}

/** The same work with every `burn` op taking `cycles`. */
export function withBurnCycles(work: PacketWork, cycles: number): PacketWork {
  const path = (p: PathWork): PathWork => ({
    ...p,
    externCalls: p.externCalls.map((c) => ({ ...c, ops: c.ops.map((op) => (op.kind === 'burn' ? { ...op, cycles } : op)) })),
  });
  const extern = path(work.extern);
  return { ...work, plain: work.plain === work.extern ? extern : path(work.plain), extern };
}

function relativeToCwd(file: string): string {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

/** The work of every paper program, from the first example of each kind that compiles. */
export async function paperWork(examplesDir: string = EXAMPLES_DIR): Promise<PaperWork> {
  const derived = new Map<PaperProgram, { file: string; work: PacketWork }>();
  for (const file of exampleFiles(examplesDir)) {
    const r = deriveProgramWork(file);
    if (!r.ok || r.derivation === undefined) continue;
    const program = classify(file, r.derivation);
    if (program !== undefined && !derived.has(program)) derived.set(program, { file, work: r.derivation.work });
  }
  const missing = PAPER_PROGRAMS.filter((p) => !derived.has(p));
  if (missing.length > 0) throw new MissingExampleError(`${examplesDir}: no example program for ${missing.join(', ')}`);
  const sources = {} as Record<PaperProgram, string>;
  for (const p of PAPER_PROGRAMS) sources[p] = `IR of ${relativeToCwd(derived.get(p)!.file)}`;
  /** Other frame sizes: the same example derived again with that frame, once each. */
  const atFrame = new Map<string, PacketWork>();
  const workAt = (program: PaperProgram, frameBytes: number): PacketWork => {
    const d = derived.get(program)!;
    if (frameBytes === DEFAULT_FRAME_BYTES) return d.work; // what the examples were derived with
    const key = `${program}/${frameBytes}`;
    let work = atFrame.get(key);
    if (work === undefined) {
      const r = deriveProgramWork(d.file, { include: [], define: [], frameBytes });
      if (!r.ok || r.derivation === undefined) throw new MissingExampleError(`${d.file}: no work derived for ${frameBytes}-byte frames`);
      work = r.derivation.work;
      atFrame.set(key, work);
    }
    return work;
  };
  return {
    sources,
    workOf(program, cycles, frameBytes = PAPER_FRAME_BYTES) {
      const work = workAt(program, frameBytes);
      return program === 'burn' ? withBurnCycles(work, cycles) : work;
    },
  };
}
