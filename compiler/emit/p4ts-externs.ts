/**
 * p4ts's own externs (compiler/p4include/p4ts.p4): at a site, the generated code fills the
 * packet's `PayloadTask`; the backend then runs it (sync), yields it (context) or parks the
 * packet with it (longjump).
 */
import { payloadOpOf } from '../../contract/p4ts-operations.ts';
import type { IrExternCall } from '../ir/nodes.ts';
import type { ExpressionEmitter } from './expressions.ts';
import type { RuntimeImports } from './imports.ts';
import { valueKind } from './representation.ts';


export const PAYLOAD_TASK = 'd.state.$p4ts';

export function isP4tsExtern(name: string): boolean {
  return payloadOpOf(name) !== undefined;
}

/** The statement preparing the packet's task for this call. */
export function prepareP4tsTask(call: IrExternCall, exprs: ExpressionEmitter, imports: RuntimeImports): string {
  imports.use('p4ts', 'PayloadTask');
  const op = payloadOpOf(call.name)!;
  const args = call.arguments.map((a) => {
    if (a.value === undefined) return '0';
    const v = exprs.emit(a.value);
    return valueKind(a.value.type) === 'wide' ? `Number(${v})` : v;
  });
  const site = call.site?.id ?? 0;
  return `${PAYLOAD_TASK}.prepare(d, ${site}, ${op} /* ${call.name} */${args.length > 0 ? `, ${args.join(', ')}` : ''});`;
}
