/**
 * Whether our P4Runtime `.proto` files (runtime/p4runtime/proto/, written for p4ts) agree on the
 * wire with the P4Runtime project's own (fetched separately, never committed). Not a test: it
 * compares two descriptions.
 *
 *     npx tsx bench/proto-agreement.ts OFFICIAL_PROTO_DIR [--verbose]
 *
 * OFFICIAL_PROTO_DIR is the `proto/` folder of a p4lang/p4runtime checkout (it holds
 * `p4/v1/p4runtime.proto` and `p4/config/v1/p4info.proto`). Every message, field, enum value and
 * service method reachable from those two files is looked up in ours by its full name; a field
 * must have the same number, type, label (repeated, map) and oneof, an enum value the same
 * number, a method the same request and response types and streaming. What only we declare is
 * not a difference (a client never sends it). Exit code 0 when nothing differs, 1 otherwise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_DIR } from '../runtime/p4runtime/schema.ts';

const argv = process.argv.slice(2);
const official = argv.find((a) => !a.startsWith('--'));
const verbose = argv.includes('--verbose');
if (official === undefined || !existsSync(join(official, 'p4/v1/p4runtime.proto'))) {
  console.error('usage: npx tsx bench/proto-agreement.ts OFFICIAL_PROTO_DIR [--verbose]  (the proto/ folder of a p4lang/p4runtime checkout)');
  process.exit(1);
}

const FILES = ['p4/v1/p4runtime.proto', 'p4/config/v1/p4info.proto'];

/** The files of one folder, `google/protobuf/*` from protobufjs's own copies. */
function load(dir: string): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : join(dir, target));
  root.loadSync(FILES, { keepCase: true });
  root.resolveAll();
  return root;
}

const theirs = load(official);
const ours = load(PROTO_DIR);
const differences: string[] = [];
let compared = 0;

function lookup<T extends protobuf.ReflectionObject>(name: string, kind: new (...args: never[]) => T): T | undefined {
  const found = ours.lookup(name);
  return found instanceof kind ? found : undefined;
}

function typeName(f: protobuf.Field): string {
  return f.resolvedType ? f.resolvedType.fullName : f.type;
}

function compareType(t: protobuf.Type): void {
  const o = lookup(t.fullName, protobuf.Type);
  if (o === undefined) return void differences.push(`message ${t.fullName}: not in ours`);
  for (const f of t.fieldsArray) {
    compared++;
    const g = o.fields[f.name];
    const where = `${t.fullName}.${f.name}`;
    if (g === undefined) { differences.push(`field ${where} (${f.id}): not in ours`); continue; }
    if (g.id !== f.id) differences.push(`field ${where}: number ${f.id}, ours ${g.id}`);
    if (typeName(g) !== typeName(f)) differences.push(`field ${where}: type ${typeName(f)}, ours ${typeName(g)}`);
    if (g.repeated !== f.repeated || g.map !== f.map) differences.push(`field ${where}: label differs (repeated ${f.repeated}/${g.repeated}, map ${f.map}/${g.map})`);
    if (f.partOf?.name !== g.partOf?.name) differences.push(`field ${where}: oneof ${f.partOf?.name ?? '-'}, ours ${g.partOf?.name ?? '-'}`);
  }
}

function compareEnum(e: protobuf.Enum): void {
  const o = lookup(e.fullName, protobuf.Enum);
  if (o === undefined) return void differences.push(`enum ${e.fullName}: not in ours`);
  for (const [name, value] of Object.entries(e.values)) {
    compared++;
    if (o.values[name] !== value) differences.push(`enum ${e.fullName}.${name}: ${value}, ours ${o.values[name] ?? 'missing'}`);
  }
}

function compareService(s: protobuf.Service): void {
  const o = lookup(s.fullName, protobuf.Service);
  if (o === undefined) return void differences.push(`service ${s.fullName}: not in ours`);
  for (const m of s.methodsArray) {
    compared++;
    const g = o.methods[m.name];
    const shape = (x: protobuf.Method) => `${x.requestStream ? 'stream ' : ''}${x.resolvedRequestType?.fullName} → ${x.responseStream ? 'stream ' : ''}${x.resolvedResponseType?.fullName}`;
    if (g === undefined) differences.push(`method ${s.fullName}.${m.name}: not in ours`);
    else if (shape(g) !== shape(m)) differences.push(`method ${s.fullName}.${m.name}: ${shape(m)}, ours ${shape(g)}`);
  }
}

function walk(ns: protobuf.NamespaceBase): void {
  for (const n of ns.nestedArray) {
    if (n instanceof protobuf.Type) compareType(n);
    else if (n instanceof protobuf.Enum) compareEnum(n);
    else if (n instanceof protobuf.Service) compareService(n);
    if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n);
  }
}

walk(theirs);
for (const d of differences.slice(0, verbose ? undefined : 40)) console.log(d);
if (!verbose && differences.length > 40) console.log(`… ${differences.length - 40} more (--verbose)`);
console.log(`${compared} fields, enum values and methods compared: ${differences.length} difference(s)`);
process.exit(differences.length === 0 ? 0 : 1);
