/**
 * From the checker's semantic types to IR types: widths become numbers, typedefs and new types
 * disappear into their representation, serializable enums become their underlying `bit<W>`,
 * and each distinct header/union/struct type gets one `IrStructType` with its wire layout.
 */
import type { Annotation } from '../ast/nodes.ts';
import type { StructLikeType, Type } from '../check/types.ts';
import type { IrField, IrStructType, IrType } from './nodes.ts';

export const IR_BOOL: IrType = { kind: 'bool' };
export const IR_ERROR: IrType = { kind: 'error' };
export const IR_VOID: IrType = { kind: 'void' };
export const IR_STRING: IrType = { kind: 'string' };

export function irBits(width: number, signed = false): IrType {
  return { kind: 'bits', width, signed };
}

/** How a fixed-width integer is held at run time (the contract's one definition). */
export { bitsRepresentation } from '../../contract/value-representation.ts';

/** Annotations as a name → arguments map (constant arguments as JS values). */
export function annotationMap(annotations: readonly Annotation[]): ReadonlyMap<string, readonly unknown[]> {
  const map = new Map<string, unknown[]>();
  for (const a of annotations) {
    const body = a.body;
    let args: unknown[] = [];
    if (body.kind === 'Expressions') {
      args = body.items.map((e) => {
        switch (e.kind) {
          case 'StringLiteral': return e.value;
          case 'IntLiteral': return e.value;
          case 'BoolLiteral': return e.value;
          default: return undefined;
        }
      });
    } else if (body.kind === 'Unparsed') {
      args = [body.text];
    }
    map.set(a.name.name, args);
  }
  return map;
}

/** Keeps one `IrStructType` per distinct struct-like type. */
export class StructRegistry {
  private readonly byKey = new Map<string, IrStructType>();
  private readonly usedNames = new Set<string>();
  private readonly declIds = new Map<object, number>();

  get all(): readonly IrStructType[] {
    return [...this.byKey.values()];
  }

  private keyOf(t: StructLikeType): string {
    let id = this.declIds.get(t.decl);
    if (id === undefined) {
      id = this.declIds.size;
      this.declIds.set(t.decl, id);
    }
    return t.typeArgs.length === 0 ? `${id}` : `${id}<${t.typeArgs.map(typeKey).join(',')}>`;
  }

  structOf(t: StructLikeType): IrStructType {
    const key = this.keyOf(t);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let name = t.name;
    for (let n = 2; this.usedNames.has(name); n++) name = `${t.name}_${n}`;
    this.usedNames.add(name);
    // Reserve before lowering fields (a struct cannot contain itself, but stay safe).
    const fields: IrField[] = [];
    const kind = t.kind === 'header' ? 'header' : t.kind === 'header_union' ? 'union' : 'struct';
    const struct: IrStructType = { kind, name, fields, fixedWidth: 0, annotations: annotationMap(t.decl.annotations), span: t.decl.span };
    this.byKey.set(key, struct);
    let offset = 0;
    for (const f of t.fields) {
      const type = this.lower(f.type);
      const decl = t.decl.fields.find((d) => d.name.name === f.name);
      fields.push({ name: f.name, type, bitOffset: offset, annotations: annotationMap(decl?.annotations ?? []) });
      if (kind === 'header' && type.kind !== 'varbit') offset += widthOf(type);
    }
    (struct as { fixedWidth: number }).fixedWidth = offset;
    return struct;
  }

  /** The IR type of a semantic type; `undefined` for types that have no run-time value. */
  lower(type: Type): IrType {
    switch (type.kind) {
      case 'bits': return irBits(type.width, type.signed);
      case 'varbit': return { kind: 'varbit', maxWidth: type.maxWidth };
      case 'int': return irBits(64, true); // only reaches run time through constants; cast before use
      case 'bool': return IR_BOOL;
      case 'string': return IR_STRING;
      case 'error': return IR_ERROR;
      case 'match_kind': return IR_STRING;
      case 'void': return IR_VOID;
      case 'header': return { kind: 'header', decl: this.structOf(type) };
      case 'header_union': return { kind: 'union', decl: this.structOf(type) };
      case 'struct': return { kind: 'struct', decl: this.structOf(type) };
      case 'enum': return { kind: 'enum', name: type.name, members: type.members };
      case 'serializable_enum': return irBits(type.underlying.width, type.underlying.signed);
      case 'stack': return { kind: 'stack', element: this.lower(type.element), size: type.size };
      case 'tuple': return { kind: 'tuple', elements: type.elements.map((e) => this.lower(e)) };
      case 'list': return { kind: 'tuple', elements: [] };
      case 'newtype': return this.lower(type.underlying);
      case 'action_run': return irBits(32);
      case 'anonymous_struct': return { kind: 'tuple', elements: type.fields.map((f) => this.lower(f.type)) };
      case 'extern':
      case 'parser':
      case 'control':
      case 'package':
      case 'action':
      case 'function':
      case 'table':
      case 'table_result':
      case 'typevar':
      case 'set':
      case 'type_name':
      case 'invalid_header':
      case 'dontcare':
      case 'state':
      case 'unknown':
        return IR_VOID;
    }
  }
}

function typeKey(t: Type): string {
  switch (t.kind) {
    case 'bits': return `${t.signed ? 'i' : 'b'}${t.width}`;
    case 'varbit': return `v${t.maxWidth}`;
    case 'header':
    case 'header_union':
    case 'struct':
    case 'enum':
    case 'serializable_enum':
    case 'extern':
    case 'newtype':
      return t.name;
    case 'stack': return `${typeKey(t.element)}[${t.size}]`;
    case 'tuple': return `(${t.elements.map(typeKey).join(',')})`;
    default: return t.kind;
  }
}

/** Width in bits of a bits-like IR type (bool counts 1), or 0. */
export function widthOf(type: IrType): number {
  switch (type.kind) {
    case 'bits': return type.width;
    case 'bool': return 1;
    case 'varbit': return type.maxWidth;
    case 'header': return type.decl.fixedWidth;
    case 'struct':
    case 'union': {
      let w = 0;
      for (const f of type.decl.fields) w += widthOf(f.type);
      return w;
    }
    case 'stack': return widthOf(type.element) * type.size;
    case 'tuple': return type.elements.reduce((s, e) => s + widthOf(e), 0);
    default: return 0;
  }
}

/**
 * The width of a value as the control plane and the tables hold it: `widthOf`, and for the types
 * without one, an `error` as a 32-bit number and an enum as its member index in the fewest bits.
 */
export function controlPlaneWidth(type: IrType): number {
  if (type.kind === 'enum') return Math.max(1, Math.ceil(Math.log2(Math.max(1, type.members.length))));
  if (type.kind === 'error') return 32;
  return widthOf(type);
}

export function isComposite(type: IrType): boolean {
  return type.kind === 'header' || type.kind === 'union' || type.kind === 'struct' || type.kind === 'stack' || type.kind === 'tuple';
}
