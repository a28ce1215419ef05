/**
 * Writes the entries files of custom-extern: `entries/burn-C-S.json` gives S% of the traffic
 * (flows 0..S-1 of destinations cycling over 100) a burn(C) task on its way from port 1 to
 * port 2; the rest is forwarded. Port 2 traffic is forwarded to port 1.
 *
 *   npx tsx examples/custom-extern/make-entries.ts                 # the 18 files of entries/
 *   npx tsx examples/custom-extern/make-entries.ts 3000 50         # one more, printed
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CYCLES = [500, 1000, 2000, 5000, 10000, 20000] as const;
export const SHARES = [100, 20, 10] as const;

const TABLE = 'WorkIngress.work_policy';

export function entriesJson(cycles: number, share: number): string {
  const entries: object[] = [
    { table: TABLE, match: { 'std_meta.ingress_port': 1, 'meta.flow': [0, share - 1] }, action_name: 'WorkIngress.work', action_params: { cycles, port: 2 }, priority: 10 },
    { table: TABLE, match: { 'std_meta.ingress_port': 1, 'meta.flow': [share, 255] }, action_name: 'WorkIngress.forward', action_params: { port: 2 }, priority: 10 },
    { table: TABLE, match: { 'std_meta.ingress_port': 2, 'meta.flow': [0, 255] }, action_name: 'WorkIngress.forward', action_params: { port: 1 }, priority: 10 },
  ];
  return `{\n  "table_entries": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}

const args = process.argv.slice(2);
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (args.length === 2 && args.every((a) => /^\d+$/.test(a)) && Number(args[1]) >= 1 && Number(args[1]) <= 100) {
    process.stdout.write(entriesJson(Number(args[0]), Number(args[1])));
  } else if (args.length === 0) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'entries');
    mkdirSync(dir, { recursive: true });
    for (const c of CYCLES) for (const s of SHARES) writeFileSync(join(dir, `burn-${c}-${s}.json`), entriesJson(c, s));
    process.stdout.write(`wrote ${CYCLES.length * SHARES.length} files in ${dir}\n`);
  } else {
    process.stderr.write('usage: make-entries.ts [CYCLES SHARE(1..100)]\n');
    process.exit(1);
  }
}
