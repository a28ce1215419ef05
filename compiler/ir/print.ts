/**
 * The IR as text, for people (`p4ts compile --dump-ir`) and for golden files: types, tables,
 * extern objects, each stage's locals and statements, and the extern sites with their live sets
 * and call chains. The form is P4-like but says what the IR says: inlined bodies are labeled
 * blocks, `break label` leaves them, table applications list each action's inlined body.
 */
import type {
  ExternSite,
  IrExpression,
  IrProgram,
  IrSelectKey,
  IrStage,
  IrStatement,
  IrStructType,
  IrTable,
  IrTransition,
  IrType,
  IrVariable,
} from './nodes.ts';
import { stageOf, stageOrder } from './nodes.ts';
import type { Span } from '../source/span.ts';

export interface PrintOptions {
  /** `file:LINE` of a span (the program's `locate`); lines are left out without it. */
  readonly locate?: (span: Span) => string;
}

const BINARY: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', addSat: '|+|', subSat: '|-|', shl: '<<', shr: '>>',
  and: '&', or: '|', xor: '^', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', land: '&&', lor: '||',
};
const UNARY: Record<string, string> = { not: '!', complement: '~', negate: '-' };

export function printType(t: IrType): string {
  switch (t.kind) {
    case 'bits': return `${t.signed ? 'int' : 'bit'}<${t.width}>`;
    case 'varbit': return `varbit<${t.maxWidth}>`;
    case 'bool': return 'bool';
    case 'string': return 'string';
    case 'error': return 'error';
    case 'enum': return `enum ${t.name}`;
    case 'header':
    case 'union':
    case 'struct':
      return t.decl.name;
    case 'stack': return `${printType(t.element)}[${t.size}]`;
    case 'tuple': return `tuple<${t.elements.map(printType).join(', ')}>`;
    case 'void': return 'void';
  }
}

export function printExpression(e: IrExpression): string {
  switch (e.kind) {
    case 'constant':
      if (typeof e.value === 'string') return JSON.stringify(e.value);
      if (typeof e.value === 'boolean') return String(e.value);
      return e.type.kind === 'bits' ? `${e.type.width}${e.type.signed ? 's' : 'w'}${e.value}` : String(e.value);
    case 'variable': return e.variable.name;
    case 'field': return `${printExpression(e.base)}.${e.field}`;
    case 'element': return `${printExpression(e.base)}[${printExpression(e.index)}]`;
    case 'slice': return `${printExpression(e.base)}[${e.hi}:${e.lo}]`;
    case 'unary': return `${UNARY[e.op]}(${printExpression(e.operand)})`;
    case 'binary': return `(${printExpression(e.left)} ${BINARY[e.op]} ${printExpression(e.right)})`;
    case 'concat': return `(${printExpression(e.left)} ++ ${printExpression(e.right)})`;
    case 'cast': return `(${printType(e.type)})(${printExpression(e.operand)})`;
    case 'conditional': return `(${printExpression(e.condition)} ? ${printExpression(e.then)} : ${printExpression(e.otherwise)})`;
    case 'isValid': return `${printExpression(e.header)}.isValid()`;
    case 'stackIndex': return `${printExpression(e.stack)}.${e.which}`;
    case 'aggregate': return `{ ${e.items.map(printExpression).join(', ')} }`;
    case 'invalidHeader': return `{#}`;
  }
}

function printSelectKey(k: IrSelectKey): string {
  switch (k.kind) {
    case 'any': return '_';
    case 'value': return printExpression(k.value);
    case 'mask': return `${printExpression(k.value)} &&& ${printExpression(k.mask)}`;
    case 'range': return `${printExpression(k.lo)} .. ${printExpression(k.hi)}`;
    case 'valueSet': return k.name;
  }
}

class Printer {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(private readonly options: PrintOptions) {}

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  /** `head {` + `note`, the body one level in, then `tail`. */
  block(head: string, body: () => void, tail = '}', note = ''): void {
    this.line(`${head} {${note}`);
    this.depth++;
    body();
    this.depth--;
    this.line(tail);
  }

  at(span: Span): string {
    return this.options.locate ? ` // ${this.options.locate(span)}` : '';
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  statements(list: readonly IrStatement[]): void {
    for (const s of list) this.statement(s);
  }

  statement(s: IrStatement): void {
    switch (s.kind) {
      case 'assign':
        this.line(`${printExpression(s.target)} = ${printExpression(s.value)};`);
        return;
      case 'if':
        this.block(`if (${printExpression(s.condition)})`, () => this.statements(s.then), s.otherwise.length > 0 ? '} else {' : '}');
        if (s.otherwise.length > 0) {
          this.depth++;
          this.statements(s.otherwise);
          this.depth--;
          this.line('}');
        }
        return;
      case 'switch':
        this.block(`switch (${printExpression(s.subject)})`, () => {
          for (const c of s.cases) {
            const labels = [...c.values.map(printExpression), ...(c.isDefault ? ['default'] : [])].join(', ');
            this.block(`${labels}:`, () => this.statements(c.body));
          }
        });
        return;
      case 'labeled':
        this.block(`${s.label}:`, () => this.statements(s.body));
        return;
      case 'break':
        this.line(`break ${s.label};`);
        return;
      case 'continue':
        this.line(`continue ${s.label};`);
        return;
      case 'exitStage':
        this.line('exit;');
        return;
      case 'loop':
        this.block('loop init', () => this.statements(s.init));
        this.block(`${s.label}: while (${s.condition ? printExpression(s.condition) : 'true'})`, () => {
          this.statements(s.body);
          if (s.update.length > 0) this.block('update', () => this.statements(s.update));
        });
        return;
      case 'setValidity':
        this.line(`${printExpression(s.header)}.${s.valid ? 'setValid' : 'setInvalid'}();`);
        return;
      case 'stackShift':
        this.line(`${printExpression(s.stack)}.${s.direction}(${s.count});`);
        return;
      case 'applyTable': {
        const results = [s.result.hit && `hit → ${s.result.hit.name}`, s.result.actionRun && `action_run → ${s.result.actionRun.name}`].filter(Boolean);
        this.block(`apply ${s.table.name}(${s.keys.map(printExpression).join(', ')})${results.length > 0 ? ` [${results.join(', ')}]` : ''}`, () => {
          for (const a of s.actions) {
            this.block(`action ${a.action.name}(${a.parameters.map((p) => p.name).join(', ')})`, () => this.statements(a.body));
          }
        });
        return;
      }
      case 'callExtern': {
        const c = s.call;
        const args = c.arguments.map((a) => (a.value === undefined ? '_' : `${a.direction === 'none' || a.direction === 'in' ? '' : `${a.direction} `}${printExpression(a.value)}`));
        const call = `${c.instance ? `${c.instance.name}.${c.name.replace(/^.*\./, '')}` : c.name}(${args.join(', ')})`;
        const site = c.site ? ` /* site ${c.site.id} */` : '';
        this.line(`${c.result ? `${printExpression(c.result)} = ` : ''}${call};${site}`);
        return;
      }
      case 'extract':
        this.line(`extract(${printExpression(s.header)}${s.varbitBits ? `, ${printExpression(s.varbitBits)}` : ''});`);
        return;
      case 'lookahead':
        this.line(`${printExpression(s.target)} = lookahead();`);
        return;
      case 'advance':
        this.line(`advance(${printExpression(s.bits)});`);
        return;
      case 'verify':
        this.line(`verify(${printExpression(s.condition)}, ${printExpression(s.error)});`);
        return;
      case 'emit':
        this.line(`emit(${printExpression(s.header)});`);
        return;
    }
  }

  transition(t: IrTransition): void {
    if (t.kind === 'goto') {
      this.line(`transition ${t.state};`);
      return;
    }
    this.block(`transition select(${t.selectors.map(printExpression).join(', ')})`, () => {
      for (const c of t.cases) this.line(`(${c.keys.map(printSelectKey).join(', ')}): ${c.state};`);
    });
  }

  struct(s: IrStructType): void {
    const width = s.kind === 'header' ? ` (${s.fixedWidth} bits)` : '';
    this.block(`${s.kind} ${s.name}${width}`, () => {
      for (const f of s.fields) this.line(`${printType(f.type)} ${f.name};${s.kind === 'header' ? ` // @${f.bitOffset}` : ''}`);
    }, '}', this.at(s.span));
  }

  table(t: IrTable): void {
    this.block(`table ${t.name} (id ${t.id})`, () => {
      this.line(`key = { ${t.keys.map((k) => `${k.name}: ${k.matchKind} ${printType(k.type)}`).join('; ')} }`);
      this.line(`actions = { ${t.actions.map((a) => `${a.name} (id ${a.id})`).join('; ')} }`);
      const d = t.defaultAction;
      this.line(`default_action = ${d.isConst ? 'const ' : ''}${d.action.name}(${d.arguments.map(String).join(', ')})`);
      if (t.size !== undefined) this.line(`size = ${t.size}`);
      if (t.constEntries !== undefined) this.line(`const entries: ${t.constEntries.length}`);
      if (t.initialEntries.length > 0) this.line(`entries: ${t.initialEntries.length}`);
      for (const [what, x] of [['counters', t.directCounter], ['meters', t.directMeter], ['implementation', t.implementation]] as const) {
        if (x !== undefined) this.line(`${what} = ${x.name}`);
      }
    }, '}', this.at(t.span));
  }

  locals(locals: readonly IrVariable[]): void {
    if (locals.length > 0) this.line(`locals: ${locals.map((v) => `${printType(v.type)} ${v.name}`).join(', ')}`);
  }

  stage(stage: IrStage): void {
    this.block(`${stage.name}: ${stage.kind} ${stage.p4Name}`, () => {
      this.locals(stage.locals);
      if (stage.kind === 'control') {
        this.statements(stage.body);
        return;
      }
      if (stage.prologue.length > 0) this.block('prologue', () => this.statements(stage.prologue));
      for (const state of stage.states) {
        this.block(`state ${state.name}`, () => {
          this.statements(state.body);
          this.transition(state.transition);
        }, '}', this.at(state.span));
      }
    }, '}', this.at(stage.span));
  }

  site(site: ExternSite): void {
    const via = site.via.map((v) => `${v.kind} ${v.name}`).join(' > ');
    const live = site.live.map((v) => v.name).join(', ');
    this.line(`site ${site.id}: ${site.extern} in ${site.stage}${via ? ` > ${via}` : ''}; live: ${live || 'none'}${this.at(site.span)}`);
  }
}

/** The whole program as text. */
export function printProgram(ir: IrProgram, options: PrintOptions = {}): string {
  const p = new Printer(options);
  p.line(`// p4ts IR of ${ir.source.replace(/^.*\//, '')}`);
  if (ir.architecture === 'v1model') {
    p.line(`packet: ${printType(ir.headers.type)} ${ir.headers.name}, ${printType(ir.metadata.type)} ${ir.metadata.name}, ${printType(ir.standardMetadata.type)} ${ir.standardMetadata.name}`);
  } else {
    const packet = ir.packet;
    const vars = [packet.ingressHeaders, packet.ingressMetadata, packet.egressHeaders, packet.egressMetadata, packet.resubmitMeta, packet.recirculateMeta, packet.normalMeta, packet.cloneI2EMeta, packet.cloneE2EMeta];
    p.line(`packet: ${vars.map((v) => `${printType(v.type)} ${v.name}`).join(', ')}`);
  }
  p.line(`errors: ${ir.errors.join(', ')}`);
  if (ir.architecture === 'v1model') for (const [index, fields] of ir.fieldLists) p.line(`field_list ${index}: ${fields.join(', ')}`);
  p.line('');
  for (const s of ir.structs) p.struct(s);
  if (ir.externs.length > 0) p.line('');
  for (const x of ir.externs) p.line(`extern ${x.type}${x.typeArguments.length > 0 ? `<${x.typeArguments.map(printType).join(', ')}>` : ''} ${x.name}(${x.constructorArguments.map(String).join(', ')});${p.at(x.span)}`);
  for (const v of ir.valueSets) p.line(`value_set<${printType(v.type)}>(${v.size}) ${v.name};`);
  if (ir.tables.length > 0) p.line('');
  for (const t of ir.tables) p.table(t);
  for (const name of stageOrder(ir)) {
    p.line('');
    p.stage(stageOf(ir, name));
  }
  if (ir.sites.length > 0) {
    p.line('');
    for (const site of ir.sites) p.site(site);
  }
  return p.text();
}
