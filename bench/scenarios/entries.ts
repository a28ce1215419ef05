/** Control-plane setup from an example's entries JSON file (the traffic mixes are one file each). */
import { readFileSync } from 'node:fs';
import { loadEntriesJson, RuntimeTable, formatControlDiagnostic } from '../../runtime/control/index.ts';
import { p4tsEntrySections } from '../../runtime/p4ts/entries-sections.ts';
import type { SecurityStore } from '../../runtime/p4ts/index.ts';
import type { ControlPlaneRegistry } from '../../runtime/v1model/index.ts';

export function configureFromEntries(file: string): (objects: ControlPlaneRegistry) => void {
  const text = readFileSync(file, 'utf8');
  return (objects) => {
    const tables: RuntimeTable[] = [];
    for (const e of objects.entries()) if (e.object instanceof RuntimeTable) tables.push(e.object);
    const security = objects.lookup('p4ts.security')?.object as SecurityStore | undefined;
    const result = loadEntriesJson(text, file, { tables, sections: p4tsEntrySections(security) });
    if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => formatControlDiagnostic(d)).join('\n'));
  };
}
