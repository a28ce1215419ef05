/**
 * IR expressions as TypeScript expressions, by value representation: `small` (number, W ≤ 32,
 * plain operators), `wide` (number, unsigned 33..53 bits, helpers of runtime/support) and `big`
 * (bigint). Every arithmetic result is wrapped back into its width.
 */
import { isNumberWidth } from '../../contract/value-representation.ts';
import type { IrBinaryOperator, IrExpression, IrType, IrVariable } from '../ir/nodes.ts';
import { widthOf } from '../ir/types.ts';
import type { RuntimeImports } from './imports.ts';
import { property } from './naming.ts';
import type { Span } from '../source/span.ts';
import { literal, valueKind, type ValueKind } from './representation.ts';

/** Thrown for IR the code generator cannot express; reported as a diagnostic at `span` (where the program wrote it), when known. */
export class EmitError extends Error {
  constructor(message: string, readonly span?: Span) {
    super(message);
  }
}

function mask(width: number): string {
  return `0x${((1n << BigInt(width)) - 1n).toString(16)}`;
}

function bitsOf(type: IrType): { width: number; signed: boolean } {
  if (type.kind === 'bits') return { width: type.width, signed: type.signed };
  if (type.kind === 'bool') return { width: 1, signed: false };
  return { width: 32, signed: false };
}

/**
 * Where the straight path keeps state in locals (see straight-path.ts): for an expression into
 * that state, `scalar` gives the local of a scalar (a field path), `valid` the local of a
 * header's validity; `null` marks a whole header or struct, which has no single value there.
 * `undefined`: not scalarised state (ordinary emission).
 */
export interface ScalarPaths {
  scalar(e: IrExpression): string | null | undefined;
  valid(header: IrExpression): string | undefined;
}

export class ExpressionEmitter {
  constructor(
    private readonly imports: RuntimeImports,
    /** How a variable is referenced in the function being emitted. */
    private readonly variableName: (v: IrVariable) => string,
    /** State kept in locals (the straight path), if any. */
    readonly paths?: ScalarPaths,
  ) {}

  private rt(module: Parameters<RuntimeImports['use']>[0], name: string): string {
    return this.imports.use(module, name);
  }

  /** `x` wrapped to an unsigned/signed W-bit number (W ≤ 32). */
  wrapSmall(x: string, width: number, signed: boolean): string {
    // Parenthesised whole: `&`, `|` and the shifts bind more loosely than comparisons and `+`.
    if (signed) return width === 32 ? `((${x}) | 0)` : `(((${x}) << ${32 - width}) >> ${32 - width})`;
    return width === 32 ? `((${x}) >>> 0)` : `((${x}) & ${mask(width)})`;
  }

  private wrapBig(x: string, width: number, signed: boolean): string {
    return `BigInt.${signed ? 'asIntN' : 'asUintN'}(${width}, ${x})`;
  }

  /** Emits an expression (parenthesised where it is not atomic). */
  emit(e: IrExpression): string {
    if (this.paths !== undefined && (e.kind === 'variable' || e.kind === 'field')) {
      const local = this.paths.scalar(e);
      if (local === null) throw new EmitError('a whole header or struct value where the straight path keeps fields in locals');
      if (local !== undefined) return local;
    }
    switch (e.kind) {
      case 'constant':
        return literal(e.type, e.value);
      case 'variable':
        return this.variableName(e.variable);
      case 'field':
        return `${this.emit(e.base)}${property(e.field)}`;
      case 'element': {
        // A tuple is a plain array (its index is always a constant).
        if (e.base.type.kind === 'tuple') return `${this.emit(e.base)}[${this.asIndex(e.index)}]`;
        const size = e.base.type.kind === 'stack' ? e.base.type.size : 0;
        const index = e.index.kind === 'constant' && typeof e.index.value === 'bigint' ? Number(e.index.value) : undefined;
        if (index !== undefined && index >= 0 && index < size) return `${this.emit(e.base)}.items[${index}]`;
        // A run-time index (`next`, `last`, `hs[i]`) may be out of range: see the stack class's `at`.
        const element = e.base.type.kind === 'stack' ? e.base.type.element.kind : undefined;
        if (element === 'header' || element === 'union') return `${this.emit(e.base)}.at(${this.asIndex(e.index)})`;
        return `${this.emit(e.base)}.items[${this.asIndex(e.index)}]`;
      }
      case 'slice':
        return this.slice(this.emit(e.base), e.base.type, e.hi, e.lo);
      case 'unary':
        return this.unary(e.op, e.operand, e.type);
      case 'binary':
        return this.binary(e.op, e.left, e.right, e.type);
      case 'concat':
        return this.concat(e.left, e.right, e.type);
      case 'cast':
        return this.cast(e.operand, e.type);
      case 'conditional':
        return `(${this.emit(e.condition)} ? ${this.emit(e.then)} : ${this.emit(e.otherwise)})`;
      case 'isValid':
        return this.isValid(e.header);
      case 'stackIndex':
        return e.which === 'nextIndex' ? `${this.emit(e.stack)}.nextIndex` : `(${this.emit(e.stack)}.nextIndex - 1)`;
      case 'aggregate':
        return `[${e.items.map((i) => this.emit(i)).join(', ')}]`;
      case 'invalidHeader':
        throw new EmitError('an invalid header value can only be assigned');
    }
  }

  /** An expression used as an array index or shift count: always a JS number. */
  asIndex(e: IrExpression): string {
    if (e.kind === 'constant' && typeof e.value === 'bigint') return e.value.toString();
    return valueKind(e.type) === 'wide' ? `${this.rt('bits', 'shiftCount')}(${this.emit(e)})` : this.emit(e);
  }

  isValid(header: IrExpression): string {
    const local = this.paths?.valid(header);
    if (local !== undefined) return local;
    if (header.type.kind === 'union') {
      const base = this.emit(header);
      return `(${header.type.decl.fields.map((f) => `${base}${property(f.name)}.$valid`).join(' || ')})`;
    }
    return `${this.emit(header)}.$valid`;
  }

  slice(base: string, baseType: IrType, hi: number, lo: number): string {
    const width = hi - lo + 1;
    switch (valueKind(baseType)) {
      case 'narrow':
        return width === 32 ? `(${base} >>> 0)` : `((${base} >>> ${lo}) & ${mask(width)})`;
      case 'number53':
        return `${this.rt('support', 'slice53')}(${base}, ${hi}, ${lo})`;
      case 'wide': {
        const shifted = lo === 0 ? base : `(${base} >> ${lo}n)`;
        const v = `BigInt.asUintN(${width}, ${shifted})`;
        return isNumberWidth(width) ? `Number(${v})` : v;
      }
      default:
        throw new EmitError(`cannot slice a value of kind ${baseType.kind}`);
    }
  }

  /** A value of `from`'s representation converted to `to` (both bits-like). */
  convert(value: string, from: IrType, to: IrType): string {
    if (from.kind === 'bool' && to.kind === 'bool') return value;
    if (to.kind === 'bool') return valueKind(from) === 'wide' ? `(${value} !== 0n)` : `(${value} !== 0)`;
    const t = bitsOf(to);
    const toKind = valueKind(to);
    if (from.kind === 'bool') return toKind === 'wide' ? `(${value} ? 1n : 0n)` : `(${value} ? 1 : 0)`;
    const f = bitsOf(from);
    const fromKind = valueKind(from);
    if (to.kind !== 'bits') return value; // enums and errors: same numbers
    switch (toKind) {
      case 'narrow':
        if (fromKind === 'narrow') {
          if (!f.signed && !t.signed && f.width <= t.width) return value;
          if (f.signed && t.signed && f.width <= t.width) return value;
          return this.wrapSmall(value, t.width, t.signed);
        }
        if (fromKind === 'number53') {
          const low = `${this.rt('support', 'wrap53')}(${value}, ${Math.min(32, t.width)})`;
          return t.signed ? this.wrapSmall(low, t.width, true) : low;
        }
        return `Number(${this.wrapBig(value, t.width, t.signed)})`;
      case 'number53':
        if (fromKind === 'narrow' && !f.signed && f.width <= t.width) return value;
        if (fromKind === 'wide') return `Number(${this.wrapBig(value, t.width, false)})`;
        if (fromKind === 'number53' && f.width <= t.width) return value;
        return `${this.rt('support', 'wrap53')}(${value}, ${t.width})`;
      case 'wide':
        if (fromKind === 'wide') {
          if (f.signed === t.signed && f.width <= t.width) return value;
          return this.wrapBig(value, t.width, t.signed);
        }
        if (!f.signed && !t.signed && f.width <= t.width) return `BigInt(${value})`;
        return this.wrapBig(`BigInt(${value})`, t.width, t.signed);
      default:
        return value;
    }
  }

  private cast(operand: IrExpression, to: IrType): string {
    if (operand.kind === 'constant' && typeof operand.value !== 'string' && (to.kind === 'bits' || to.kind === 'bool')) {
      const v = typeof operand.value === 'boolean' ? (operand.value ? 1n : 0n) : operand.value;
      if (to.kind === 'bool') return v !== 0n ? 'true' : 'false';
      return literal(to, to.signed ? BigInt.asIntN(to.width, v) : BigInt.asUintN(to.width, v));
    }
    if (to.kind === 'header' || to.kind === 'struct' || to.kind === 'union' || to.kind === 'stack' || to.kind === 'tuple') {
      return this.emit(operand);
    }
    return this.convert(this.emit(operand), operand.type, to);
  }

  private unary(op: 'not' | 'complement' | 'negate', operand: IrExpression, type: IrType): string {
    // Parenthesised: `a` may be a negative literal (`--5` is not JavaScript).
    const a = `(${this.emit(operand)})`;
    if (op === 'not') return `!${a}`;
    const { width, signed } = bitsOf(type);
    switch (valueKind(type)) {
      case 'narrow':
        return op === 'complement' ? this.wrapSmall(`~${a}`, width, signed) : this.wrapSmall(`-${a}`, width, signed);
      case 'number53':
        return op === 'complement' ? `${this.rt('support', 'not53')}(${a}, ${width})` : `${this.rt('support', 'wrap53')}(-${a}, ${width})`;
      case 'wide':
        return this.wrapBig(op === 'complement' ? `~${a}` : `-${a}`, width, signed);
      default:
        throw new EmitError(`operator ${op} on ${type.kind}`);
    }
  }

  private binary(op: IrBinaryOperator, left: IrExpression, right: IrExpression, type: IrType): string {
    switch (op) {
      case 'land': return `(${this.emit(left)} && ${this.emit(right)})`;
      case 'lor': return `(${this.emit(left)} || ${this.emit(right)})`;
      case 'eq':
      case 'ne': {
        const kind = valueKind(left.type);
        const eq = kind === 'object'
          ? `${this.rt('support', 'valuesEqual')}(${this.emit(left)}, ${this.emit(right)})`
          : `${this.emit(left)} === ${this.emit(right)}`;
        if (kind === 'object') return op === 'eq' ? eq : `!${eq}`;
        return op === 'eq' ? `(${eq})` : `(${this.emit(left)} !== ${this.emit(right)})`;
      }
      case 'lt': return `(${this.emit(left)} < ${this.emit(right)})`;
      case 'le': return `(${this.emit(left)} <= ${this.emit(right)})`;
      case 'gt': return `(${this.emit(left)} > ${this.emit(right)})`;
      case 'ge': return `(${this.emit(left)} >= ${this.emit(right)})`;
      default:
        return this.arithmetic(op, left, right, type);
    }
  }

  private arithmetic(op: IrBinaryOperator, left: IrExpression, right: IrExpression, type: IrType): string {
    const { width, signed } = bitsOf(type);
    const kind: ValueKind = valueKind(type);
    const a = this.emit(left);
    if (op === 'shl' || op === 'shr') return this.shift(op, a, right, width, signed, kind);
    const b = this.emit(right);
    if (kind === 'narrow') {
      const wrap = (x: string) => this.wrapSmall(x, width, signed);
      switch (op) {
        case 'add': return wrap(`${a} + ${b}`);
        case 'sub': return wrap(`${a} - ${b}`);
        case 'mul': return wrap(`Math.imul(${a}, ${b})`);
        case 'div': return `${this.rt('bits', signed ? 'divBits' : 'divBits')}(${a}, ${b})`;
        case 'mod': return `${this.rt('bits', 'modBits')}(${a}, ${b})`;
        case 'and': return !signed && width === 32 ? `((${a} & ${b}) >>> 0)` : `(${a} & ${b})`;
        case 'or': return !signed && width === 32 ? `((${a} | ${b}) >>> 0)` : `(${a} | ${b})`;
        case 'xor': return !signed && width === 32 ? `((${a} ^ ${b}) >>> 0)` : `(${a} ^ ${b})`;
        case 'addSat': return `${this.rt('bits', signed ? 'satAddInt' : 'satAddBits')}(${a}, ${b}, ${width})`;
        case 'subSat': return `${this.rt('bits', signed ? 'satSubInt' : 'satSubBits')}(${a}, ${b}, ${width})`;
        default: break;
      }
    } else if (kind === 'number53') {
      const s = (name: string) => this.rt('support', name);
      switch (op) {
        case 'add': return `${s('wrap53')}(${a} + ${b}, ${width})`;
        case 'sub': return `${s('wrap53')}(${a} - ${b}, ${width})`;
        case 'mul': return `${s('mul53')}(${a}, ${b}, ${width})`;
        case 'div': return `${s('div53')}(${a}, ${b})`;
        case 'mod': return `${s('mod53')}(${a}, ${b})`;
        case 'and': return `${s('and53')}(${a}, ${b})`;
        case 'or': return `${s('or53')}(${a}, ${b})`;
        case 'xor': return `${s('xor53')}(${a}, ${b})`;
        case 'addSat': return `${s('addSat53')}(${a}, ${b}, ${width})`;
        case 'subSat': return `${s('subSat53')}(${a}, ${b})`;
        default: break;
      }
    } else if (kind === 'wide') {
      const wrap = (x: string) => this.wrapBig(x, width, signed);
      switch (op) {
        case 'add': return wrap(`${a} + ${b}`);
        case 'sub': return wrap(`${a} - ${b}`);
        case 'mul': return wrap(`${a} * ${b}`);
        case 'div': return `${this.rt('bits', 'divWide')}(${a}, ${b})`;
        case 'mod': return `${this.rt('bits', 'modWide')}(${a}, ${b})`;
        case 'and': return `(${a} & ${b})`;
        case 'or': return `(${a} | ${b})`;
        case 'xor': return `(${a} ^ ${b})`;
        case 'addSat': return `${this.rt('bits', signed ? 'satAddIntWide' : 'satAddWide')}(${a}, ${b}, ${width})`;
        case 'subSat': return `${this.rt('bits', signed ? 'satSubIntWide' : 'satSubWide')}(${a}, ${b}, ${width})`;
        default: break;
      }
    }
    throw new EmitError(`operator ${op} on ${type.kind}`);
  }

  private shift(op: 'shl' | 'shr', a: string, right: IrExpression, width: number, signed: boolean, kind: ValueKind): string {
    const constant = right.kind === 'constant' && typeof right.value === 'bigint' ? Number(right.value) : undefined;
    const n = this.asIndex(right);
    if (kind === 'narrow') {
      if (constant !== undefined) {
        if (constant === 0) return a;
        if (op === 'shl') return constant >= width ? '0' : this.wrapSmall(`${a} << ${constant}`, width, signed);
        if (signed) return constant >= width ? `(${a} < 0 ? -1 : 0)` : `(${a} >> ${constant})`;
        return constant >= width ? '0' : `(${a} >>> ${constant})`;
      }
      const name = op === 'shl' ? (signed ? 'shlInt' : 'shlBits') : signed ? 'shrInt' : 'shrBits';
      return `${this.rt('bits', name)}(${a}, ${n}, ${width})`;
    }
    if (kind === 'number53') {
      return op === 'shl' ? `${this.rt('support', 'shl53')}(${a}, ${n}, ${width})` : `${this.rt('support', 'shr53')}(${a}, ${n})`;
    }
    const name = op === 'shl' ? (signed ? 'shlIntWide' : 'shlWide') : signed ? 'shrIntWide' : 'shrWide';
    return `${this.rt('bits', name)}(${a}, ${n}, ${width})`;
  }

  private concat(left: IrExpression, right: IrExpression, type: IrType): string {
    const { width, signed } = bitsOf(type);
    const rightWidth = widthOf(right.type);
    const rightUnsigned: IrType = { kind: 'bits', width: rightWidth, signed: false };
    const b = this.convert(this.emit(right), right.type, rightUnsigned);
    if (valueKind(type) === 'wide') {
      const leftBig = this.convert(this.emit(left), left.type, { kind: 'bits', width, signed });
      const rightBig = valueKind(rightUnsigned) === 'wide' ? b : `BigInt(${b})`;
      return this.wrapBig(`(${leftBig} << ${rightWidth}n) | ${rightBig}`, width, signed);
    }
    const a = this.emit(left);
    const sum = `${a} * ${2 ** rightWidth} + ${b}`;
    return valueKind(type) === 'narrow' ? this.wrapSmall(sum, width, signed) : `(${sum})`;
  }
}
