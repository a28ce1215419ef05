/**
 * Which types a field of a header, header union or struct may have (spec 7.2.2-7.2.5). Used for
 * declarations and again for each specialization of a generic one (`H<int>` is checked with `int`).
 */
import type { Ident } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import type { CheckContext } from './context.ts';
import { typeToString, type Type } from './types.ts';

export function isHeaderFieldType(t: Type): boolean {
  switch (t.kind) {
    case 'bits': case 'varbit': case 'bool': case 'serializable_enum': case 'unknown': case 'typevar':
      return true;
    case 'newtype':
      return isHeaderFieldType(t.underlying);
    case 'struct':
      return t.fields.every((f) => isHeaderFieldType(f.type) && f.type.kind !== 'varbit');
    case 'stack':
      return isHeaderFieldType(t.element) || t.element.kind === 'struct';
    default:
      return false;
  }
}

export function checkFieldType(ctx: CheckContext, kind: 'header' | 'header_union' | 'struct', owner: string, name: Ident, t: Type): void {
  let ok: boolean;
  switch (kind) {
    case 'header':
      ok = isHeaderFieldType(t);
      break;
    case 'header_union':
      ok = t.kind === 'header' || t.kind === 'unknown' || t.kind === 'typevar';
      break;
    case 'struct':
      ok = !(t.kind === 'int' || t.kind === 'void' || t.kind === 'string' || t.kind === 'extern' || t.kind === 'parser' ||
        t.kind === 'control' || t.kind === 'package' || t.kind === 'match_kind' || t.kind === 'dontcare');
      break;
  }
  if (!ok) ctx.report(CheckDiagnostics.IllegalFieldType, name.span, [name.name, `${kind} ${owner}`, typeToString(t)]);
}
