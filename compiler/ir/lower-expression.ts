/**
 * Expressions: from checked AST expressions to IR expressions. Calls that have effects (function
 * calls, extern calls, table applications) are hoisted into statements appended to `out`, in
 * evaluation order; `&&`, `||` and `?:` keep their short-circuit semantics when their operands
 * have effects.
 */
import type { BinaryOperator, CallExpression, Expression } from '../ast/nodes.ts';
import type { ConstValue } from '../check/values.ts';
import { LoweringError, type Frame, type StatementSink, type StageBuilder } from './lowering-context.ts';
import type { IrBinaryOperator, IrExpression, IrType } from './nodes.ts';
import { lowerCall, lowerTableApplyResult } from './lower-call.ts';
import { IR_BOOL, irBits, widthOf } from './types.ts';

const BINARY_OPERATORS: Record<Exclude<BinaryOperator, '++'>, IrBinaryOperator> = {
  '*': 'mul', '/': 'div', '%': 'mod',
  '+': 'add', '-': 'sub', '|+|': 'addSat', '|-|': 'subSat',
  '<<': 'shl', '>>': 'shr',
  '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge',
  '==': 'eq', '!=': 'ne',
  '&': 'and', '^': 'xor', '|': 'or',
  '&&': 'land', '||': 'lor',
};

/** An IR constant of a given type. */
export function constant(type: IrType, value: bigint | boolean | string, span: Expression['span']): IrExpression {
  return { kind: 'constant', type, value, span };
}

/** The IR value of a folded constant, or `undefined` for values with no run-time form. */
export function constantValue(b: StageBuilder, value: ConstValue, type: IrType, span: Expression['span']): IrExpression | undefined {
  if (typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'bigint' && type.kind === 'bool') return constant(type, value !== 0n, span);
    return constant(type, value, span);
  }
  switch (value.kind) {
    case 'enum_member':
      if (value.value !== undefined) return constant(type, value.value, span);
      {
        const members = value.type.kind === 'enum' ? value.type.members : [...value.type.members.keys()];
        return constant(type, BigInt(Math.max(0, members.indexOf(value.member))), span);
      }
    case 'error_member':
      return constant(type, BigInt(b.program.errorNumber(value.member)), span);
    case 'match_kind_member':
      return constant(type, value.member, span);
    case 'tuple': {
      const elementTypes = type.kind === 'tuple' ? type.elements : [];
      const items: IrExpression[] = [];
      for (let i = 0; i < value.items.length; i++) {
        const item = constantValue(b, value.items[i]!, elementTypes[i] ?? irBits(32), span);
        if (item === undefined) return undefined;
        items.push(item);
      }
      return { kind: 'aggregate', type, items, span };
    }
    case 'struct': {
      if (type.kind !== 'struct' && type.kind !== 'header') return undefined;
      const items: IrExpression[] = [];
      for (const f of type.decl.fields) {
        const v = value.fields.get(f.name);
        const item = v === undefined ? undefined : constantValue(b, v, f.type, span);
        if (item === undefined) return undefined;
        items.push(item);
      }
      return { kind: 'aggregate', type, items, span };
    }
  }
}

/** Whether evaluating `e` may have effects (calls other than pure built-ins). */
export function hasEffects(b: StageBuilder, e: Expression): boolean {
  switch (e.kind) {
    case 'CallExpression': {
      const call = b.program.checked.calls.get(e);
      if (call?.target.kind === 'builtin_method' && (call.target.name === 'isValid' || call.target.name.startsWith('m'))) {
        return hasEffects(b, call.target.object);
      }
      return true;
    }
    case 'MemberExpression': return hasEffects(b, e.object);
    case 'IndexExpression': return hasEffects(b, e.object) || hasEffects(b, e.index);
    case 'SliceExpression': return hasEffects(b, e.object);
    case 'UnaryExpression': return hasEffects(b, e.operand);
    case 'BinaryExpression': return hasEffects(b, e.left) || hasEffects(b, e.right);
    case 'TernaryExpression': return hasEffects(b, e.condition) || hasEffects(b, e.then) || hasEffects(b, e.otherwise);
    case 'CastExpression': return hasEffects(b, e.operand);
    case 'ListExpression': return e.items.some((i) => hasEffects(b, i));
    case 'StructExpression': return e.fields.some((f) => hasEffects(b, f.value));
    case 'MaskExpression': return hasEffects(b, e.value) || hasEffects(b, e.mask);
    case 'RangeExpression': return hasEffects(b, e.lo) || hasEffects(b, e.hi);
    default: return false;
  }
}

/** The constant integer value of an expression the checker folded (slice bounds, sizes). */
export function constantInteger(b: StageBuilder, e: Expression): number {
  const v = b.program.checked.constants.get(e);
  if (typeof v === 'bigint') return Number(v);
  if (e.kind === 'IntLiteral') return Number(e.value);
  throw new LoweringError('expected a compile-time constant', e.span);
}

/** Converts `value` to `type` if its IR type differs (implicit casts the checker recorded). */
function converted(value: IrExpression, type: IrType): IrExpression {
  if (value.type.kind === 'bits' && type.kind === 'bits' && (value.type.width !== type.width || value.type.signed !== type.signed)) {
    if (value.kind === 'constant') return { ...value, type };
    return { kind: 'cast', type, operand: value, span: value.span };
  }
  return value;
}

export function lowerExpression(b: StageBuilder, e: Expression, frame: Frame, out: StatementSink): IrExpression {
  const checked = b.program.checked;
  const type = b.program.typeOf(e);
  // Anything the checker folded is a constant, whatever it looked like.
  const folded = checked.constants.get(e);
  if (folded !== undefined && e.kind !== 'ListExpression' && e.kind !== 'StructExpression') {
    const c = constantValue(b, folded, type, e.span);
    if (c !== undefined) return c;
  }
  switch (e.kind) {
    case 'IntLiteral':
      return constant(type, e.value, e.span);
    case 'BoolLiteral':
      return constant(type, e.value, e.span);
    case 'StringLiteral':
      return constant(type, e.value, e.span);
    case 'PathExpression':
      return lowerPath(b, e, frame, type);
    case 'MemberExpression':
      return lowerMember(b, e, frame, out, type);
    case 'IndexExpression': {
      // The stack is a location, not a value: a call in the index does not move it.
      const base = lowerExpression(b, e.object, frame, out);
      const index = lowerExpression(b, e.index, frame, out);
      return { kind: 'element', type, base, index, span: e.span };
    }
    case 'SliceExpression': {
      const base = lowerExpression(b, e.object, frame, out);
      return { kind: 'slice', type, base, hi: constantInteger(b, e.hi), lo: constantInteger(b, e.lo), span: e.span };
    }
    case 'CallExpression': {
      const result = lowerCall(b, e, frame, out, true);
      if (result === undefined) throw new LoweringError('this call has no value', e.span);
      return converted(result, type);
    }
    case 'UnaryExpression': {
      const operand = lowerExpression(b, e.operand, frame, out);
      if (e.op === '+') return converted(operand, type);
      const op = e.op === '!' ? 'not' : e.op === '~' ? 'complement' : 'negate';
      return { kind: 'unary', type, op, operand: converted(operand, type), span: e.span };
    }
    case 'BinaryExpression':
      return lowerBinary(b, e, frame, out, type);
    case 'TernaryExpression': {
      const condition = lowerExpression(b, e.condition, frame, out);
      if (!hasEffects(b, e.then) && !hasEffects(b, e.otherwise)) {
        const then = converted(lowerExpression(b, e.then, frame, out), type);
        const otherwise = converted(lowerExpression(b, e.otherwise, frame, out), type);
        return { kind: 'conditional', type, condition, then, otherwise, span: e.span };
      }
      const result = b.newLocal('cond', type, e.span);
      const ref: IrExpression = { kind: 'variable', type, variable: result, span: e.span };
      const thenOut: StatementSink = [];
      thenOut.push({ kind: 'assign', target: ref, value: converted(lowerExpression(b, e.then, frame, thenOut), type), span: e.then.span });
      const elseOut: StatementSink = [];
      elseOut.push({ kind: 'assign', target: ref, value: converted(lowerExpression(b, e.otherwise, frame, elseOut), type), span: e.otherwise.span });
      out.push({ kind: 'if', condition, then: thenOut, otherwise: elseOut, span: e.span });
      return ref;
    }
    case 'CastExpression': {
      const operand = lowerExpression(b, e.operand, frame, out);
      if (operand.type.kind === type.kind && type.kind !== 'bits') return operand;
      return { kind: 'cast', type, operand, span: e.span };
    }
    case 'ListExpression':
      return lowerAggregate(b, e.items, e, frame, out, type);
    case 'StructExpression': {
      // Order the field initialisers as the target type orders its fields.
      if (type.kind === 'struct' || type.kind === 'header' || type.kind === 'union') {
        const byName = new Map(e.fields.map((f) => [f.name.name, f.value]));
        const values = type.decl.fields.map((f) => byName.get(f.name));
        // Evaluated in source order, whatever the order of the type's fields.
        const order = e.fields.map((f) => f.value);
        const lowered = new Map(lowerOperands(b, order, frame, out).map((v, i) => [order[i]!, v]));
        const items: IrExpression[] = values.map((v, i) =>
          v === undefined ? zeroValue(type.decl.fields[i]!.type, e.span) : converted(lowered.get(v)!, type.decl.fields[i]!.type),
        );
        return { kind: 'aggregate', type, items, span: e.span };
      }
      return lowerAggregate(b, e.fields.map((f) => f.value), e, frame, out, type);
    }
    case 'InvalidHeaderExpression':
      return { kind: 'invalidHeader', type, span: e.span };
    case 'TypeMemberExpression':
    case 'MaskExpression':
    case 'RangeExpression':
    case 'DefaultExpression':
    case 'DontCareExpression':
    case 'ThisExpression':
      throw new LoweringError(`${e.kind} has no run-time value here`, e.span);
  }
}

function lowerAggregate(
  b: StageBuilder,
  items: readonly Expression[],
  e: Expression,
  frame: Frame,
  out: StatementSink,
  type: IrType,
): IrExpression {
  const fieldTypes: readonly IrType[] =
    type.kind === 'tuple' ? type.elements
    : type.kind === 'struct' || type.kind === 'header' || type.kind === 'union' ? type.decl.fields.map((f) => f.type)
    : [];
  const lowered = lowerOperands(b, items, frame, out).map((v, i) => {
    const t = fieldTypes[i];
    return t ? converted(v, t) : v;
  });
  const aggregateType: IrType = fieldTypes.length > 0 ? type : { kind: 'tuple', elements: lowered.map((x) => x.type) };
  return { kind: 'aggregate', type: aggregateType, items: lowered, span: e.span };
}

/**
 * Lowers operands left to right. An operand whose evaluation has effects (a call hoisted into
 * statements) runs after the operands before it were read: those are saved in temporaries
 * first, so `x + f(x)` adds the `x` from before the call, as P4 evaluates left to right.
 */
function lowerOperands(b: StageBuilder, operands: readonly Expression[], frame: Frame, out: StatementSink): IrExpression[] {
  const values: IrExpression[] = [];
  for (const operand of operands) {
    const sink: StatementSink = [];
    const value = lowerExpression(b, operand, frame, sink);
    if (sink.length > 0) {
      for (let i = 0; i < values.length; i++) {
        const earlier = values[i]!;
        if (earlier.kind === 'constant' || earlier.kind === 'invalidHeader') continue;
        const saved = b.newLocal('operand', earlier.type, earlier.span);
        const ref: IrExpression = { kind: 'variable', type: earlier.type, variable: saved, span: earlier.span };
        out.push({ kind: 'assign', target: ref, value: earlier, span: earlier.span });
        values[i] = ref;
      }
    }
    out.push(...sink);
    values.push(value);
  }
  return values;
}

/** The zero/invalid value of a type (what uninitialised P4 storage holds in p4ts, as in bmv2). */
export function zeroValue(type: IrType, span: Expression['span']): IrExpression {
  switch (type.kind) {
    case 'bits': return constant(type, 0n, span);
    case 'bool': return constant(type, false, span);
    case 'error':
    case 'enum':
      return constant(type, 0n, span);
    case 'string': return constant(type, '', span);
    case 'header':
    case 'union':
      return { kind: 'invalidHeader', type, span };
    case 'struct':
      return { kind: 'aggregate', type, items: type.decl.fields.map((f) => zeroValue(f.type, span)), span };
    case 'tuple':
      return { kind: 'aggregate', type, items: type.elements.map((t) => zeroValue(t, span)), span };
    case 'stack':
      return { kind: 'aggregate', type, items: Array.from({ length: type.size }, () => zeroValue(type.element, span)), span };
    case 'varbit':
      return constant(type, 0n, span);
    case 'void':
      return constant(irBits(0), 0n, span);
  }
}

function lowerPath(b: StageBuilder, e: Expression & { kind: 'PathExpression' }, frame: Frame, type: IrType): IrExpression {
  const symbol = b.program.checked.names.get(e);
  if (symbol === undefined) throw new LoweringError(`${e.path.name.name}: unresolved name`, e.span);
  switch (symbol.kind) {
    case 'constant': {
      if (symbol.value !== undefined) {
        const c = constantValue(b, symbol.value, type, e.span);
        if (c !== undefined) return c;
      }
      const binding = frame.lookup(symbol.decl);
      if (binding?.kind === 'value') return binding.expression;
      throw new LoweringError(`${symbol.name}: constant without a value`, e.span);
    }
    case 'variable':
    case 'parameter': {
      const binding = frame.lookup(symbol.decl);
      if (binding?.kind === 'value') return binding.expression;
      throw new LoweringError(`${symbol.name}: not available here`, e.span);
    }
    default:
      throw new LoweringError(`${symbol.name}: a ${symbol.kind} is not a value`, e.span);
  }
}

function lowerMember(
  b: StageBuilder,
  e: Expression & { kind: 'MemberExpression' },
  frame: Frame,
  out: StatementSink,
  type: IrType,
): IrExpression {
  const resolution = b.program.checked.members.get(e);
  if (resolution === undefined) throw new LoweringError(`${e.member.name}: unresolved member`, e.span);
  switch (resolution.kind) {
    case 'field': {
      const base = lowerExpression(b, e.object, frame, out);
      return { kind: 'field', type, base, field: resolution.field.name, span: e.span };
    }
    case 'stack_property': {
      const stack = lowerExpression(b, e.object, frame, out);
      switch (resolution.name) {
        case 'size':
          return constant(type, BigInt(resolution.stack.size), e.span);
        case 'nextIndex':
        case 'lastIndex':
          return { kind: 'stackIndex', type, stack, which: resolution.name, span: e.span };
        case 'next':
        case 'last': {
          const which = resolution.name === 'next' ? 'nextIndex' : 'lastIndex';
          const index: IrExpression = { kind: 'stackIndex', type: irBits(32), stack, which, span: e.span };
          return { kind: 'element', type, base: stack, index, span: e.span };
        }
      }
      break;
    }
    case 'enum_member':
    case 'error_member': {
      const folded = b.program.checked.constants.get(e);
      if (folded !== undefined) {
        const c = constantValue(b, folded, type, e.span);
        if (c !== undefined) return c;
      }
      if (resolution.kind === 'error_member') return constant(type, BigInt(b.program.errorNumber(resolution.member)), e.span);
      if (type.kind === 'enum') return constant(type, BigInt(Math.max(0, type.members.indexOf(resolution.member))), e.span);
      throw new LoweringError(`${e.member.name}: enum member without a value`, e.span);
    }
    case 'table_result': {
      if (e.object.kind !== 'CallExpression') throw new LoweringError('table result of a non-call', e.span);
      const call: CallExpression = e.object;
      if (resolution.name === 'action_run') {
        const result = lowerTableApplyResult(b, call, frame, out, { hit: false, actionRun: true });
        return { kind: 'variable', type, variable: result.actionRun!, span: e.span };
      }
      const result = lowerTableApplyResult(b, call, frame, out, { hit: true, actionRun: false });
      const hit: IrExpression = { kind: 'variable', type: IR_BOOL, variable: result.hit!, span: e.span };
      return resolution.name === 'hit' ? hit : { kind: 'unary', type: IR_BOOL, op: 'not', operand: hit, span: e.span };
    }
    case 'method':
      throw new LoweringError(`${e.member.name}: a method is not a value`, e.span);
  }
  throw new LoweringError(`${e.member.name}: unsupported member`, e.span);
}

function lowerBinary(
  b: StageBuilder,
  e: Expression & { kind: 'BinaryExpression' },
  frame: Frame,
  out: StatementSink,
  type: IrType,
): IrExpression {
  if ((e.op === '&&' || e.op === '||') && hasEffects(b, e.right)) {
    // a && f()  ⇒  t = a; if (t) { t = f(); }        a || f()  ⇒  t = a; if (!t) { t = f(); }
    const result = b.newLocal(e.op === '&&' ? 'and' : 'or', IR_BOOL, e.span);
    const ref: IrExpression = { kind: 'variable', type: IR_BOOL, variable: result, span: e.span };
    out.push({ kind: 'assign', target: ref, value: lowerExpression(b, e.left, frame, out), span: e.left.span });
    const rightOut: StatementSink = [];
    rightOut.push({ kind: 'assign', target: ref, value: lowerExpression(b, e.right, frame, rightOut), span: e.right.span });
    const condition: IrExpression = e.op === '&&' ? ref : { kind: 'unary', type: IR_BOOL, op: 'not', operand: ref, span: e.span };
    out.push({ kind: 'if', condition, then: rightOut, otherwise: [], span: e.span });
    return ref;
  }
  const [left, right] = lowerOperands(b, [e.left, e.right], frame, out) as [IrExpression, IrExpression];
  if (e.op === '++') return { kind: 'concat', type, left, right, span: e.span };
  const op = BINARY_OPERATORS[e.op];
  // Arithmetic operands take the result's type; comparisons compare in the wider operand type.
  if (op === 'shl' || op === 'shr') {
    return { kind: 'binary', type, op, left: converted(left, type), right, span: e.span };
  }
  if (type.kind === 'bool') {
    const operandType = pickOperandType(left.type, right.type);
    return { kind: 'binary', type, op, left: converted(left, operandType), right: converted(right, operandType), span: e.span };
  }
  return { kind: 'binary', type, op, left: converted(left, type), right: converted(right, type), span: e.span };
}

function pickOperandType(a: IrType, b: IrType): IrType {
  if (a.kind === 'bits' && b.kind === 'bits') return widthOf(a) >= widthOf(b) ? a : b;
  return a;
}
