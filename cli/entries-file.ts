/** `--entries FILE.json` of the commands that run a switch: loads the file into the program's tables, groups and sessions. */
import { readFileSync } from 'node:fs';
import { formatControlDiagnostic } from '../runtime/control/errors.ts';
import { loadEntriesJson } from '../runtime/control/entries-json.ts';
import { p4tsEntrySections } from '../runtime/p4ts/entries-sections.ts';
import type { RuntimeTable } from '../runtime/control/runtime-table.ts';
import type { ActionProfile } from '../runtime/control/action-profile.ts';
import type { ValueSet } from '../runtime/support/value-set.ts';
import type { AnyProgram, AnySwitch } from '../runtime/switch/index.ts';
import { securityStoreOf } from './commands/execution-options.ts';

/** Applies the entries of `path`; prints each problem (`FILE:LINE:COL: error: …`) to stderr and returns false if there was any. */
export function applyEntriesFile<S>(p4: AnyProgram<S>, sw: AnySwitch<S>, path: string): boolean {
  const tables: RuntimeTable[] = [];
  const profiles: ActionProfile[] = [];
  const valueSets: ValueSet[] = [];
  for (const e of p4.objects.entries()) {
    if (e.kind === 'table') tables.push(e.object as RuntimeTable);
    else if (e.kind === 'action_profile' || e.kind === 'action_selector') profiles.push(e.object as ActionProfile);
    else if (e.kind === 'value_set') valueSets.push(e.object as ValueSet);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`${path}: error: cannot read (${e instanceof Error ? e.message : String(e)})\n`);
    return false;
  }
  const security = p4.objects.lookup('p4ts.security') !== undefined ? securityStoreOf(p4 as AnyProgram<unknown>) : undefined;
  const loaded = loadEntriesJson(text, path, { tables, profiles, valueSets, multicast: sw.multicast, mirroring: sw.mirroring, sections: p4tsEntrySections(security) });
  for (const d of loaded.diagnostics) process.stderr.write(`${formatControlDiagnostic(d)}\n`);
  return loaded.diagnostics.length === 0;
}
