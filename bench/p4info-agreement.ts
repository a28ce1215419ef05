/**
 * How far our P4Info agrees with the reference compiler's on its own test programs (fetched
 * separately, never committed). Not a test: it measures.
 *
 *     npx tsx bench/p4info-agreement.ts SAMPLES_DIR OUTPUTS_DIR [--arch v1model|psa] [--verbose]
 *
 * For every program X.p4 of the architecture (default v1model) in SAMPLES_DIR with a P4Info OUTPUTS_DIR/X.p4.p4info.txtpb
 * written by p4c, it builds ours and compares object by object (tables, actions, action
 * profiles, counters, meters, registers, value sets, digests, controller packet metadata): how
 * many of p4c's objects we have under the same name, how many of those have the same id and
 * alias, and the same match-field and parameter ids and names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticBag } from '../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../compiler/frontend.ts';
import { lowerProgram } from '../compiler/ir/index.ts';
import { buildP4Info } from '../compiler/p4info/index.ts';
import type { P4Info, Preamble } from '../runtime/p4runtime/p4info.ts';
import { messageType } from '../runtime/p4runtime/schema.ts';
import { parseText } from '../runtime/p4runtime/text-format.ts';

const argv = process.argv.slice(2);
const archAt = argv.indexOf('--arch');
const arch = archAt >= 0 ? argv[archAt + 1] : 'v1model';
const [samples, outputs] = argv.filter((a, i) => !a.startsWith('--') && !(archAt >= 0 && i === archAt + 1));
const verbose = argv.includes('--verbose');
if (samples === undefined || outputs === undefined || (arch !== 'v1model' && arch !== 'psa')) {
  console.error('usage: npx tsx bench/p4info-agreement.ts SAMPLES_DIR OUTPUTS_DIR [--arch v1model|psa] [--verbose]');
  process.exit(1);
}

const KINDS = ['tables', 'actions', 'action_profiles', 'counters', 'direct_counters', 'meters', 'direct_meters', 'registers', 'value_sets', 'digests', 'controller_packet_metadata'] as const;
type Obj = { preamble: Preamble; match_fields?: { id: number; name: string }[]; params?: { id: number; name: string }[]; metadata?: { id: number; name: string }[] };

const P4InfoType = messageType('p4.config.v1.P4Info');
let programs = 0;
let compiled = 0;
let theirs = 0;
let named = 0;
let sameId = 0;
let sameAlias = 0;
let fields = 0;
let sameFields = 0;
const notCompiled: string[] = [];
const mismatches: string[] = [];

for (const file of readdirSync(samples).filter((f) => f.endsWith('.p4')).sort()) {
  const reference = join(outputs, `${file}.p4info.txtpb`);
  if (!existsSync(reference)) continue;
  const ref = parseText<P4Info>(P4InfoType, readFileSync(reference, 'utf8'));
  if (ref.pkg_info?.arch !== arch) continue;
  programs++;
  const path = join(samples, file);
  const front = runFrontEnd(path);
  if (!front.ok || front.checked === undefined || front.unit === undefined) {
    notCompiled.push(file);
    continue;
  }
  let ours: P4Info;
  try {
    const ir = lowerProgram(front.checked, new DiagnosticBag(front.unit.sourceMap), { asyncAll: false }, path);
    if (ir === undefined) throw new Error('not lowered');
    ours = buildP4Info(ir).p4info;
  } catch {
    notCompiled.push(file);
    continue;
  }
  compiled++;
  for (const kind of KINDS) {
    const mine = new Map(((ours[kind] ?? []) as unknown as Obj[]).map((o) => [o.preamble.name, o]));
    for (const o of (ref[kind] ?? []) as unknown as Obj[]) {
      theirs++;
      const m = mine.get(o.preamble.name);
      if (m === undefined) {
        if (verbose) mismatches.push(`${file}: ${kind} ${o.preamble.name}: not in ours (ours: ${[...mine.keys()].join(', ')})`);
        continue;
      }
      named++;
      if (m.preamble.id === o.preamble.id) sameId++;
      else mismatches.push(`${file}: ${kind} ${o.preamble.name}: id ${m.preamble.id}, p4c ${o.preamble.id}`);
      if (m.preamble.alias === o.preamble.alias) sameAlias++;
      else if (verbose) mismatches.push(`${file}: ${kind} ${o.preamble.name}: alias ${m.preamble.alias}, p4c ${o.preamble.alias}`);
      for (const list of ['match_fields', 'params', 'metadata'] as const) {
        for (const f of o[list] ?? []) {
          fields++;
          if ((m[list] ?? []).some((x) => x.id === f.id && x.name === f.name)) sameFields++;
          else if (verbose) mismatches.push(`${file}: ${kind} ${o.preamble.name}: ${list} ${f.name} (id ${f.id}) differs: ours ${JSON.stringify(m[list] ?? [])}`);
        }
      }
    }
  }
}

for (const m of mismatches) console.log(`  ${m}`);
for (const f of notCompiled) console.log(`  NOT COMPILED ${f}`);
const pct = (a: number, b: number) => `${b === 0 ? 100 : ((100 * a) / b).toFixed(1)}%`;
console.log(`${arch} programs with a p4c P4Info: ${programs}, ours built for ${compiled}`);
console.log(`objects in p4c's P4Infos of those: ${theirs}; ours has ${named} of them by name (${pct(named, theirs)})`);
console.log(`same id: ${sameId} of ${named} (${pct(sameId, named)}); same alias: ${sameAlias} (${pct(sameAlias, named)})`);
console.log(`match fields, parameters, packet metadata with the same id and name: ${sameFields} of ${fields} (${pct(sameFields, fields)})`);
