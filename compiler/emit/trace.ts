/**
 * Trace calls in generated code. A program compiled with tracing (`EmitOptions.trace`) reports
 * its own steps to the switch's tracer (runtime/trace): the stage it enters, each parser state,
 * each extracted header with its fields, parser errors, and each table apply with its key
 * values, hit or miss, action and arguments. A program compiled without tracing contains none of
 * this code (not even a branch), so tracing off costs nothing.
 *
 * Every call goes through `$tracer`, a stage function's alias of `d.services.tracer` (`$` cannot
 * start a P4 name), and checks it first: a traced build also runs untraced.
 */
import type { ExternSite, IrExpression, IrStage, IrStructType } from '../ir/nodes.ts';
import type { Span } from '../source/span.ts';
import { jsName } from './naming.ts';

/** A module constant of the module being written (reused when the same initializer comes again). */
export type ModuleConstant = (hint: string, initializer: string) => string;

export class TraceCode {
  constructor(
    private readonly moduleConstant: ModuleConstant,
    /** The program's error names, by number. */
    private readonly errors: readonly string[],
  ) {}

  /** The alias of the tracer (in a function that traces). */
  prologue(): string {
    return 'const $tracer = d.services.tracer ?? null;';
  }

  /** Entering a stage (its first function, not a continuation). */
  stage(stage: IrStage): string {
    return this.call('stage', [quote(stage.name), quote(stage.p4Name)]);
  }

  parserState(name: string, location: string): string {
    return this.call('parserState', [quote(name), quote(location)]);
  }

  parserError(name: string): string {
    return this.call('parserError', [quote(name)]);
  }

  /** A runtime error value (the `error` of `verify`), by number. */
  parserErrorValue(value: string): string {
    const names = this.moduleConstant('traceErrorNames', JSON.stringify(this.errors));
    return this.call('parserError', [`${names}[${value}] ?? String(${value})`]);
  }

  /** After `target` (JS text) was extracted from the packet into `header` (the P4 expression). */
  extract(header: IrExpression, target: string, decl: IrStructType): string {
    const layout = decl.fields.map((f) => {
      const width = f.type.kind === 'bool' ? 0 : f.type.kind === 'bits' ? f.type.width : f.type.kind === 'varbit' ? f.type.maxWidth : 0;
      return `[${quote(f.name)}, ${width}, ${quote(jsName(f.name))}]`;
    });
    const constant = this.moduleConstant(`traceLayout_${decl.name}`, `[${layout.join(', ')}] as const`);
    return this.call('extract', [quote(p4Path(header)), target, constant]);
  }

  /** After table `table` was looked up with `keys` (JS values, one per key): `hit`, and the record of the action it runs. */
  table(table: string, location: string, keys: readonly string[], hit: string, action: string): string {
    return this.call('table', [table, quote(location), `[${keys.join(', ')}]`, hit, action]);
  }

  private call(method: string, args: readonly string[]): string {
    return `if ($tracer !== null) $tracer.${method}(d.packetId, ${args.join(', ')});`;
  }
}

/**
 * The program's `traceSites` (runtime/v1model/program.ts): each extern site's number, what it
 * calls and its P4 source line.
 */
export function traceSites(sites: readonly ExternSite[], locate: (span: Span) => string): string {
  return `[${sites.map((site) => `{ id: ${site.id}, what: ${quote(site.extern)}, source: ${quote(locate(site.span))} }`).join(', ')}]`;
}

/** The P4 text of a header reference (`hdr.ipv4`, `hdr.vlan[1]`, `hdr.mpls.next`). */
function p4Path(e: IrExpression): string {
  switch (e.kind) {
    case 'variable':
      return e.variable.name;
    case 'field':
      return `${p4Path(e.base)}.${e.field}`;
    case 'element':
      if (e.index.kind === 'stackIndex') return `${p4Path(e.base)}.${e.index.which === 'nextIndex' ? 'next' : 'last'}`;
      if (e.index.kind === 'constant') return `${p4Path(e.base)}[${String(e.index.value)}]`;
      return `${p4Path(e.base)}[…]`;
    default:
      return '…';
  }
}

function quote(text: string): string {
  return JSON.stringify(text);
}
