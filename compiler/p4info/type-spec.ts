/**
 * P4 types as the P4Info describes them (`P4DataTypeSpec`), collecting the named types they use
 * into the P4Info's `type_info` (as p4c's type-spec converter does).
 */
import type { IrStructType, IrType } from '../ir/nodes.ts';
import { widthOf } from '../ir/types.ts';
import type { BitstringLikeTypeSpec, DataTypeSpec, TypeInfo } from '../../runtime/p4runtime/p4info.ts';
import { nameAnnotation } from './annotations.ts';

type Members<T> = { members: T[] };

/** `type_info` as it is being filled. */
export class TypeInfoBuilder {
  private readonly structs = new Map<string, Members<{ name: string; type_spec: DataTypeSpec }>>();
  private readonly headers = new Map<string, Members<{ name: string; type_spec: BitstringLikeTypeSpec }>>();
  private readonly unions = new Map<string, Members<{ name: string; header: { name: string } }>>();
  private readonly enums = new Map<string, Members<{ name: string }>>();
  private errors: readonly string[] | undefined;

  constructor(private readonly errorNames: readonly string[]) {}

  /** The type spec of `type`, registering the named types it refers to. */
  specOf(type: IrType): DataTypeSpec {
    switch (type.kind) {
      case 'bits':
        return { bitstring: bitstringOf(type.width, type.signed) };
      case 'varbit':
        return { bitstring: { varbit: { max_bitwidth: type.maxWidth } } };
      case 'bool':
        return { bool: {} };
      case 'error':
        this.errors = this.errorNames;
        return { error: {} };
      case 'enum': {
        if (!this.enums.has(type.name)) this.enums.set(type.name, { members: type.members.map((name) => ({ name })) });
        return { enum: { name: type.name } };
      }
      case 'header':
        return { header: { name: this.header(type.decl) } };
      case 'union':
        return { header_union: { name: this.union(type.decl) } };
      case 'struct':
        return { struct: { name: this.struct(type.decl) } };
      case 'stack': {
        const element = type.element;
        if (element.kind === 'union') return { header_union_stack: { header_union: { name: this.union(element.decl) }, size: type.size } };
        if (element.kind === 'header') return { header_stack: { header: { name: this.header(element.decl) }, size: type.size } };
        return { tuple: { members: [] } };
      }
      case 'tuple':
        return { tuple: { members: type.elements.map((e) => this.specOf(e)) } };
      case 'string':
      case 'void':
        return { tuple: { members: [] } };
    }
  }

  build(): TypeInfo | undefined {
    const record = <T>(m: Map<string, T>): Record<string, T> | undefined => (m.size > 0 ? Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined);
    const info: TypeInfo = {
      ...(this.structs.size > 0 ? { structs: record(this.structs) } : {}),
      ...(this.headers.size > 0 ? { headers: record(this.headers) } : {}),
      ...(this.unions.size > 0 ? { header_unions: record(this.unions) } : {}),
      ...(this.enums.size > 0 ? { enums: record(this.enums) } : {}),
      ...(this.errors !== undefined ? { error: { members: [...this.errors] } } : {}),
    };
    return Object.keys(info).length > 0 ? info : undefined;
  }

  private struct(decl: IrStructType): string {
    const name = typeName(decl);
    if (!this.structs.has(name)) {
      const entry: Members<{ name: string; type_spec: DataTypeSpec }> = { members: [] };
      this.structs.set(name, entry);
      for (const f of decl.fields) entry.members.push({ name: f.name, type_spec: this.specOf(f.type) });
    }
    return name;
  }

  private header(decl: IrStructType): string {
    const name = typeName(decl);
    if (!this.headers.has(name)) {
      this.headers.set(name, {
        members: decl.fields.map((f) => ({
          name: f.name,
          type_spec: f.type.kind === 'bits' ? bitstringOf(f.type.width, f.type.signed) : f.type.kind === 'varbit' ? { varbit: { max_bitwidth: f.type.maxWidth } } : bitstringOf(widthOf(f.type), false),
        })),
      });
    }
    return name;
  }

  private union(decl: IrStructType): string {
    const name = typeName(decl);
    if (!this.unions.has(name)) {
      const entry: Members<{ name: string; header: { name: string } }> = { members: [] };
      this.unions.set(name, entry);
      for (const f of decl.fields) if (f.type.kind === 'header') entry.members.push({ name: f.name, header: { name: this.header(f.type.decl) } });
    }
    return name;
  }
}

function bitstringOf(width: number, signed: boolean): BitstringLikeTypeSpec {
  return signed ? { int: { bitwidth: width } } : { bit: { bitwidth: width } };
}

/** The control-plane name of a struct-like type: its `@name`, else its P4 name. */
export function typeName(decl: IrStructType): string {
  return nameAnnotation(decl.annotations) ?? decl.name;
}
