/** Tables in generated code: one `RuntimeTable` per P4 table, described by its P4Info entry. */
import type { IrTable } from '../ir/nodes.ts';
import type { RuntimeImports } from './imports.ts';
import { externVariable } from './externs.ts';
import { jsName } from './naming.ts';
import { tableDescriptionOf } from './p4info.ts';

export function tableVariable(table: IrTable): string {
  return `t_${jsName(table.name.replace(/\./g, '_'))}`;
}

/** The statement creating a table and registering it for the control plane. */
export function createTable(table: IrTable, imports: RuntimeImports): string {
  const description = JSON.stringify(tableDescriptionOf(table));
  const RuntimeTable = imports.use('control', 'RuntimeTable');
  // `largest_priority_wins = false`: the smallest priority wins, for every entry of the table.
  const options = [
    ...(table.largestPriorityWins === false ? ["priorityOrder: 'lower-wins'"] : []),
    ...(table.implementation !== undefined ? [`profile: ${externVariable(table.implementation)}`] : []),
  ];
  const optionText = options.length > 0 ? `, { ${options.join(', ')} }` : '';
  return `const ${tableVariable(table)} = objects.add(${JSON.stringify(table.name)}, 'table', new ${RuntimeTable}(${description}${optionText}));`;
}
