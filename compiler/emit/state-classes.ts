/**
 * The generated classes for headers, unions, structs and stacks, and per header type the
 * functions that read it from packet bytes and write it back (`extract_T`, `emit_T`), with
 * byte-aligned fields read by plain byte arithmetic.
 */
import type { IrField, IrProgram, IrStructType, IrType } from '../ir/nodes.ts';
import type CodeBlockWriter from 'code-block-writer';
import type { RuntimeImports } from './imports.ts';
import { jsName, property } from './naming.ts';
import { className, stackClassName, tsType, valueKind, zeroLiteral } from './representation.ts';
import { EmitError } from './expressions.ts';
import { widthOf } from '../ir/types.ts';

/** Every stack type used anywhere in the program's structs (and locals). */
export function stackTypes(ir: IrProgram, extra: readonly IrType[]): Map<string, IrType & { kind: 'stack' }> {
  const stacks = new Map<string, IrType & { kind: 'stack' }>();
  const visit = (t: IrType) => {
    if (t.kind === 'stack') {
      stacks.set(stackClassName(t), t);
      visit(t.element);
    }
  };
  for (const s of ir.structs) for (const f of s.fields) visit(f.type);
  extra.forEach(visit);
  return stacks;
}

/** `new T()` or the zero literal for a field's initial value. */
export function initialValue(type: IrType): string {
  switch (type.kind) {
    case 'header':
    case 'union':
    case 'struct':
      return `new ${className(type.decl)}()`;
    case 'stack':
      return `new ${stackClassName(type)}()`;
    case 'tuple':
      return `[${type.elements.map(initialValue).join(', ')}]`;
    default:
      return zeroLiteral(type);
  }
}

function isObject(type: IrType): boolean {
  return valueKind(type) === 'object';
}

/** Statements resetting `target` (an expression) of `type`: headers invalid, scalars zero. */
export function resetStatements(target: string, type: IrType): string[] {
  switch (type.kind) {
    case 'header':
    case 'union':
    case 'struct':
      return [`reset_${className(type.decl)}(${target});`];
    case 'stack':
      return [`for (const item of ${target}.items) ${resetStatements('item', type.element).join(' ')}`, `${target}.nextIndex = 0;`];
    case 'tuple':
      return type.elements.flatMap((t, i) => (isObject(t) ? resetStatements(`${target}[${i}]`, t) : [`${target}[${i}] = ${zeroLiteral(t)};`]));
    default:
      return [`${target} = ${zeroLiteral(type)};`];
  }
}

/** Statements copying `source` into `target` (both of `type`). */
export function copyStatements(target: string, source: string, type: IrType): string[] {
  switch (type.kind) {
    case 'header':
    case 'union':
    case 'struct':
      return [`copy_${className(type.decl)}(${target}, ${source});`];
    case 'stack':
      return [
        `for (let i = 0; i < ${type.size}; i++) ${copyStatements(`${target}.items[i]`, `${source}.items[i]`, type.element).join(' ')}`,
        `${target}.nextIndex = ${source}.nextIndex;`,
      ];
    case 'tuple':
      return type.elements.flatMap((t, i) => (isObject(t) ? copyStatements(`${target}[${i}]`, `${source}[${i}]`, t) : [`${target}[${i}] = ${source}[${i}];`]));
    default:
      return [`${target} = ${source};`];
  }
}

function writeStructClass(w: CodeBlockWriter, s: IrStructType, locate: (s: IrStructType) => string): void {
  w.writeLine(`/** ${s.kind === 'union' ? 'header_union' : s.kind} ${s.name} (${locate(s)}) */`);
  w.write(`export class ${className(s)}`).block(() => {
    if (s.kind === 'header') w.writeLine('$valid = false;');
    for (const f of s.fields) w.writeLine(`${jsName(f.name)}: ${tsType(f.type)} = ${initialValue(f.type)};`);
    if (hasVarbit(s)) for (const f of s.fields.filter((x) => x.type.kind === 'varbit')) w.writeLine(`${jsName(f.name)}$width = 0;`);
  });
  w.blankLine();
  const name = className(s);
  w.write(`function reset_${name}(x: ${name}): void`).block(() => {
    if (s.kind === 'header') w.writeLine('x.$valid = false;');
    for (const f of s.fields) for (const line of resetStatements(`x${property(f.name)}`, f.type)) w.writeLine(line);
  });
  w.blankLine();
  w.write(`function copy_${name}(dst: ${name}, src: ${name}): void`).block(() => {
    if (s.kind === 'header') w.writeLine('dst.$valid = src.$valid;');
    for (const f of s.fields) for (const line of copyStatements(`dst${property(f.name)}`, `src${property(f.name)}`, f.type)) w.writeLine(line);
    if (hasVarbit(s)) for (const f of s.fields.filter((x) => x.type.kind === 'varbit')) w.writeLine(`dst.${jsName(f.name)}$width = src.${jsName(f.name)}$width;`);
  });
  w.blankLine();
}

function hasVarbit(s: IrStructType): boolean {
  return s.fields.some((f) => f.type.kind === 'varbit');
}

/** A scalar field of a header, also inside a struct nested in it, with its bit offset. */
export interface LeafField {
  readonly path: string;
  readonly type: IrType;
  readonly bitOffset: number;
}

/**
 * The scalar fields of a header in wire order (structs inside headers are flattened). A `bit<0>`
 * field is not on the wire: it is left out here and always holds 0.
 */
function leafFields(fields: readonly IrField[], base: number, path: string): LeafField[] {
  const leaves: LeafField[] = [];
  let offset = base;
  for (const f of fields) {
    const p = `${path}${property(f.name)}`;
    if (f.type.kind === 'struct' || f.type.kind === 'header') {
      leaves.push(...leafFields(f.type.decl.fields, offset, p));
      offset += widthOf(f.type);
      continue;
    }
    if (widthOf(f.type) > 0) leaves.push({ path: p, type: f.type, bitOffset: offset });
    offset += widthOf(f.type);
  }
  return leaves;
}

/** The expression reading a field of `width` bits at bit `offset` of a header starting at byte `p`. */
export function readField(imports: RuntimeImports, f: LeafField): string {
  const width = f.type.kind === 'bits' ? f.type.width : f.type.kind === 'bool' ? 1 : 0;
  const o = f.bitOffset;
  let value: string;
  if (o % 8 === 0 && (width === 8 || width === 16 || width === 32)) {
    const k = o / 8;
    const byte = (i: number) => `data[p + ${k + i}]`;
    if (width === 8) value = byte(0);
    else if (width === 16) value = `(${byte(0)} << 8 | ${byte(1)})`;
    else value = `((${byte(0)} << 24 | ${byte(1)} << 16 | ${byte(2)} << 8 | ${byte(3)}) >>> 0)`;
  } else if (width <= 32 && (o % 8) + width <= 32) {
    value = readSpan(o, width);
  } else if (width <= 32) {
    value = `${imports.use('packet', 'readBits')}(data, p * 8 + ${o}, ${width})`;
  } else if (valueKind(f.type) === 'number53' && o % 8 === 0 && width % 8 === 0) {
    // 40 or 48 bits (a MAC address): the high bytes times 2^32 plus the low 32 bits, exact in a double
    const k = o / 8;
    const hiBytes = width / 8 - 4;
    const hi = Array.from({ length: hiBytes }, (_, i) => `data[p + ${k + i}] << ${8 * (hiBytes - 1 - i)}`).join(' | ').replace(/ << 0$/, '');
    const lo = `((data[p + ${k + hiBytes}] << 24 | data[p + ${k + hiBytes + 1}] << 16 | data[p + ${k + hiBytes + 2}] << 8 | data[p + ${k + hiBytes + 3}]) >>> 0)`;
    value = `(${hi}) * 4294967296 + ${lo}`;
  } else if (valueKind(f.type) === 'number53') {
    value = `${imports.use('packet', 'readBits53')}(data, p * 8 + ${o}, ${width})`;
  } else {
    value = `${imports.use('packet', 'readWide')}(data, p * 8 + ${o}, ${width})`;
  }
  if (f.type.kind === 'bool') return `${value} !== 0`;
  if (f.type.kind === 'bits' && f.type.signed) {
    if (valueKind(f.type) === 'wide') return `BigInt.asIntN(${width}, ${value})`;
    return width === 32 ? `${value} | 0` : `(${value} << ${32 - width}) >> ${32 - width}`;
  }
  return value;
}

export function writeField(imports: RuntimeImports, f: LeafField, source: string): string {
  const width = f.type.kind === 'bits' ? f.type.width : f.type.kind === 'bool' ? 1 : 0;
  const o = f.bitOffset;
  const v = f.type.kind === 'bool' ? `(${source} ? 1 : 0)` : source;
  if (o % 8 === 0 && (width === 8 || width === 16 || width === 32)) {
    const k = o / 8;
    if (width === 8) return `out[p + ${k}] = ${v};`;
    if (width === 16) return `out[p + ${k}] = ${v} >>> 8; out[p + ${k + 1}] = ${v};`;
    return `out[p + ${k}] = ${v} >>> 24; out[p + ${k + 1}] = ${v} >>> 16; out[p + ${k + 2}] = ${v} >>> 8; out[p + ${k + 3}] = ${v};`;
  }
  if (width <= 32 && (o % 8) + width <= 32) return writeSpan(o, width, v);
  if (width <= 32) return `${imports.use('packet', 'writeBits')}(out, p * 8 + ${o}, ${width}, ${v});`;
  if (valueKind(f.type) === 'number53' && o % 8 === 0 && width % 8 === 0) {
    const k = o / 8;
    const hiBytes = width / 8 - 4;
    const parts = ['const v = ' + v + ';', 'const lo = v >>> 0;', 'const hi = (v - lo) / 4294967296;'];
    for (let i = 0; i < hiBytes; i++) parts.push(`out[p + ${k + i}] = hi${shiftRight(8 * (hiBytes - 1 - i))};`);
    for (let i = 0; i < 4; i++) parts.push(`out[p + ${k + hiBytes + i}] = lo${shiftRight(8 * (3 - i))};`);
    return `{ ${parts.join(' ')} }`;
  }
  if (valueKind(f.type) === 'number53') return `${imports.use('packet', 'writeBits53')}(out, p * 8 + ${o}, ${width}, ${v});`;
  return `${imports.use('packet', 'writeWide')}(out, p * 8 + ${o}, ${width}, ${v});`;
}

function shiftRight(n: number): string {
  return n === 0 ? '' : ` >>> ${n}`;
}

/**
 * A field of `width` ≤ 32 bits at bit `o` of the header that lies within 4 bytes: the bytes it
 * touches gathered into one unsigned number, shifted and masked (no call, no loop).
 */
function readSpan(o: number, width: number): string {
  const k = Math.floor(o / 8);
  const s = o % 8;
  const n = Math.ceil((s + width) / 8);
  const gathered = Array.from({ length: n }, (_, i) => `data[p + ${k + i}]${n - 1 - i === 0 ? '' : ` << ${8 * (n - 1 - i)}`}`).join(' | ');
  const drop = 8 * n - s - width;
  const acc = n === 1 ? gathered : `(${gathered})`;
  const shifted = drop === 0 ? acc : `(${acc} >>> ${drop})`;
  const mask = width === 32 ? 0xffffffff : 2 ** width - 1;
  if (s === 0 && drop === 0 && n < 4) return shifted; // whole bytes below 32 bits (e.g. 24): nothing to mask
  return width === 32 ? `(${shifted} >>> 0)` : `(${shifted} & ${mask})`;
}

/** Writes a field placed as in `readSpan`: each touched byte keeps its bits outside the field. */
function writeSpan(o: number, width: number, source: string): string {
  const k = Math.floor(o / 8);
  const s = o % 8;
  const n = Math.ceil((s + width) / 8);
  const up = 8 * n - s - width; // the field's shift within the n bytes
  const fieldMask = (2n ** BigInt(width) - 1n) << BigInt(up);
  const parts = [`const v = ${source};`];
  for (let i = 0; i < n; i++) {
    const down = 8 * (n - 1 - i); // this byte's shift within the n bytes
    const byteMask = Number((fieldMask >> BigInt(down)) & 0xffn);
    if (byteMask === 0) continue;
    const net = up - down;
    const shifted = net === 0 ? 'v' : net > 0 ? `v << ${net}` : `v >>> ${-net}`;
    const at = `out[p + ${k + i}]`;
    parts.push(byteMask === 0xff ? `${at} = ${shifted};` : `${at} = (${at} & ${~byteMask & 0xff}) | ((${shifted}) & ${byteMask});`);
  }
  return `{ ${parts.join(' ')} }`;
}

function writeHeaderCodec(w: CodeBlockWriter, imports: RuntimeImports, s: IrStructType): void {
  const name = className(s);
  if (hasVarbit(s)) {
    writeVarbitCodec(w, imports, s);
    return;
  }
  if (s.fixedWidth % 8 !== 0) throw new EmitError(`header ${s.name} is ${s.fixedWidth} bits long, not a whole number of bytes`, s.span);
  w.writeLine(`/** Reads ${s.name} (${s.fixedWidth / 8} bytes) from \`data\` at byte \`p\`. */`);
  w.write(`function extract_${name}(h: ${name}, data: Uint8Array, p: number): void`).block(() => {
    for (const f of leafFields(s.fields, 0, 'h')) w.writeLine(`${f.path} = ${readField(imports, f)};`);
    w.writeLine('h.$valid = true;');
  });
  w.blankLine();
  w.writeLine(`/** Writes ${s.name} to \`out\` at byte \`p\`. */`);
  w.write(`function emit_${name}(h: ${name}, out: Uint8Array, p: number): void`).block(() => {
    for (const f of leafFields(s.fields, 0, 'h')) w.writeLine(writeField(imports, f, f.path));
  });
  w.blankLine();
}

/** Headers with a varbit field: the field's length comes from `extract(h, bits)`. */
function writeVarbitCodec(w: CodeBlockWriter, imports: RuntimeImports, s: IrStructType): void {
  const name = className(s);
  const readWide = imports.use('packet', 'readWide');
  const writeWide = imports.use('packet', 'writeWide');
  w.writeLine(`/** Reads ${s.name}, whose varbit field takes \`varbits\` bits, from \`data\` at byte \`p\`. */`);
  w.write(`function extract_${name}(h: ${name}, data: Uint8Array, p: number, varbits: number): void`).block(() => {
    w.writeLine('let bit = p * 8;');
    for (const f of s.fields) {
      if (f.type.kind === 'varbit') {
        w.writeLine(`h.${jsName(f.name)} = varbits === 0 ? 0n : ${readWide}(data, bit, varbits); h.${jsName(f.name)}$width = varbits; bit += varbits;`);
      } else {
        const width = f.type.kind === 'bits' ? f.type.width : 1;
        const value = valueKind(f.type) === 'wide' ? `${readWide}(data, bit, ${width})` : `${imports.use('packet', width <= 32 ? 'readBits' : 'readBits53')}(data, bit, ${width})`;
        w.writeLine(`h${property(f.name)} = ${f.type.kind === 'bool' ? `${value} !== 0` : value}; bit += ${width};`);
      }
    }
    w.writeLine('h.$valid = true;');
  });
  w.blankLine();
  w.write(`function emit_${name}(h: ${name}, out: Uint8Array, p: number): number`).block(() => {
    w.writeLine('let bit = p * 8;');
    for (const f of s.fields) {
      if (f.type.kind === 'varbit') {
        w.writeLine(`if (h.${jsName(f.name)}$width > 0) ${writeWide}(out, bit, h.${jsName(f.name)}$width, h.${jsName(f.name)}); bit += h.${jsName(f.name)}$width;`);
      } else {
        const width = f.type.kind === 'bits' ? f.type.width : 1;
        const v = f.type.kind === 'bool' ? `(h${property(f.name)} ? 1 : 0)` : `h${property(f.name)}`;
        const writer = valueKind(f.type) === 'wide' ? writeWide : imports.use('packet', width <= 32 ? 'writeBits' : 'writeBits53');
        w.writeLine(`${writer}(out, bit, ${width}, ${v}); bit += ${width};`);
      }
    }
    w.writeLine('return (bit >>> 3) - p;');
  });
  w.blankLine();
}

/** All struct-like classes, stack classes and header codecs. */
export function writeStateClasses(
  w: CodeBlockWriter,
  ir: IrProgram,
  imports: RuntimeImports,
  extraTypes: readonly IrType[],
  locate: (s: IrStructType) => string,
): void {
  for (const [name, stack] of stackTypes(ir, extraTypes)) {
    const element = tsType(stack.element);
    w.writeLine(`/** ${stack.element.kind === 'header' ? stack.element.decl.name : 'element'}[${stack.size}] */`);
    w.write(`export class ${name}`).block(() => {
      w.writeLine(`readonly items: ${element}[] = [${Array.from({ length: stack.size }, () => initialValue(stack.element)).join(', ')}];`);
      w.writeLine('nextIndex = 0;');
      const e = stack.element;
      if (e.kind === 'header' || e.kind === 'union') {
        // P4: an out-of-range index reads an invalid element and writes nowhere (bmv2 reads
        // and writes a scratch element). `$spare` is that element, reset at every such access.
        w.writeLine(`readonly $spare: ${element} = ${initialValue(e)};`);
        w.writeLine(`/** Element \`i\` (a run-time index): the element, or a fresh invalid one when out of range. */`);
        w.write(`at(i: number): ${element}`).block(() => {
          w.writeLine(`if (i >= 0 && i < ${stack.size}) return this.items[i]!;`);
          w.writeLine(`reset_${className(e.decl)}(this.$spare);`);
          w.writeLine('return this.$spare;');
        });
      }
    });
    w.blankLine();
  }
  for (const s of ir.structs) writeStructClass(w, s, locate);
  for (const s of ir.structs) if (s.kind === 'header') writeHeaderCodec(w, imports, s);
}
