/**
 * IR statements as TypeScript statements. Shared by the three backends; what differs between
 * them (the code at an extern site, how a stage ends, how the parser moves to a state) comes in
 * through `StageShape`.
 */
import { usesSplitKey } from '../../contract/table-keys.ts';
import { isNumberWidth } from '../../contract/value-representation.ts';
import type CodeBlockWriter from 'code-block-writer';
import type { ExternSite, IrExpression, IrExternInstance, IrStatement, IrType } from '../ir/nodes.ts';
import { EmitError, type ExpressionEmitter } from './expressions.ts';
import { externCallStatements, externVariable, hashPushes, type ExternEmitContext } from './externs.ts';
import type { RuntimeImports } from './imports.ts';
import { jsName, property } from './naming.ts';
import { className, literal, valueKind } from './representation.ts';
import { copyStatements, resetStatements } from './state-classes.ts';
import { tableVariable } from './tables.ts';
import { actionProfileShape } from '../ir/action-profile.ts';
import type { TraceCode } from './trace.ts';
import { controlPlaneWidth, widthOf } from '../ir/types.ts';
import { someStatement } from '../ir/walk.ts';
import { psaHashEngine } from './psa-externs.ts';
import { PAYLOAD_TASK, isP4tsExtern, prepareP4tsTask } from './p4ts-externs.ts';

/** A key field of a table lookup written out as a scan (`StatementWriter.flatScan`). */
export interface FlatScanKey {
  /** The key's value, as the generated expression (a number). */
  readonly value: string;
  readonly name: string;
  readonly matchKind: string;
  /** The control plane's width of the field. */
  readonly width: number;
}

/** What differs between the backends inside a stage body. */
export interface StageShape {
  /** `return;` (sync, context) or `return DONE;` (longjump). */
  readonly exit: string;
  /** The l-value a parser error number is assigned to (`d.std.parser_error` in v1model). */
  readonly parserError: string;
  /** Whether code after an extern site is unreachable here (longjump: it is the continuation's). */
  readonly endsAtSite: boolean;
  /**
   * The statements after an extern site's work: park (longjump), yield (context), or for work
   * still to do (`pending`: a p4ts task), run it now (sync).
   */
  site(w: CodeBlockWriter, site: ExternSite, task: string, pending: boolean): void;
}

export interface ModuleServices {
  readonly imports: RuntimeImports;
  moduleConstant(hint: string, initializer: string): string;
  fieldListOf(data: IrExpression | undefined): number;
  readonly locate: (span: { start: number; end: number }) => string;
  /** Error numbers by name (`PacketTooShort` ...). */
  errorNumber(name: string): number;
  /** An extern site for its comment: the extern and the chain of inlined bodies it sits in. */
  describeSite(site: ExternSite): string;
  /** Trace calls, in a program compiled with tracing. */
  readonly trace: TraceCode | undefined;
}

export class StatementWriter {
  private readonly tableResults: string[] = [];
  private tableCount = 0;

  constructor(
    readonly w: CodeBlockWriter,
    readonly exprs: ExpressionEmitter,
    readonly module: ModuleServices,
    readonly shape: StageShape,
  ) {}

  /**
   * Writes a statement list up to its first statement control never falls through (`break`,
   * `exit`, a longjump site: what follows it is unreachable, and in longjump mode lives in the
   * site's continuation). Returns whether the list ends that way: then the caller writes
   * nothing after it either.
   */
  statements(list: readonly IrStatement[]): boolean {
    for (const s of list) {
      if (this.statement(s)) return true;
    }
    return false;
  }

  /** Writes `target = value` for scalars; copies, resets or fills composites. */
  assignLines(target: IrExpression, value: IrExpression): string[] {
    const type = target.type;
    if (valueKind(type) === 'object') return this.compositeAssign(this.exprs.emit(target), type, value);
    if (target.kind === 'slice') {
      return [this.sliceAssign(target, this.exprs.convert(this.exprs.emit(value), value.type, target.type))];
    }
    return [`${this.exprs.emit(target)} = ${this.exprs.convert(this.exprs.emit(value), value.type, type)};`];
  }

  /** An assignment of an already emitted runtime value (of the target's representation). */
  assignValue(target: IrExpression, value: string): string {
    if (target.kind === 'slice') return this.sliceAssign(target, value);
    return `${this.exprs.emit(target)} = ${value};`;
  }

  private sliceAssign(slice: IrExpression & { kind: 'slice' }, value: string): string {
    // A slice of a slice (`x[7:4][3:0]`) is a slice of the innermost value.
    let target = slice;
    while (target.base.kind === 'slice') {
      const inner: IrExpression & { kind: 'slice' } = target.base;
      const lo = inner.lo + target.lo;
      target = { ...inner, lo, hi: lo + (target.hi - target.lo) };
    }
    const base = this.exprs.emit(target.base);
    const t = target.base.type;
    const width = t.kind === 'bits' ? t.width : 32;
    const signed = t.kind === 'bits' && t.signed;
    switch (valueKind(t)) {
      case 'narrow':
        return `${base} = ${this.module.imports.use('bits', signed ? 'setSliceInt' : 'setSliceBits')}(${base}, ${target.hi}, ${target.lo}, ${value}, ${width});`;
      case 'number53':
        return `${base} = ${this.module.imports.use('support', 'setSlice53')}(${base}, ${target.hi}, ${target.lo}, ${value});`;
      default: {
        const v = isNumberWidth(target.hi - target.lo + 1) ? `BigInt(${value})` : value;
        return `${base} = ${this.module.imports.use('bits', 'setSliceWide')}(${base}, ${target.hi}, ${target.lo}, ${v}, ${width});`;
      }
    }
  }

  protected compositeAssign(target: string, type: IrType, value: IrExpression): string[] {
    switch (value.kind) {
      case 'invalidHeader':
        if (type.kind === 'union') return type.decl.fields.map((f) => `${target}${property(f.name)}.$valid = false;`);
        return [`${target}.$valid = false;`];
      case 'aggregate': {
        const lines: string[] = [];
        const fields = type.kind === 'header' || type.kind === 'struct' || type.kind === 'union'
          ? type.decl.fields.map((f) => ({ access: `${target}${property(f.name)}`, type: f.type }))
          : type.kind === 'tuple' ? type.elements.map((t, i) => ({ access: `${target}[${i}]`, type: t }))
          : type.kind === 'stack' ? Array.from({ length: type.size }, (_, i) => ({ access: `${target}.items[${i}]`, type: type.element }))
          : [];
        value.items.forEach((item, i) => {
          const field = fields[i];
          if (field === undefined) return;
          if (valueKind(field.type) === 'object') lines.push(...this.compositeAssign(field.access, field.type, item));
          else lines.push(`${field.access} = ${this.exprs.convert(this.exprs.emit(item), item.type, field.type)};`);
        });
        if (type.kind === 'header') lines.push(`${target}.$valid = true;`);
        return lines;
      }
      default:
        return copyStatements(target, this.exprs.emit(value), type);
    }
  }

  /** The context extern calls need. */
  protected externContext(): ExternEmitContext {
    return {
      exprs: this.exprs,
      imports: this.module.imports,
      moduleConstant: (hint, init) => this.module.moduleConstant(hint, init),
      currentTableResult: this.tableResults[this.tableResults.length - 1],
      fieldListOf: (data) => this.module.fieldListOf(data),
      assign: (target, value) => this.assignValue(target, value),
    };
  }

  protected lines(lines: readonly string[]): void {
    for (const l of lines) this.w.writeLine(l);
  }

  /** Writes one statement; returns true when control never falls through it (see `statements`). */
  statement(s: IrStatement): boolean {
    try {
      return this.statementCode(s);
    } catch (error) {
      // A construct the generator cannot express is reported where the program wrote it.
      if (error instanceof EmitError && error.span === undefined) throw new EmitError(error.message, s.span);
      throw error;
    }
  }

  private statementCode(s: IrStatement): boolean {
    const w = this.w;
    switch (s.kind) {
      case 'assign':
        this.lines(this.assignLines(s.target, s.value));
        return false;
      case 'if': {
        let thenEnds = false;
        let otherwiseEnds = false;
        w.write(`if (${this.exprs.emit(s.condition)}) `).inlineBlock(() => {
          thenEnds = this.statements(s.then);
        });
        if (s.otherwise.length > 0) {
          w.write(' else ').inlineBlock(() => {
            otherwiseEnds = this.statements(s.otherwise);
          });
        }
        w.newLine();
        return thenEnds && otherwiseEnds;
      }
      case 'switch': {
        w.write(`switch (${this.exprs.emit(s.subject)}) `).inlineBlock(() => {
          for (const c of s.cases) {
            for (const v of c.values) w.writeLine(`case ${this.exprs.emit(v)}:`);
            if (c.isDefault) w.writeLine('default:');
            w.indent(() => {
              let ends = false;
              w.write('').inlineBlock(() => {
                ends = this.statements(c.body);
              });
              w.newLine();
              if (!ends) w.writeLine('break;');
            });
          }
        });
        w.newLine();
        return false;
      }
      case 'labeled': {
        if (!usesLabel(s.body, s.label)) return this.statements(s.body);
        // A `break` to the label continues after the block: the block never ends the list.
        w.write(`${s.label}: `).inlineBlock(() => this.statements(s.body));
        w.newLine();
        return false;
      }
      case 'break':
        w.writeLine(`break ${s.label};`);
        return true;
      case 'continue':
        // Leaves the body only: the loop's update statements still run (see 'loop').
        w.writeLine(`break ${s.label}_body;`);
        return true;
      case 'exitStage':
        w.writeLine(this.shape.exit);
        return true;
      case 'loop': {
        if (this.statements(s.init)) return true;
        const cond = s.condition ? this.exprs.emit(s.condition) : 'true';
        w.write(`${s.label}: for (; ${cond}; ) `).inlineBlock(() => {
          w.write(`${s.label}_body: `).inlineBlock(() => this.statements(s.body));
          w.newLine();
          this.statements(s.update);
        });
        w.newLine();
        return false;
      }
      case 'setValidity':
        this.setValidity(s);
        return false;
      case 'stackShift': {
        const type = s.stack.type;
        if (type.kind !== 'stack' || (type.element.kind !== 'header' && type.element.kind !== 'union')) {
          throw new EmitError('push_front/pop_front on a non-header stack');
        }
        const fn = this.module.imports.use('support', s.direction === 'push_front' ? 'stackPushFront' : 'stackPopFront');
        w.writeLine(`${fn}(${this.exprs.emit(s.stack)}, ${s.count}, copy_${className(type.element.decl)});`);
        return false;
      }
      case 'applyTable':
        this.applyTable(s);
        return false;
      case 'callExtern':
        return this.callExtern(s);
      case 'extract':
        this.extract(s.header, s.varbitBits, false);
        return false;
      case 'lookahead':
        this.lookahead(s.target);
        return false;
      case 'advance':
        this.advance(s);
        return false;
      case 'verify':
        this.verify(s);
        return false;
      case 'emit':
        this.emitHeader(this.exprs.emit(s.header), s.header.type);
        return false;
    }
  }

  protected setValidity(s: IrStatement & { kind: 'setValidity' }): void {
    const w = this.w;
    const header = this.exprs.emit(s.header);
    w.writeLine(`${header}.$valid = ${s.valid};`);
    // Validating one member of a header union invalidates the others.
    if (s.valid && s.header.kind === 'field' && s.header.base.type.kind === 'union') {
      const base = this.exprs.emit(s.header.base);
      for (const f of s.header.base.type.decl.fields) {
        if (f.name !== s.header.field) w.writeLine(`${base}${property(f.name)}.$valid = false;`);
      }
    }
  }

  /** An extern call, and at a site what the mode does there; true when the site ends the list. */
  protected callExtern(s: IrStatement & { kind: 'callExtern' }): boolean {
    const w = this.w;
    const site = s.call.site;
    if (site) w.writeLine(`// ── extern site ${site.id}: ${this.module.describeSite(site)} ──`);
    if (isP4tsExtern(s.call.name)) {
      w.writeLine(prepareP4tsTask(s.call, this.exprs, this.module.imports));
      if (site) this.shape.site(w, site, PAYLOAD_TASK, true);
    } else {
      this.lines(externCallStatements(s.call, this.externContext()));
      if (site) this.shape.site(w, site, 'd.state.$task', false);
    }
    // In longjump mode a site ends the function: what follows lives in its continuation.
    return site !== undefined && this.shape.endsAtSite;
  }

  protected advance(s: IrStatement & { kind: 'advance' }): void {
    const bits = this.exprs.asIndex(s.bits);
    this.w.writeLine(`if (d.end - d.cursor < (${bits} >>> 3)) ${this.parserError('PacketTooShort')}`);
    this.w.writeLine(`d.cursor += ${bits} >>> 3;`);
  }

  protected verify(s: IrStatement & { kind: 'verify' }): void {
    const trace = this.module.trace !== undefined ? `${this.module.trace.parserErrorValue(this.shape.parserError)} ` : '';
    this.w.writeLine(`if (!(${this.exprs.emit(s.condition)})) { ${this.shape.parserError} = ${this.exprs.emit(s.error)}; ${trace}${this.shape.exit} }`);
  }

  /** Sets `parser_error` and ends the parser (the statement text). */
  parserError(name: string): string {
    const trace = this.module.trace !== undefined ? `${this.module.trace.parserError(name)} ` : '';
    return `{ ${this.shape.parserError} = ${this.module.errorNumber(name)}; ${trace}${this.shape.exit} }`;
  }

  protected extract(header: IrExpression, varbitBits: IrExpression | undefined, lookahead: boolean): void {
    const w = this.w;
    const type = header.type;
    if (type.kind !== 'header') throw new EmitError(`extract into a ${type.kind}`);
    const name = className(type.decl);
    // `stack.next` (or `unions.next.member`): check for room first, move on after.
    const next = nextElement(header);
    if (next !== undefined) {
      const stack = this.exprs.emit(next.stack);
      const size = next.stack.type.kind === 'stack' ? next.stack.type.size : 0;
      w.writeLine(`if (${stack}.nextIndex >= ${size}) ${this.parserError('StackOutOfBounds')}`);
    }
    const target = this.exprs.emit(header);
    if (varbitBits !== undefined) {
      const bits = this.exprs.asIndex(varbitBits);
      const fixed = type.decl.fixedWidth;
      const max = type.decl.fields.find((f) => f.type.kind === 'varbit')?.type;
      const maxWidth = max?.kind === 'varbit' ? max.maxWidth : 0;
      w.write('').inlineBlock(() => {
        w.writeLine(`const varbits = ${bits};`);
        // As bmv2: a length that is not whole bytes is an invalid argument; one past the
        // field's maximum makes the header too short.
        w.writeLine(`if ((varbits & 7) !== 0) ${this.parserError('ParserInvalidArgument')}`);
        w.writeLine(`if (varbits > ${maxWidth}) ${this.parserError('HeaderTooShort')}`);
        w.writeLine(`if (d.end - d.cursor < ${fixed / 8} + (varbits >>> 3)) ${this.parserError('PacketTooShort')}`);
        w.writeLine(`extract_${name}(${target}, d.data, d.cursor, varbits);`);
        if (!lookahead) w.writeLine(`d.cursor += ${fixed / 8} + (varbits >>> 3);`);
      });
      w.newLine();
    } else {
      const bytes = type.decl.fixedWidth / 8;
      if (type.decl.fields.some((f) => f.type.kind === 'varbit')) {
        w.writeLine(`if (d.end - d.cursor < ${bytes}) ${this.parserError('PacketTooShort')}`);
        w.writeLine(`extract_${name}(${target}, d.data, d.cursor, 0);`);
      } else {
        w.writeLine(`if (d.end - d.cursor < ${bytes}) ${this.parserError('PacketTooShort')}`);
        w.writeLine(`extract_${name}(${target}, d.data, d.cursor);`);
      }
      if (!lookahead) w.writeLine(`d.cursor += ${bytes};`);
    }
    if (this.module.trace !== undefined && !lookahead) w.writeLine(this.module.trace.extract(header, target, type.decl));
    if (next !== undefined && !lookahead) {
      w.writeLine(`${this.exprs.emit(next.stack)}.nextIndex++;`);
    }
    // Extracting one member of a header union invalidates the others.
    if (!lookahead && header.kind === 'field' && header.base.type.kind === 'union') {
      const base = this.exprs.emit(header.base);
      for (const f of header.base.type.decl.fields) {
        if (f.name !== header.field) w.writeLine(`${base}${property(f.name)}.$valid = false;`);
      }
    }
  }

  protected lookahead(target: IrExpression): void {
    const type = target.type;
    if (type.kind === 'header') {
      this.extract(target, undefined, true);
      return;
    }
    const width = widthOf(type);
    if (width === 0 || (type.kind !== 'bits' && type.kind !== 'bool' && type.kind !== 'struct')) throw new EmitError(`lookahead of a ${type.kind}`);
    const bytes = Math.ceil(width / 8);
    this.w.writeLine(`if (d.end - d.cursor < ${bytes}) ${this.parserError('PacketTooShort')}`);
    this.peek(this.exprs.emit(target), type, 0);
  }

  /** Reads `type` into `target` from the packet at `bit` bits past the cursor (nothing consumed). */
  private peek(target: string, type: IrType, bit: number): void {
    switch (type.kind) {
      case 'bits':
      case 'bool': {
        const width = widthOf(type);
        const kind = valueKind(type);
        const reader = kind === 'wide' ? 'readWide' : kind === 'number53' ? 'readBits53' : 'readBits';
        let read = `${this.module.imports.use('packet', reader)}(d.data, d.cursor * 8 + ${bit}, ${width})`;
        if (type.kind === 'bool') read = `${read} !== 0`;
        else if (type.signed) read = kind === 'wide' ? `BigInt.asIntN(${width}, ${read})` : this.exprs.wrapSmall(read, width, true);
        this.w.writeLine(`${target} = ${read};`);
        return;
      }
      case 'struct':
      case 'header': {
        let offset = bit;
        for (const f of type.decl.fields) {
          this.peek(`${target}${property(f.name)}`, f.type, offset);
          offset += widthOf(f.type);
        }
        if (type.kind === 'header') this.w.writeLine(`${target}.$valid = true;`);
        return;
      }
      default:
        throw new EmitError(`lookahead of a ${type.kind}`);
    }
  }

  /** `pkt.emit(x)`: a valid header is written; structs, stacks and unions emit their headers in order. */
  protected emitHeader(value: string, type: IrType): void {
    const w = this.w;
    switch (type.kind) {
      case 'header': {
        const name = className(type.decl);
        const varbit = type.decl.fields.some((f) => f.type.kind === 'varbit');
        if (varbit) w.writeLine(`if (${value}.$valid) d.outLength += emit_${name}(${value}, d.out, d.outLength);`);
        else w.writeLine(`if (${value}.$valid) { emit_${name}(${value}, d.out, d.outLength); d.outLength += ${type.decl.fixedWidth / 8}; }`);
        return;
      }
      case 'struct':
      case 'union':
        for (const f of type.decl.fields) this.emitHeader(`${value}${property(f.name)}`, f.type);
        return;
      case 'stack':
        for (let i = 0; i < type.size; i++) this.emitHeader(`${value}.items[${i}]`, type.element);
        return;
      case 'tuple':
        type.elements.forEach((t, i) => this.emitHeader(`${value}[${i}]`, t));
        return;
      default:
        throw new EmitError(`emit of a ${type.kind}`);
    }
  }

  private applyTable(s: IrStatement & { kind: 'applyTable' }): void {
    const w = this.w;
    const table = tableVariable(s.table);
    const r = `r${this.tableCount++}`;
    const profile = s.table.implementation;
    // With an action profile the lookup finds the entry (`rNe`: hit, handle, direct resources);
    // the action comes from the member it points at, or the one its group picks (`rN`).
    const entry = profile !== undefined ? `${r}e` : r;
    w.writeLine(`// ${s.table.name}.apply() (${this.module.locate(s.span)})`);
    w.write('').inlineBlock(() => {
      const matched = s.keys.map((k, i) => ({ k, key: s.table.keys[i] })).filter(({ key }) => key?.matchKind !== 'selector');
      const keys = matched.map(({ k, key }) => {
        const v = this.exprs.emit(k);
        if (k.type.kind === 'bool') return `(${v} ? 1 : 0)`;
        return key ? this.exprs.convert(v, k.type, key.type) : v;
      });
      const only = matched.length === 1 ? matched[0]!.key?.type : undefined;
      // Without an action profile the match is a result index (0: the default action); the action
      // and its number arguments are read from the table's typed arrays by it. With one, the
      // lookup returns the entry's record, which points at the member or group holding the action.
      const verb = profile === undefined ? 'match' : 'lookup';
      const halves = keys.length === 1 && only !== undefined && only.kind === 'bits' && usesSplitKey(only.width, only.signed) ? this.keyHalves(matched[0]!.k, only) : undefined;
      if (halves !== undefined) {
        w.writeLine('// the key\'s two 32-bit halves read from the packet, where the header still is');
        w.writeLine(`const ${entry} = ${table}.${verb}1Split(${halves.hi}, ${halves.lo});`);
      } else if (keys.length === 1 && only !== undefined && only.kind === 'bits' && usesSplitKey(only.width, only.signed)) {
        // A key that may exceed 2^31 goes as two 32-bit halves: one number that large would be boxed on each call.
        const k = `$k${r.slice(1)}`;
        w.writeLine(`const ${k} = ${keys[0]!};`);
        const hi = only.width === 32 ? '0' : `(${k} - (${k} >>> 0)) / 4294967296`;
        w.writeLine(`const ${entry} = ${table}.${verb}1Split(${hi}, ${k} | 0);`);
      } else {
        const scan = profile === undefined ? this.flatScan(table, r, matched.map(({ key }, i) => ({ value: keys[i]!, name: key?.name ?? `key ${i}`, matchKind: key?.matchKind ?? 'exact', width: key ? controlPlaneWidth(key.type) : 0 }))) : undefined;
        if (scan !== undefined) for (const line of scan) w.writeLine(line);
        else {
          const lookup = keys.length <= 3 ? `${table}.${verb}${keys.length}(${keys.join(', ')})` : `${table}.${verb}N([${keys.join(', ')}])`;
          w.writeLine(`const ${entry} = ${lookup};`);
        }
      }
      if (profile !== undefined) this.followProfile(s, profile, entry, r);
      const record = profile === undefined ? `${table}.resultAt[${r}]!` : entry;
      const hit = profile === undefined ? `${r} !== 0` : `${entry}.hit`;
      const actionId = profile === undefined ? `${table}.actionOf[${r}]` : `${r}.actionId`;
      if (this.module.trace !== undefined) {
        // the matched keys, as the table describes them (selector keys only feed the hash)
        const traced = matched.map(({ k }) => (k.type.kind === 'bool' ? `(${this.exprs.emit(k)} ? 1 : 0)` : this.exprs.emit(k)));
        w.writeLine(this.module.trace.table(table, this.module.locate(s.span), traced, hit, profile === undefined ? record : r));
      }
      if (s.result.hit) w.writeLine(`${jsName(s.result.hit.name)} = ${hit};`);
      if (s.result.actionRun) w.writeLine(`${jsName(s.result.actionRun.name)} = ${actionId}${profile === undefined ? '!' : ''};`);
      // v1model's direct counters count every hit by themselves (PSA's count when an action says so)
      if (s.table.directCounter?.type === 'direct_counter') {
        // the straight path counts the frame's length (it may have no descriptor)
        const length = this.externContext().straight?.length;
        const count = length === undefined ? `count(${record}.handle, d)` : `countLength(${record}.handle, ${length})`;
        w.writeLine(`if (${hit}) ${externVariable(s.table.directCounter)}.${count};`);
      }
      // a table with `support_timeout`: the entry's hit flag, cleared by the ager when it looks (P4Runtime idle timeouts)
      if (s.table.supportTimeout) w.writeLine(`if (${hit}) ${table}.hitFlags[${profile === undefined ? r : `${entry}.index`}] = 1;`);
      this.tableResults.push(record);
      w.write(`switch (${actionId}) `).inlineBlock(() => {
        for (const a of s.actions) {
          w.writeLine(`case ${a.action.id}: { // ${a.action.name}`);
          w.indent(() => {
            a.parameters.forEach((p, i) => {
              const t = p.type;
              // a number parameter among the first four: the table's number array (or the member record's number copy)
              const kind = valueKind(t);
              const numberArg = profile === undefined ? `${table}.arg${i}Of[${r}]!` : `${r}.a${i}`;
              const raw = i < 4 && (kind === 'narrow' || kind === 'number53' || kind === 'bool') ? numberArg : `${profile === undefined ? record : r}.args[${i}]`;
              const value = t.kind === 'bool' ? `${raw} !== 0` : valueKind(t) === 'wide' ? `${raw} as bigint` : raw.endsWith('!') ? raw : `${raw} as number`;
              w.writeLine(`${jsName(p.name)} = ${value};`);
            });
            if (!this.statements(a.body)) w.writeLine('break;');
          });
          w.writeLine('}');
        }
      });
      w.newLine();
      this.tableResults.pop();
    });
    w.newLine();
  }

  /**
   * The lookup of a table with flat rows (`scansFlatRows`) written out as the scan of its rows,
   * setting `let result` to the result index; undefined: the table's `match` call instead.
   */
  protected flatScan(_table: string, _result: string, _keys: readonly FlatScanKey[]): string[] | undefined {
    return undefined;
  }

  /**
   * A single table key of 33 to 52 bits (`keyType`) as its two 32-bit halves (high part, low part
   * as `| 0`) read without building the number, when the emitter knows where its bytes are; else
   * undefined (the number is built and split).
   */
  protected keyHalves(_key: IrExpression, _keyType: IrType & { kind: 'bits' }): { readonly hi: string; readonly lo: string } | undefined {
    return undefined;
  }

  /**
   * `rN` from the entry `rNe` of a table with an action profile: the member the entry names, or
   * (action selectors) the member its group picks by the hash of the selector keys; a miss, or
   * an empty group, runs the table's default action.
   */
  private followProfile(s: IrStatement & { kind: 'applyTable' }, profile: IrExternInstance, entry: string, r: string): void {
    const w = this.w;
    const table = tableVariable(s.table);
    const TableResult = this.module.imports.useType('control', 'TableResult');
    w.writeLine(`let ${r}: ${TableResult} = ${entry}.member ?? ${entry};`);
    if (actionProfileShape(profile)?.selector !== true) return;
    const selectors = s.keys.filter((_, i) => s.table.keys[i]?.matchKind === 'selector');
    const algorithm = profile.type === 'ActionSelector' ? psaHashEngine(profile) : HASH_ALGORITHMS[typeof profile.constructorArguments[0] === 'bigint' ? Number(profile.constructorArguments[0]) : 0] ?? 'crc32';
    const input = this.module.moduleConstant('hashInput', `new ${this.module.imports.use('hash', 'HashInput')}()`);
    const engine = this.module.moduleConstant(`hash_${algorithm}`, `new ${this.module.imports.use('hash', 'HashEngine')}('${algorithm}')`);
    w.write(`if (${entry}.group !== null) `).inlineBlock(() => {
      w.writeLine(`${input}.reset();`);
      this.lines(selectors.flatMap((k) => hashPushes(this.externContext(), input, k)));
      w.writeLine(`${r} = ${entry}.group.pick(${engine}.compute(${input})) ?? ${table}.defaultResult;`);
    });
    w.newLine();
  }
}

/** The HashAlgorithm members of v1model.p4, in declaration order (an enum constant's number). */
const HASH_ALGORITHMS = ['crc32', 'crc32_custom', 'crc16', 'crc16_custom', 'random', 'identity', 'csum16', 'xor16'];

/** The stack of `stack.next`, or of `stack.next.member` for a stack of header unions. */
function nextElement(header: IrExpression): { stack: IrExpression } | undefined {
  const element = header.kind === 'field' && header.base.type.kind === 'union' ? header.base : header;
  if (element.kind === 'element' && element.index.kind === 'stackIndex' && element.index.which === 'nextIndex') return { stack: element.index.stack };
  return undefined;
}

/** Whether `break label` (or `continue label`) appears in a statement list. */
export function usesLabel(list: readonly IrStatement[], label: string): boolean {
  return someStatement(list, (s) => (s.kind === 'break' || s.kind === 'continue') && s.label === label);
}

export { literal, resetStatements };
