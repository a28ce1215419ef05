/**
 * Calls: actions and functions are inlined with P4's copy-in/copy-out semantics; extern calls
 * become `callExtern` statements (extern sites when they may run asynchronously); built-in
 * methods become their IR statements; `t.apply()` becomes `applyTable`; a sub-control's
 * `apply` is inlined.
 */
import type { Annotation, BlockStatement, CallExpression, Expression, Parameter } from '../ast/nodes.ts';
import type { BoundArgument, ResolvedCall } from '../check/checked-program.ts';
import type { ControlDeclaration } from '../ast/nodes.ts';
import { Frame, LoweringError, type StatementSink, type StageBuilder } from './lowering-context.ts';
import type { IrExpression, IrExternArgument, IrExternInstance, IrStatement, IrTableResult, IrType, IrVariable } from './nodes.ts';
import { canReadInPlace, replaceVariable } from './aliasing.ts';
import { constant, hasEffects, lowerExpression, zeroValue } from './lower-expression.ts';
import { lowerStatements } from './lower-statement.ts';
import { lowerControlApply, tableOf, lowerTableApply } from './lower-control.ts';
import { IR_BOOL, irBits, isComposite, widthOf } from './types.ts';

/** Extern declarations marked `@async` (p4ts.p4) may run on the co-processor. */
export function isAsyncDeclaration(annotations: readonly Annotation[]): boolean {
  return annotations.some((a) => a.name.name === 'async');
}

/** Extern functions and objects that never become sites, whatever the policy. */
const NEVER_SITES = new Set(['verify', 'packet_in', 'packet_out']);

function argumentValue(b: StageBuilder, arg: BoundArgument, frame: Frame, out: StatementSink): IrExpression | undefined {
  const written = arg.argument?.value;
  if (written !== undefined) {
    if (written.kind === 'DontCareExpression') return undefined;
    return lowerExpression(b, written, frame, out);
  }
  if (arg.defaultValue !== undefined) return lowerExpression(b, arg.defaultValue, frame, out);
  return undefined;
}

/** Whether an IR expression denotes storage (can be bound by reference / written). */
function isLValue(e: IrExpression): boolean {
  switch (e.kind) {
    case 'variable': return true;
    case 'field':
    case 'element':
      return isLValue(e.base);
    case 'slice': return isLValue(e.base);
    default: return false;
  }
}

/**
 * Lowers a call. Returns the call's value (for calls with a result, when `wantValue`), else
 * `undefined`. Statements go to `out`.
 */
export function lowerCall(b: StageBuilder, call: CallExpression, frame: Frame, out: StatementSink, wantValue: boolean): IrExpression | undefined {
  const resolved = b.program.checked.calls.get(call);
  if (resolved === undefined) throw new LoweringError('unresolved call', call.span);
  const target = resolved.target;
  switch (target.kind) {
    case 'action': {
      const action = frame.action(target.action.decl);
      const declFrame = action?.frame ?? frame;
      return b.program.inline(target.action.name, call.span, () =>
        b.within({ kind: 'action', name: target.action.decl.name.name, span: call.span }, () =>
          inlineBody(b, resolved, target.action.decl.body, declFrame, frame, out, call, 'act'),
        ),
      );
    }
    case 'function': {
      const decl = target.symbol.decl;
      if (decl.kind === 'FunctionDeclaration') {
        return b.program.inline(decl.prototype.name.name, call.span, () =>
          b.within({ kind: 'function', name: decl.prototype.name.name, span: call.span }, () => inlineBody(b, resolved, decl.body, b.topFrame, frame, out, call, 'fn')),
        );
      }
      if (decl.prototype.name.name === 'verify') {
        const [cond, err] = resolved.arguments;
        out.push({
          kind: 'verify',
          condition: argumentValue(b, cond!, frame, out)!,
          error: argumentValue(b, err!, frame, out)!,
          span: call.span,
        });
        return undefined;
      }
      const async = isAsyncDeclaration(decl.annotations) || isAsyncDeclaration(decl.prototype.annotations);
      return externCall(b, decl.prototype.name.name, undefined, resolved, frame, out, call, async, wantValue);
    }
    case 'extern_method': {
      const object = target.object;
      const binding = object.kind === 'PathExpression' ? bindingOfPath(b, object, frame) : undefined;
      if (binding?.kind === 'packet_in' || binding?.kind === 'packet_out') {
        return packetMethod(b, target.method.name.name, resolved, frame, out, call);
      }
      if (binding?.kind !== 'extern') throw new LoweringError(`cannot tell which extern instance this call uses`, call.span);
      const async = isAsyncDeclaration(target.externType.decl.annotations) || isAsyncDeclaration(target.method.annotations);
      return externCall(b, `${target.externType.name}.${target.method.name.name}`, binding.instance, resolved, frame, out, call, async, wantValue);
    }
    case 'builtin_method': {
      const objectType = b.program.typeOf(target.object);
      switch (target.name) {
        case 'isValid':
          return { kind: 'isValid', type: IR_BOOL, header: lowerExpression(b, target.object, frame, out), span: call.span };
        case 'setValid':
        case 'setInvalid':
          out.push({ kind: 'setValidity', header: lowerExpression(b, target.object, frame, out), valid: target.name === 'setValid', span: call.span });
          return undefined;
        case 'push_front':
        case 'pop_front': {
          const countArg = resolved.arguments[0]?.argument?.value;
          const count = countArg ? Number(b.program.checked.constants.get(countArg) ?? 1n) : 1;
          out.push({ kind: 'stackShift', stack: lowerExpression(b, target.object, frame, out), direction: target.name, count, span: call.span });
          return undefined;
        }
        case 'minSizeInBits':
        case 'maxSizeInBits':
          return constant(irBits(32), BigInt(widthOf(objectType)), call.span);
        case 'minSizeInBytes':
        case 'maxSizeInBytes':
          return constant(irBits(32), BigInt(Math.ceil(widthOf(objectType) / 8)), call.span);
      }
      break;
    }
    case 'table_apply': {
      lowerTableApplyResult(b, call, frame, out, { hit: false, actionRun: false });
      return undefined;
    }
    case 'block_apply': {
      const object = target.object;
      const binding = object.kind === 'PathExpression' ? bindingOfPath(b, object, frame) : undefined;
      if (binding?.kind !== 'block') throw new LoweringError('cannot tell which parser or control instance is applied', call.span);
      if (binding.decl.kind !== 'ControlDeclaration') b.program.unsupported('applying a sub-parser', call.span);
      const control: ControlDeclaration = binding.decl;
      const inner = new Frame(binding.constructorFrame, binding.prefix, undefined, undefined);
      const copyIns: CopyIn[] = [];
      const copyOut = bindParameters(b, againstDeclaration(resolved.arguments, control.parameters), inner, frame, out, true, copyIns);
      inner.exitCopyOut = [...copyOut, ...frame.exitCopyOut];
      const applied: StatementSink = [];
      b.program.inline(`${control.name.name}.apply`, call.span, () =>
        b.within({ kind: 'control', name: control.name.name, span: call.span }, () => lowerControlApply(b, control, inner, applied)),
      );
      out.push(...elideCopyIns(b, copyIns, out, applied));
      out.push(...copyOut);
      return undefined;
    }
    case 'constructor':
      throw new LoweringError('instantiation inside a body', call.span);
  }
  throw new LoweringError('unsupported call', call.span);
}

/**
 * The arguments of an apply call bound to the parameters of the declaration actually applied
 * (the call was checked against a parser/control *type*, whose parameter nodes differ).
 */
export function againstDeclaration(args: readonly BoundArgument[], parameters: readonly Parameter[]): BoundArgument[] {
  return args.map((a, i) => ({ ...a, parameter: { ...a.parameter, decl: parameters[i] ?? a.parameter.decl } }));
}

/** `t.apply()` with the result variables the caller needs (reused if already applied here). */
export function lowerTableApplyResult(
  b: StageBuilder,
  call: CallExpression,
  frame: Frame,
  out: StatementSink,
  wants: { hit: boolean; actionRun: boolean },
): IrTableResult {
  const resolved = b.program.checked.calls.get(call);
  if (resolved?.target.kind !== 'table_apply') throw new LoweringError('not a table application', call.span);
  const object = resolved.target.object;
  const table = tableOf(b, object, frame);
  const result: IrTableResult = {
    hit: wants.hit ? b.newLocal(`${table.localName}_hit`, IR_BOOL, call.span) : undefined,
    actionRun: wants.actionRun ? b.newLocal(`${table.localName}_action`, irBits(32), call.span) : undefined,
  };
  lowerTableApply(b, table, result, frame, out, call.span);
  return result;
}

export function bindingOfPath(b: StageBuilder, e: Expression & { kind: 'PathExpression' }, frame: Frame) {
  const symbol = b.program.checked.names.get(e);
  if (symbol === undefined) return undefined;
  if (symbol.kind === 'instance' || symbol.kind === 'parameter' || symbol.kind === 'variable') return frame.lookup(symbol.decl);
  if (symbol.kind === 'type' && (symbol.decl.kind === 'ControlDeclaration' || symbol.decl.kind === 'ParserDeclaration')) {
    // Direct application of a parser or control type (`C.apply(...)`): an anonymous instance.
    const prefix = frame.prefix === '' ? symbol.name : `${frame.prefix}.${symbol.name}`;
    return { kind: 'block' as const, decl: symbol.decl, prefix, constructorFrame: new Frame(b.topFrame, prefix, undefined, undefined) };
  }
  return undefined;
}

/**
 * Binds a callee's parameters in `inner` from the caller's arguments. Returns the copy-out
 * statements to run after the body. Composite l-values are bound by reference; scalars are
 * copied in (and out for `out`/`inout`), which is P4's semantics.
 */
export function bindParameters(
  b: StageBuilder,
  args: readonly BoundArgument[],
  inner: Frame,
  caller: Frame,
  out: StatementSink,
  byReference: boolean,
  copyIns?: CopyIn[],
): IrStatement[] {
  const copyOut: IrStatement[] = [];
  for (const arg of args) {
    const p = arg.parameter;
    const type: IrType = b.program.structs.lower(p.type);
    const span = p.decl?.span ?? { start: 0, end: 0 };
    if (type.kind === 'void') {
      // Externs, packet_in/out and other non-values: bind whatever the argument denotes.
      const written = arg.argument?.value;
      if (written?.kind === 'PathExpression') {
        const outer = bindingOfPath(b, written, caller);
        if (outer) inner.bind(p.decl, outer);
      }
      continue;
    }
    const value = argumentValue(b, arg, caller, out);
    if (p.direction === 'in' || p.direction === 'none') {
      if (value === undefined) {
        inner.bind(p.decl, { kind: 'value', expression: zeroValue(type, span) });
      } else if (value.kind === 'constant' || (isComposite(type) && isLValue(value) && copyIns === undefined)) {
        inner.bind(p.decl, { kind: 'value', expression: value });
      } else if (isComposite(type) && isLValue(value) && copyIns !== undefined) {
        // Copied in, unless the body turns out not to need the copy (see `elideCopyIns`).
        const local = b.newLocal(p.name, type, span);
        const ref: IrExpression = { kind: 'variable', type, variable: local, span };
        const statement: IrStatement = { kind: 'assign', target: ref, value, span };
        out.push(statement);
        copyIns.push({ local, value, statement });
        inner.bind(p.decl, { kind: 'value', expression: ref });
      } else {
        const local = b.newLocal(p.name, type, span);
        const ref: IrExpression = { kind: 'variable', type, variable: local, span };
        out.push({ kind: 'assign', target: ref, value, span });
        inner.bind(p.decl, { kind: 'value', expression: ref });
      }
      continue;
    }
    // out / inout
    if (value === undefined) {
      // `_` for an out argument: a scratch local nobody reads.
      const local = b.newLocal(p.name, type, span);
      inner.bind(p.decl, { kind: 'value', expression: { kind: 'variable', type, variable: local, span } });
      continue;
    }
    if (byReference && isLValue(value) && (isComposite(type) || p.direction === 'inout')) {
      inner.bind(p.decl, { kind: 'value', expression: value });
      continue;
    }
    const local = b.newLocal(p.name, type, span);
    const ref: IrExpression = { kind: 'variable', type, variable: local, span };
    out.push({ kind: 'assign', target: ref, value: p.direction === 'inout' ? value : zeroValue(type, span), span });
    inner.bind(p.decl, { kind: 'value', expression: ref });
    if (isLValue(value)) copyOut.push({ kind: 'assign', target: value, value: ref, span });
  }
  return copyOut;
}

/** An `in` header/struct argument copied into a local before the callee's body. */
export interface CopyIn {
  readonly local: IrVariable;
  readonly value: IrExpression;
  readonly statement: IrStatement;
}

/**
 * Drops the copies the lowered `body` does not need: when nothing after the copy (in `out`, then
 * in `body`) writes the local or storage the argument may share, the body reads the argument in
 * place. Returns the body to use.
 */
export function elideCopyIns(b: StageBuilder, copyIns: readonly CopyIn[], out: StatementSink, body: readonly IrStatement[]): IrStatement[] {
  let result = [...body];
  for (const c of copyIns) {
    const at = out.indexOf(c.statement);
    if (at < 0) continue;
    if (!canReadInPlace([...out.slice(at + 1), ...result], c.local, c.value)) continue;
    out.splice(at, 1);
    result = replaceVariable(result, c.local, c.value);
    b.dropLocal(c.local);
  }
  return result;
}

/** Inlines an action or function body; returns its value for non-void functions. */
function inlineBody(
  b: StageBuilder,
  resolved: ResolvedCall,
  body: BlockStatement,
  declFrame: Frame,
  callFrame: Frame,
  out: StatementSink,
  call: CallExpression,
  hint: string,
): IrExpression | undefined {
  const returnType = b.program.structs.lower(resolved.signature.returnType);
  const label = b.newLabel(hint);
  const returnValue = returnType.kind === 'void' ? undefined : b.newLocal(`${hint}_result`, returnType, call.span);
  const inner = new Frame(declFrame, declFrame.prefix, label, returnValue);
  const copyIns: CopyIn[] = [];
  const copyOut = bindParameters(b, resolved.arguments, inner, callFrame, out, false, copyIns);
  inner.exitCopyOut = [...copyOut, ...callFrame.exitCopyOut];
  const statements: StatementSink = [];
  lowerStatements(b, body.statements, inner, statements);
  out.push({ kind: 'labeled', label, body: elideCopyIns(b, copyIns, out, statements), span: body.span });
  out.push(...copyOut);
  return returnValue ? { kind: 'variable', type: returnType, variable: returnValue, span: call.span } : undefined;
}

/** `extract`, `lookahead`, `advance`, `length` on packet_in; `emit` on packet_out. */
function packetMethod(
  b: StageBuilder,
  method: string,
  resolved: ResolvedCall,
  frame: Frame,
  out: StatementSink,
  call: CallExpression,
): IrExpression | undefined {
  const args = resolved.arguments;
  switch (method) {
    case 'extract': {
      let header = argumentValue(b, args[0]!, frame, out);
      if (header === undefined) {
        // `extract<H>(_)`: the header is read (and skipped) into a scratch local nobody reads.
        const type = b.program.structs.lower(resolved.typeArguments[0] ?? args[0]!.parameter.type);
        header = { kind: 'variable', type, variable: b.newLocal('skipped', type, call.span), span: call.span };
      }
      const bits = args[1] ? argumentValue(b, args[1], frame, out) : undefined;
      out.push({ kind: 'extract', header, varbitBits: bits, span: call.span });
      return undefined;
    }
    case 'lookahead': {
      const type = b.program.structs.lower(resolved.signature.returnType);
      const local = b.newLocal('lookahead', type, call.span);
      const ref: IrExpression = { kind: 'variable', type, variable: local, span: call.span };
      out.push({ kind: 'lookahead', target: ref, span: call.span });
      return ref;
    }
    case 'advance':
      out.push({ kind: 'advance', bits: argumentValue(b, args[0]!, frame, out)!, span: call.span });
      return undefined;
    case 'length': {
      const local = b.newLocal('packet_length', irBits(32), call.span);
      const ref: IrExpression = { kind: 'variable', type: irBits(32), variable: local, span: call.span };
      out.push({
        kind: 'callExtern',
        call: { name: 'packet_in.length', instance: undefined, typeArguments: [], arguments: [], result: ref, site: undefined },
        span: call.span,
      });
      return ref;
    }
    case 'emit':
      out.push({ kind: 'emit', header: argumentValue(b, args[0]!, frame, out)!, span: call.span });
      return undefined;
  }
  throw new LoweringError(`packet method ${method}`, call.span);
}

/**
 * The runtime's register cells hold numbers (bit<W>, int<W>, bool): reading a register declared
 * with a struct or header element type would hand the program a number where it expects fields.
 */
function refuseStructRegisterRead(b: StageBuilder, name: string, instance: IrExternInstance | undefined, call: CallExpression): void {
  if (instance === undefined || (instance.type !== 'register' && instance.type !== 'Register') || !name.endsWith('.read')) return;
  const element = instance.typeArguments[0];
  if (element !== undefined && element.kind !== 'bits' && element.kind !== 'bool') {
    b.program.unsupported(`reading a ${instance.type} of ${element.kind} values`, call.span);
  }
}

function externCall(
  b: StageBuilder,
  name: string,
  instance: IrExternInstance | undefined,
  resolved: ResolvedCall,
  frame: Frame,
  out: StatementSink,
  call: CallExpression,
  async: boolean,
  wantValue: boolean,
): IrExpression | undefined {
  refuseStructRegisterRead(b, name, instance, call);
  const args: IrExternArgument[] = resolved.arguments.map((arg) => ({
    name: arg.parameter.name,
    direction: arg.parameter.direction,
    type: b.program.structs.lower(arg.parameter.type),
    value: argumentValue(b, arg, frame, out),
  }));
  const returnType = b.program.structs.lower(resolved.signature.returnType);
  let result: IrExpression | undefined;
  if (returnType.kind !== 'void') {
    const local = b.newLocal(`${name.replace(/\..*/, '')}_result`, returnType, call.span);
    result = { kind: 'variable', type: returnType, variable: local, span: call.span };
  }
  const objectName = name.split('.')[0]!;
  const isSite = !NEVER_SITES.has(objectName) && (async || b.program.policy.asyncAll);
  out.push({
    kind: 'callExtern',
    call: {
      name,
      instance,
      typeArguments: resolved.typeArguments.map((t) => b.program.structs.lower(t)),
      arguments: args,
      result,
      site: isSite ? b.program.newSite(b.stage, name, call.span, b.inlining) : undefined,
    },
    span: call.span,
  });
  return wantValue ? result : undefined;
}

export { hasEffects };
