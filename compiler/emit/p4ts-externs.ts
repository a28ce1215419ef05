/**
 * p4ts's own externs (compiler/p4include/p4ts.p4): at a site, the generated code fills the
 * packet's `PayloadTask`; the backend then runs it (sync), yields it (context) or parks the
 * packet with it (longjump).
 */
import type { IrExternCall } from '../ir/nodes.ts';
import type { ExpressionEmitter } from './expressions.ts';
import type { RuntimeImports } from './imports.ts';
import { valueKind } from './representation.ts';

/** The operation number (runtime `PayloadOp`) of each p4ts extern. */
const OPERATIONS: Readonly<Record<string, number>> = {
  esp_encapsulate: 1,
  esp_decapsulate: 2,
  aes_encrypt_payload: 3,
  aes_decrypt_payload: 4,
  hmac_append: 5,
  hmac_verify: 6,
  burn: 7,
};

export const PAYLOAD_TASK = 'd.state.$p4ts';

export function isP4tsExtern(name: string): boolean {
  return name in OPERATIONS;
}

/** The statement preparing the packet's task for this call. */
export function prepareP4tsTask(call: IrExternCall, exprs: ExpressionEmitter, imports: RuntimeImports): string {
  imports.use('p4ts', 'PayloadTask');
  const op = OPERATIONS[call.name]!;
  const args = call.arguments.map((a) => {
    if (a.value === undefined) return '0';
    const v = exprs.emit(a.value);
    return valueKind(a.value.type) === 'big' ? `Number(${v})` : v;
  });
  const site = call.site?.id ?? 0;
  return `${PAYLOAD_TASK}.prepare(d, ${site}, ${op} /* ${call.name} */${args.length > 0 ? `, ${args.join(', ')}` : ''});`;
}
