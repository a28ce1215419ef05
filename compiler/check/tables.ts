/**
 * Tables: keys and match kinds, the actions list (with bound arguments), `default_action`,
 * `entries` (keysets against keys, actions, priorities) and other properties.
 */
import type {
  ActionReference,
  Argument,
  Expression,
  TableDeclaration,
  TableEntry,
} from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { actionCandidate, isCompileTimeKnown, resolveCall } from './calls.ts';
import type { ResolvedCall, TableActionInfo, TableEntryInfo, TableInfo, TableKeyInfo } from './checked-program.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';
import { declareSymbol } from './declarations.ts';
import { checkExpression } from './expressions.ts';
import { checkKeysetElement } from './keysets.ts';
import { lookupPath } from './resolve-types.ts';
import type { ActionSymbol, Symbol } from './scope.ts';
import { hasAnnotation } from './signatures.ts';
import { UNKNOWN, widthInBits, type TableType } from './types.ts';
import { constValueToString } from './values.ts';

const KNOWN_PROPERTIES = new Set(['key', 'actions', 'entries', 'default_action']);

export function checkTable(ctx: CheckContext, decl: TableDeclaration): void {
  const type: TableType = { kind: 'table', name: decl.name.name, decl };
  const keys: TableKeyInfo[] = [];
  const actions: TableActionInfo[] = [];
  const entries: TableEntryInfo[] = [];
  const otherProperties = new Map<string, Expression>();
  let defaultAction: TableInfo['defaultAction'];
  let entriesProperty: TableInfo['entriesProperty'];
  let sawActions = false;
  const seen = new Set<string>();
  const symbol = { kind: 'table' as const, name: decl.name.name, decl, type };
  ctx.result.declarations.set(decl, symbol);
  declareSymbol(ctx, symbol, decl.name);
  const hasActionsProperty = decl.properties.some((p) => p.kind === 'ActionsProperty');

  ctx.inBody({ kind: 'table', returnType: undefined, parser: undefined, table: decl }, () => {
    for (const prop of decl.properties) {
      const name = prop.kind === 'KeyProperty' ? 'key' : prop.kind === 'ActionsProperty' ? 'actions'
        : prop.kind === 'EntriesProperty' ? 'entries' : prop.name.name;
      if (seen.has(name)) {
        ctx.report(CheckDiagnostics.DuplicateProperty, prop.span, [name]);
        continue;
      }
      seen.add(name);
      switch (prop.kind) {
        case 'KeyProperty':
          for (const element of prop.elements) {
            const t = checkExpression(ctx, element.expression);
            const found = ctx.scope.lookup(element.matchKind.name);
            const mk = found?.[0];
            if (mk === undefined) {
              ctx.report(CheckDiagnostics.UnknownMatchKind, element.matchKind.span, [element.matchKind.name]);
              continue;
            }
            if (mk.kind !== 'match_kind_member') {
              ctx.report(CheckDiagnostics.NotAMatchKind, element.matchKind.span, [element.matchKind.name]);
              continue;
            }
            ctx.recordName(element, mk);
            if (!isSimpleKey(element.expression) && !ctx.result.constants.has(element.expression) && !hasAnnotation(element, 'name')) {
              ctx.report(CheckDiagnostics.ComplexKeyNeedsName, element.expression.span, [printExpression(element.expression)]);
            }
            keys.push({ element, type: t, matchKind: mk.name });
          }
          break;
        case 'ActionsProperty':
          sawActions = true;
          for (const ref of prop.actions) {
            const info = checkActionListEntry(ctx, ref);
            if (info === undefined) continue;
            if (actions.some((a) => a.action.decl === info.action.decl)) {
              ctx.report(CheckDiagnostics.DuplicateAction, ref.name.span, [ref.name.name.name]);
              continue;
            }
            actions.push(info);
          }
          break;
        case 'EntriesProperty':
          entriesProperty = prop;
          if (keys.length === 0) {
            ctx.report(CheckDiagnostics.EntriesWithoutKey, decl.name.span, [decl.name.name]);
            break;
          }
          for (const entry of prop.entries) {
            const info = checkEntry(ctx, entry, keys, actions);
            if (info !== undefined) entries.push(info);
          }
          reportDuplicateKeys(ctx, entries);
          reportLpmMasks(ctx, entries, keys);
          reportOptionalKeysets(ctx, entries, keys);
          break;
        case 'ValueProperty':
          if (name === 'default_action') {
            if (!hasActionsProperty) {
              ctx.report(CheckDiagnostics.NoActionList, decl.name.span, [decl.name.name, printExpression(prop.value)]);
              sawActions = true;
              break;
            }
            defaultAction = checkDefaultAction(ctx, prop.value, actions, prop.isConst);
          } else {
            const valueType = checkExpression(ctx, prop.value);
            const numeric = valueType.kind === 'int' || valueType.kind === 'bits' || valueType.kind === 'unknown';
            if (name === 'size' && (!numeric || !isCompileTimeKnown(ctx, prop.value))) {
              ctx.report(CheckDiagnostics.PropertyValue, prop.value.span, [printExpression(prop.value), 'size must be a constant numeric expression']);
            }
            // the idle timeout properties (v1model, PSA): a value of another type used to mean "no timeout", silently
            const known = valueType.kind !== 'unknown';
            if (name === 'support_timeout' && known && (valueType.kind !== 'bool' || !isCompileTimeKnown(ctx, prop.value))) {
              ctx.report(CheckDiagnostics.PropertyValue, prop.value.span, [printExpression(prop.value), 'support_timeout must be a constant boolean (true or false)']);
            }
            if (name === 'psa_idle_timeout' && known && (valueType.kind !== 'enum' || valueType.name !== 'PSA_IdleTimeout_t' || !isCompileTimeKnown(ctx, prop.value))) {
              ctx.report(CheckDiagnostics.PropertyValue, prop.value.span, [printExpression(prop.value), 'psa_idle_timeout expects PSA_IdleTimeout_t.NO_TIMEOUT or PSA_IdleTimeout_t.NOTIFY_CONTROL']);
            }
            otherProperties.set(name, prop.value);
          }
          break;
      }
    }
  });
  if (entriesProperty !== undefined) reportEntryPriorities(ctx, entriesProperty.entries, entries, otherProperties);
  void KNOWN_PROPERTIES;
  if (!sawActions) ctx.report(CheckDiagnostics.MissingActionsProperty, decl.name.span, [decl.name.name]);
  if (defaultAction === undefined && !seen.has('default_action')) {
    const noAction = ctx.scope.lookup('NoAction')?.[0];
    if (noAction === undefined || noAction.kind !== 'action') {
      ctx.report(CheckDiagnostics.NoActionMissing, decl.name.span, []);
    } else {
      if (noAction.type.parameters.length > 0) ctx.report(CheckDiagnostics.NoActionWithParameters, noAction.decl.name.span, []);
      defaultAction = { action: noAction, call: undefined, isConst: false };
    }
  }
  ctx.result.tables.set(decl, { decl, type, keys, actions, defaultAction, entries, entriesProperty, otherProperties });
}

/** Keys the control plane can name without an `@name` annotation. */
function isSimpleKey(e: Expression): boolean {
  switch (e.kind) {
    case 'PathExpression': return true;
    case 'MemberExpression': return isSimpleKey(e.object);
    case 'IndexExpression': return isSimpleKey(e.object);
    case 'SliceExpression': return isSimpleKey(e.object);
    case 'CallExpression':
      return e.callee.kind === 'MemberExpression' && e.callee.member.name === 'isValid' && e.args.length === 0 && isSimpleKey(e.callee.object);
    case 'BinaryExpression':
      return e.op === '&' && isSimpleKey(e.left) && (e.right.kind === 'IntLiteral');
    case 'TypeMemberExpression': return true;
    default: return false;
  }
}

function lookupAction(ctx: CheckContext, ref: ActionReference | Expression, path: ActionReference['name']): ActionSymbol | undefined {
  const found: readonly Symbol[] | undefined = lookupPath(ctx, path);
  if (found === undefined || found.length === 0) {
    ctx.report(CheckDiagnostics.DeclarationNotFound, path.span, [path.name.name]);
    return undefined;
  }
  const symbol = found[0]!;
  if (symbol.kind !== 'action') {
    ctx.report(CheckDiagnostics.NotAnAction, path.span, [path.name.name]);
    return undefined;
  }
  ctx.recordName(ref, symbol);
  return symbol;
}

function checkArgs(ctx: CheckContext, args: readonly Argument[]): void {
  const saved = ctx.inActionArgument;
  ctx.inActionArgument = true;
  try {
    for (const a of args) checkExpression(ctx, a.value);
  } finally {
    ctx.inActionArgument = saved;
  }
}

function refText(ref: ActionReference): string {
  return `${ref.name.name.name}(${(ref.args ?? []).map((a) => printExpression(a.value)).join(', ')})`;
}

function checkActionListEntry(ctx: CheckContext, ref: ActionReference): TableActionInfo | undefined {
  const action = lookupAction(ctx, ref, ref.name);
  const args = ref.args ?? [];
  checkArgs(ctx, args);
  if (action === undefined) return undefined;
  const call = resolveCall(ctx, { span: ref.span, text: refText(ref), typeArgs: [], args }, [actionCandidate(action)], 'action_reference');
  if (call === undefined) return undefined;
  for (const b of call.arguments) {
    if (b.argument !== undefined && b.parameter.direction === 'none') {
      ctx.report(CheckDiagnostics.ActionParameterSetByControlPlane, b.argument.value.span, [printExpression(b.argument.value), b.parameter.name]);
      return undefined;
    }
  }
  return { reference: ref, action, boundArguments: call.arguments };
}

/** Checks the arguments of an action invoked by a table (default action or entry). */
function checkInvokedAction(
  ctx: CheckContext,
  site: { span: ActionReference['span']; text: string },
  action: ActionSymbol,
  args: readonly Argument[],
  listed: TableActionInfo | undefined,
): ResolvedCall | undefined {
  checkArgs(ctx, args);
  const call = resolveCall(ctx, { span: site.span, text: site.text, typeArgs: [], args }, [actionCandidate(action)], 'call');
  if (call === undefined) return call;
  // Action data supplied by the table must be known at compile time.
  for (const b of call.arguments) {
    if (b.parameter.direction === 'none' && b.argument !== undefined && !isCompileTimeKnown(ctx, b.argument.value)) {
      ctx.report(CheckDiagnostics.ActionArgumentNotConstant, b.argument.value.span, [printExpression(b.argument.value)]);
      return undefined;
    }
  }
  if (listed === undefined) return call;
  // Arguments for directional parameters must be those written in the actions list.
  call.arguments.forEach((b, i) => {
    if (b.parameter.direction === 'none') return;
    const expected = listed.boundArguments[i]?.argument;
    if (b.argument !== undefined && expected !== undefined && printExpression(b.argument.value) !== printExpression(expected.value)) {
      ctx.report(CheckDiagnostics.ActionArgumentMismatch, b.argument.value.span, [printExpression(b.argument.value), printExpression(expected.value)]);
    }
  });
  return call;
}

function checkDefaultAction(ctx: CheckContext, value: Expression, actions: readonly TableActionInfo[], isConst: boolean): TableInfo['defaultAction'] {
  let path;
  let args: readonly Argument[] = [];
  let site: Expression = value;
  if (value.kind === 'CallExpression' && value.callee.kind === 'PathExpression') {
    path = value.callee.path;
    args = value.args;
    site = value.callee;
  } else if (value.kind === 'PathExpression') {
    path = value.path;
  } else {
    checkExpression(ctx, value);
    ctx.report(CheckDiagnostics.NotAnAction, value.span, [printExpression(value)]);
    return undefined;
  }
  const action = lookupAction(ctx, site, path);
  if (action === undefined) {
    checkArgs(ctx, args);
    return undefined;
  }
  ctx.result.types.set(site, action.type);
  const listed = actions.find((a) => a.action.decl === action.decl);
  if (listed === undefined) {
    ctx.report(CheckDiagnostics.DefaultActionNotInList, value.span, [printExpression(value)]);
    checkArgs(ctx, args);
    return undefined;
  }
  const call = checkInvokedAction(ctx, { span: value.span, text: printExpression(value) }, action, args, listed);
  if (value.kind === 'CallExpression' && call !== undefined) {
    ctx.result.calls.set(value, call);
    ctx.result.types.set(value, call.signature.returnType);
  } else if (value.kind === 'PathExpression') {
    ctx.result.types.set(value, action.type);
  }
  if (hasAnnotation(listed.reference, 'tableonly')) {
    ctx.report(CheckDiagnostics.TableOnlyAction, value.span, [printExpression(value)]);
  }
  return { action, call, isConst };
}

/**
 * Entries whose keysets are the same, element by element (as p4c compares them: `0x1 &&& 0xF`
 * and `1` differ; priorities are not looked at), cannot both be in a table: the second one is an
 * error pointing at the first.
 */
function reportDuplicateKeys(ctx: CheckContext, entries: readonly TableEntryInfo[]): void {
  const seen = new Map<string, TableEntryInfo>();
  for (const info of entries) {
    const canonical = canonicalKeyset(ctx, info.keys);
    if (canonical === undefined) continue;
    const previous = seen.get(canonical);
    if (previous === undefined) seen.set(canonical, info);
    else ctx.report(CheckDiagnostics.DuplicateEntryKeys, info.entry.keyset.span, [], [{ message: 'previous entry', site: previous.entry.keyset.span }]);
  }
}

/**
 * An `lpm` key's mask must be a prefix (ones, then zeros, within the key's width): `v &&& 0xF0`
 * is a /4 on `bit<8>`, `v &&& 0xE1` is no prefix length at all.
 */
/**
 * An `optional` key matches one value or anything (`_`, `default`): P4Runtime carries just the
 * value, so a mask or a range has no meaning there. (The spec's own examples put masks on `exact`
 * keys in `entries`, so those are left alone.)
 */
function reportOptionalKeysets(ctx: CheckContext, entries: readonly TableEntryInfo[], keys: readonly TableKeyInfo[]): void {
  for (const info of entries) {
    info.keys.forEach((e, i) => {
      const kind = keys[i]?.matchKind;
      if (kind === 'optional' && (e.kind === 'MaskExpression' || e.kind === 'RangeExpression')) {
        ctx.report(CheckDiagnostics.OptionalKeyset, e.span, [printExpression(e)]);
      }
    });
  }
}

function reportLpmMasks(ctx: CheckContext, entries: readonly TableEntryInfo[], keys: readonly TableKeyInfo[]): void {
  for (const info of entries) {
    info.keys.forEach((e, i) => {
      const key = keys[i];
      if (key?.matchKind !== 'lpm' || e.kind !== 'MaskExpression') return;
      const mask = ctx.result.constants.get(e.mask);
      const width = widthInBits(key.type, false);
      if (typeof mask !== 'bigint' || width === undefined) return;
      const full = (1n << BigInt(width)) - 1n;
      const hostBits = ~mask & full;
      if ((hostBits & (hostBits + 1n)) !== 0n) ctx.report(CheckDiagnostics.LpmMaskNotPrefix, e.span, [printExpression(e)]);
    });
  }
}

/** The keyset as text that is equal for equal keysets, or `undefined` if a part is not constant. */
function canonicalKeyset(ctx: CheckContext, keys: readonly Expression[]): string | undefined {
  const parts: string[] = [];
  for (const e of keys) {
    const operands = e.kind === 'MaskExpression' ? [e.value, e.mask] : e.kind === 'RangeExpression' ? [e.lo, e.hi] : [e];
    const values: string[] = [];
    for (const operand of operands) {
      if (operand.kind === 'DefaultExpression' || operand.kind === 'DontCareExpression') {
        values.push('_');
        continue;
      }
      const v = ctx.result.constants.get(operand);
      if (v === undefined) return undefined;
      values.push(constValueToString(v));
    }
    parts.push(values.join(e.kind === 'MaskExpression' ? ' &&& ' : ' .. '));
  }
  return parts.join(', ');
}

function checkEntry(ctx: CheckContext, entry: TableEntry, keys: readonly TableKeyInfo[], actions: readonly TableActionInfo[]): TableEntryInfo | undefined {
  let priority: bigint | undefined;
  if (entry.priority !== undefined) {
    checkExpression(ctx, entry.priority);
    const v = ctx.result.constants.get(entry.priority);
    if (typeof v !== 'bigint') ctx.report(CheckDiagnostics.PriorityNotConstant, entry.priority.span, [printExpression(entry.priority)]);
    else priority = v;
  }
  const keyset = entry.keyset;
  let keyExprs: readonly Expression[];
  if (keyset.kind === 'TupleKeyset') keyExprs = keyset.elements;
  else keyExprs = [keyset.expression];
  const matchesAll = keyExprs.length === 1 && (keyExprs[0]!.kind === 'DefaultExpression' || keyExprs[0]!.kind === 'DontCareExpression');
  if (keyExprs.length !== keys.length && !matchesAll) {
    ctx.report(CheckDiagnostics.KeysetSizeMismatch, keyset.span, [keyExprs.map(printExpression).join(', ')]);
  } else if (!matchesAll) {
    keyExprs.forEach((e, i) => checkKeysetElement(ctx, e, keys[i]!.type, true));
  }
  const ref = entry.action;
  const action = lookupAction(ctx, ref, ref.name);
  if (action === undefined) {
    checkArgs(ctx, ref.args ?? []);
    return undefined;
  }
  const listed = actions.find((a) => a.action.decl === action.decl);
  if (listed === undefined) {
    ctx.report(CheckDiagnostics.EntryActionNotInList, ref.span, [refText(ref)]);
    checkArgs(ctx, ref.args ?? []);
    return undefined;
  }
  if (hasAnnotation(listed.reference, 'defaultonly')) {
    ctx.report(CheckDiagnostics.DefaultOnlyInEntry, ref.span, [refText(ref)]);
  }
  checkInvokedAction(ctx, { span: ref.span, text: refText(ref) }, action, ref.args ?? [], listed);
  return { entry, keys: keyExprs, action, priority };
}

export { UNKNOWN };

/**
 * Entry priorities (spec 14.2.1.4): once any entry gives `priority = N`, the first must give one,
 * and an entry without one gets the previous entry's priority minus `priority_delta` (plus it,
 * with `largest_priority_wins = false`); that may not go below zero.
 */
function reportEntryPriorities(ctx: CheckContext, written: readonly TableEntry[], entries: readonly TableEntryInfo[], properties: ReadonlyMap<string, Expression>): void {
  if (!written.some((e) => e.priority !== undefined)) return;
  const first = written[0];
  if (first !== undefined && first.priority === undefined) {
    ctx.report(CheckDiagnostics.FirstEntryNeedsPriority, first.keyset.span, [printKeyset(first)]);
    return;
  }
  const constant = (name: string) => {
    const e = properties.get(name);
    return e === undefined ? undefined : ctx.result.constants.get(e);
  };
  const delta = constant('priority_delta');
  const step = typeof delta === 'bigint' ? delta : 1n;
  const largestWins = constant('largest_priority_wins') !== false;
  const priorities = derivedEntryPriorities(entries.map((e) => e.priority), step, largestWins);
  const negative = priorities.findIndex((p) => p !== undefined && p < 0n);
  if (negative >= 0) {
    const entry = entries[negative]!.entry;
    ctx.report(CheckDiagnostics.NegativeEntryPriority, entry.keyset.span, [printKeyset(entry), String(priorities[negative]), String(step)]);
  }
}

/**
 * Each entry's priority (spec 14.2.1.4) from the ones written (`given`, undefined where an entry
 * has none): an entry without one gets the previous entry's minus `step` (`priority_delta`), or
 * plus it with `largest_priority_wins = false`; undefined before the first written one.
 */
export function derivedEntryPriorities(given: readonly (bigint | undefined)[], step: bigint, largestWins: boolean): (bigint | undefined)[] {
  let current: bigint | undefined;
  return given.map((p) => (current = p !== undefined ? p : current === undefined ? undefined : largestWins ? current - step : current + step));
}

function printKeyset(entry: TableEntry): string {
  const k = entry.keyset;
  return k.kind === 'SimpleKeyset' ? printExpression(k.expression) : `(${k.elements.map(printExpression).join(', ')})`;
}
