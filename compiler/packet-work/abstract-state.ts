/**
 * What the path walk knows about one packet's storage while it walks: values it can tell
 * (constants, v1model's zero-initialised metadata, results of the tables it applied), which
 * headers are valid, how far header stacks were filled. Expressions over known values are folded
 * with the checker's constant semantics (`compiler/check/const-eval.ts`); anything that depends
 * on packet contents is unknown (`undefined`).
 */
import type { BinaryOperator, UnaryOperator } from '../ast/nodes.ts';
import { convertConstant, foldBinary, foldUnary } from '../check/const-eval.ts';
import { BOOL, INT, type Type } from '../check/types.ts';
import type { ConstValue } from '../check/values.ts';
import type { IrBinaryOperator, IrExpression, IrV1Program, IrType, IrUnaryOperator } from '../ir/nodes.ts';

/** A value the walk knows, or `undefined`. */
export type AbstractValue = bigint | boolean | undefined;

const BINARY: Readonly<Record<IrBinaryOperator, BinaryOperator>> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', addSat: '|+|', subSat: '|-|', shl: '<<', shr: '>>',
  and: '&', or: '|', xor: '^', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', land: '&&', lor: '||',
};

const UNARY: Readonly<Record<IrUnaryOperator, UnaryOperator>> = { not: '!', complement: '~', negate: '-' };

/** The checker's type for folding a value of IR type `t` (error and enum numbers as `int`). */
function foldType(t: IrType): Type | undefined {
  switch (t.kind) {
    case 'bits': return { kind: 'bits', width: t.width, signed: t.signed };
    case 'bool': return BOOL;
    case 'error':
    case 'enum': return INT;
    default: return undefined;
  }
}

function known(v: ConstValue | undefined | 'division_by_zero' | 'negative_shift'): AbstractValue {
  return typeof v === 'bigint' || typeof v === 'boolean' ? v : undefined;
}

export class AbstractState {
  /** Values by storage key (`p3.egress_spec`, `l7`, `p1.ipv4[0].ttl`). */
  readonly values = new Map<string, AbstractValue>();
  /** Header validity by storage key; a header not in the map is invalid (nothing extracted it). */
  readonly valid = new Map<string, boolean>();
  /** Elements extracted so far into each header stack. */
  readonly stackCounts = new Map<string, number>();

  constructor(private readonly ir: IrV1Program) {}

  /** The storage key of an lvalue-like expression, or undefined when it is not a fixed location. */
  key(e: IrExpression): string | undefined {
    switch (e.kind) {
      case 'variable': return `${e.variable.kind[0]}${e.variable.id}`;
      case 'field': {
        const base = this.key(e.base);
        return base === undefined ? undefined : `${base}.${e.field}`;
      }
      case 'element': {
        const base = this.key(e.base);
        if (base === undefined) return undefined;
        if (e.index.kind === 'stackIndex') {
          const n = this.stackCounts.get(base) ?? 0;
          return `${base}[${e.index.which === 'nextIndex' ? n : Math.max(0, n - 1)}]`;
        }
        const i = this.eval(e.index);
        return typeof i === 'bigint' ? `${base}[${i}]` : undefined;
      }
      default: return undefined;
    }
  }

  /**
   * The value packet-carried storage has before anything writes it: v1model zero-initialises user
   * and standard metadata (except what the switch fills in: ports, lengths, timestamps, queue
   * figures, instance type); header contents are the packet's, unknown.
   */
  private initial(e: IrExpression): AbstractValue {
    let root = e;
    while (root.kind === 'field' || root.kind === 'element' || root.kind === 'slice') root = root.base;
    if (root.kind !== 'variable' || root.variable.kind !== 'packet') return undefined;
    if (root.variable === this.ir.headers) return undefined;
    if (root.variable === this.ir.standardMetadata && e.kind === 'field') {
      if (/port|length|timestamp|qdepth|timedelta|instance/.test(e.field)) return undefined;
    }
    if (e.type.kind === 'bits' || e.type.kind === 'error') return 0n;
    if (e.type.kind === 'bool') return false;
    return undefined;
  }

  eval(e: IrExpression): AbstractValue {
    switch (e.kind) {
      case 'constant':
        return typeof e.value === 'string' ? undefined : e.value;
      case 'variable':
      case 'field':
      case 'element': {
        const k = this.key(e);
        if (k !== undefined && this.values.has(k)) return this.values.get(k);
        return this.initial(e);
      }
      case 'isValid': {
        const k = this.key(e.header);
        return k === undefined ? undefined : (this.valid.get(k) ?? false);
      }
      case 'unary': {
        const v = this.eval(e.operand);
        const t = foldType(e.type);
        return v === undefined || t === undefined ? undefined : known(foldUnary(UNARY[e.op], v, t));
      }
      case 'binary': return this.binary(e);
      case 'concat': {
        const l = this.eval(e.left);
        const r = this.eval(e.right);
        const lt = foldType(e.left.type);
        const t = foldType(e.type);
        return l === undefined || r === undefined || lt === undefined || t === undefined ? undefined : known(foldBinary('++', l, r, lt, t));
      }
      case 'cast': {
        const v = this.eval(e.operand);
        const t = foldType(e.type);
        return v === undefined || t === undefined ? undefined : known(convertConstant(v, t));
      }
      case 'conditional': {
        const c = this.eval(e.condition);
        return c === undefined ? undefined : this.eval(c ? e.then : e.otherwise);
      }
      default:
        return undefined;
    }
  }

  /** Binary operators; `&&` and `||` are decided by one known side when the other is unknown. */
  private binary(e: IrExpression & { kind: 'binary' }): AbstractValue {
    const a = this.eval(e.left);
    const b = this.eval(e.right);
    if (e.op === 'land' && (a === false || b === false)) return false;
    if (e.op === 'lor' && (a === true || b === true)) return true;
    const operand = foldType(e.left.type);
    const result = foldType(e.type);
    if (a === undefined || b === undefined || operand === undefined || result === undefined) return undefined;
    return known(foldBinary(BINARY[e.op], a, b, operand, result));
  }

  /** Records a write; a whole-aggregate write forgets what was known about its parts. */
  set(target: IrExpression, value: AbstractValue): void {
    const k = this.key(target);
    if (k === undefined) return;
    for (const old of [...this.values.keys()]) if (old.startsWith(`${k}.`) || old.startsWith(`${k}[`)) this.values.delete(old);
    this.values.set(k, value);
  }

  /** Forgets a local (a table's action data: entries differ). */
  forget(key: string): void {
    this.values.delete(key);
  }

  /** Records a value under a raw key (table results: `l<id>`). */
  setKey(key: string, value: AbstractValue): void {
    this.values.set(key, value);
  }

  valueOfKey(key: string): AbstractValue {
    return this.values.get(key);
  }
}
