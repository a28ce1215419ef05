/**
 * Assembles the generated module: header comment, imports, the state classes, and the
 * `createProgram()` factory holding the program's tables, extern objects and stage functions.
 * What differs between the architectures (the packet-carried state, the program object the
 * switch gets) comes from `ModuleParts`: v1model's here, PSA's in `psa-module.ts`.
 */
import CodeBlockWriter from 'code-block-writer';
import type { ExternSite, IrExpression, IrProgram, IrStage, IrStatement, IrType, IrV1Program, IrVariable, StageName } from '../ir/nodes.ts';
import type { Span } from '../source/span.ts';
import { childLists } from '../ir/walk.ts';
import { stageOf, stageOrder } from '../ir/nodes.ts';
import type { EmitOptions, EmittedProgram } from './index.ts';
import { EmitError } from './expressions.ts';
import { createExtern } from './externs.ts';
import { RuntimeImports } from './imports.ts';
import { jsName, property } from './naming.ts';
import { p4infoOf } from './p4info.ts';
import { tsType } from './representation.ts';
import { withoutUnusedDeclarations } from './prune.ts';
import { StageEmitter, type PacketAccess, type StageEmitResult } from './stages.ts';
import { emitStraightPath } from './straight-path.ts';
import { emitContextStraightPath } from './straight-path-context.ts';
import { psaModuleParts } from './psa-module.ts';
import { isPerPacketExtern } from './psa-externs.ts';
import { copyStatements, initialValue, resetStatements, writeStateClasses } from './state-classes.ts';
import type { ModuleServices } from './statements.ts';
import { createTable } from './tables.ts';
import { isP4tsExtern } from './p4ts-externs.ts';
import { TraceCode, traceSites } from './trace.ts';

const PROGRAM_TYPES = { sync: 'SyncProgram', context: 'ContextProgram', longjump: 'LongjumpProgram' } as const;

/** An old-style data list (`resubmit(data)`, `clone3(.., data)`) made a field list of its own. */
interface SyntheticFieldList {
  readonly index: number;
  readonly fields: readonly { readonly path: string; readonly type: IrType }[];
}

/** What one architecture adds to the generated module. */
export interface ModuleParts {
  /** The second and third lines of the module's header comment. */
  readonly description: readonly string[];
  /** The program type `createProgram` returns (imported by the parts). */
  readonly programType: string;
  /** How each stage reaches the packet-carried variables. */
  packetAccess(stage: IrStage): PacketAccess;
  /** Fields of the `State` class before the stages' composite locals. */
  stateFields(): readonly string[];
  /** Statements of `createProgram` after the stage functions, before `return`. */
  beforeReturn(): readonly string[];
  /** Properties of the returned program after `objects` and `createState`, stage functions excluded. */
  properties(): readonly string[];
}

function writer(): CodeBlockWriter {
  return new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
}

/** A field path of user metadata (`meta.a.b`) as written in a field list copier. */
function metadataPath(e: IrExpression, meta: IrVariable): string | undefined {
  if (e.kind === 'variable') return e.variable === meta ? '' : undefined;
  if (e.kind === 'field') {
    const base = metadataPath(e.base, meta);
    return base === undefined ? undefined : `${base}${property(e.field)}`;
  }
  return undefined;
}

export function emitModule(ir: IrProgram, options: EmitOptions): EmittedProgram {
  const imports = new RuntimeImports();
  const moduleConstants = new Map<string, string>();
  const syntheticFieldLists: SyntheticFieldList[] = [];
  const errorIndex = (name: string): number => Math.max(0, ir.errors.indexOf(name));

  const services: ModuleServices = {
    imports,
    locate: options.locate,
    describeSite: (site) => describeSite(ir, site, options),
    errorNumber: errorIndex,
    trace: options.trace === true ? new TraceCode((hint, init) => services.moduleConstant(hint, init), ir.errors) : undefined,
    moduleConstant(hint, initializer) {
      for (const [name, init] of moduleConstants) if (init === initializer) return name;
      let name = jsName(hint);
      for (let n = 2; moduleConstants.has(name); n++) name = `${jsName(hint)}_${n}`;
      moduleConstants.set(name, initializer);
      return name;
    },
    fieldListOf(data) {
      // Old-style `resubmit(data)` / `recirculate(data)` / `clone3(.., data)`: the listed
      // metadata fields become a field list of their own (numbered after the program's).
      if (ir.architecture !== 'v1model') throw new EmitError('field lists are v1model\'s');
      const index = 1000 + syntheticFieldLists.length;
      const items = data === undefined ? [] : data.kind === 'aggregate' ? data.items : [data];
      const fields = items.flatMap((item) => {
        const path = metadataPath(item, ir.metadata);
        return path === undefined || path === '' ? [] : [{ path, type: item.type }];
      });
      syntheticFieldLists.push({ index, fields });
      return index;
    },
  };

  const parts = ir.architecture === 'psa' ? psaModuleParts(ir, imports, options.mode) : v1modelParts(ir, imports, options.mode, syntheticFieldLists);
  const stageNames: readonly StageName[] = stageOrder(ir);

  // Stage functions first: they decide which imports and module constants are needed.
  const stageWriter = writer();
  const frameProperty = (stage: IrStage, v: IrVariable) => `${stage.name}_${jsName(v.name)}`;
  const results = new Map<IrStage, StageEmitResult>();
  for (const name of stageNames) {
    const stage = stageOf(ir, name);
    const emitter = new StageEmitter(stageWriter, stage, options.mode, ir.sites, services, frameProperty, parts.packetAccess(stage));
    results.set(stage, emitter.write());
  }
  // A traced build has none: the switch takes the general path under a tracer (the trace's events come from there).
  // PSA programs have none either: their switch runs the stage functions.
  const straight =
    options.trace === true
      ? { reason: 'compiled for traces' }
      : ir.architecture === 'v1model'
        ? (options.mode === 'context' ? emitContextStraightPath : emitStraightPath)({ ir, mode: options.mode, module: services, frameProperty, maxEmitBytes: v1modelMaxEmit(ir), writer })
        : { reason: 'a PSA program' };
  if ('code' in straight) {
    stageWriter.write(straight.code);
    stageWriter.blankLine();
  }

  // Program objects: tables, externs, value sets.
  const objectLines: string[] = [];
  for (const x of ir.externs) {
    if (isPerPacketExtern(x)) continue; // in the packet's state
    const line = createExtern(x, imports);
    if (line === undefined) {
      const used = ir.tables.some((t) => t.implementation === x);
      if (used) throw new EmitError(`${x.type} (${x.name}) is not supported by p4ts yet`, x.span);
      objectLines.push(`// ${x.type} ${x.name}: not supported by p4ts yet (unused)`);
      continue;
    }
    objectLines.push(line);
  }
  for (const t of ir.tables) objectLines.push(createTable(t, imports));
  for (const vs of ir.valueSets) {
    const width = vs.type.kind === 'bits' ? vs.type.width : 32;
    objectLines.push(
      `const vs_${jsName(vs.name.replace(/\./g, '_'))} = objects.add(${JSON.stringify(vs.name)}, 'value_set', new ${imports.use('support', 'ValueSet')}(${JSON.stringify(vs.name)}, ${vs.size}, ${width}));`,
    );
  }

  // State: headers, metadata, composite locals of every stage, the per-packet extern task.
  const frameLocals = stageNames.flatMap((name) => results.get(stageOf(ir, name))!.frameLocals.map((v) => ({ stage: stageOf(ir, name), v })));
  const liveNumbers = Math.max('code' in straight ? straight.liveNumbers : 0, ...[...results.values()].map((r) => r.liveNumbers));
  const liveBigints = Math.max(0, ...[...results.values()].map((r) => r.liveBigints));
  const liveRefs = Math.max(0, ...[...results.values()].map((r) => r.liveRefs));

  const classWriter = writer();
  writeStateClasses(classWriter, ir, imports, frameLocals.map((f) => f.v.type), (s) => options.locate(s.span));

  const usesP4ts = ir.sites.some((site) => isP4tsExtern(site.extern));
  const usesYieldTask = ir.sites.some((site) => !isP4tsExtern(site.extern));
  if (usesP4ts) {
    objectLines.unshift(
      `const security = objects.add('p4ts.security', 'p4ts_security', new ${imports.use('p4ts', 'SecurityStore')}());`,
    );
  }
  classWriter.writeLine('/** Everything one packet carries through the pipeline (one per packet descriptor). */');
  classWriter.write('export class State').block(() => {
    for (const line of parts.stateFields()) classWriter.writeLine(line);
    for (const { stage, v } of frameLocals) {
      classWriter.writeLine(`/** local ${v.name} of ${stage.name} */`);
      classWriter.writeLine(`readonly ${frameProperty(stage, v)}: ${tsType(v.type)} = ${initialValue(v.type)};`);
    }
    if (usesYieldTask) {
      classWriter.writeLine('/** The extern task of this packet at a v1model extern site (at most one is in flight). */');
      classWriter.writeLine(`readonly $task = new ${imports.use('support', 'YieldTask')}();`);
    }
    if (usesP4ts) {
      classWriter.writeLine('/** The task of the p4ts extern sites (payload crypto, ESP, burn). */');
      classWriter.writeLine(`readonly $p4ts: ${imports.useType('p4ts', 'PayloadTask')};`);
      classWriter.write(`constructor(security: ${imports.useType('p4ts', 'SecurityStore')})`).block(() => {
        classWriter.writeLine(`this.$p4ts = new ${imports.use('p4ts', 'PayloadTask')}(security);`);
      });
    }
  });
  classWriter.blankLine();

  // Assemble.
  const w = writer();
  w.writeLine(`// Generated by p4ts from ${options.sourceName} (mode: ${options.mode}). Do not edit.`);
  for (const line of parts.description) w.writeLine(line);
  w.writeLine('/* eslint-disable */');
  const programType = parts.programType;
  imports.useType('v1model', 'PacketDescriptor');
  if (options.mode !== 'sync') imports.useType('v1model', 'ExternTask');
  imports.use('v1model', 'NamedObjectRegistry');
  if (options.mode === 'longjump') imports.use('v1model', 'StageStatus');
  for (const line of imports.render()) w.writeLine(line);
  w.blankLine();
  if (options.mode === 'longjump') {
    w.writeLine('const DONE = StageStatus.DONE;');
    w.writeLine('const PARKED = StageStatus.PARKED;');
    w.blankLine();
  }
  w.write(classWriter.toString());
  for (const [name, init] of moduleConstants) w.writeLine(`const ${name} = ${init};`);
  if (moduleConstants.size > 0) w.blankLine();

  w.writeLine(`/** A fresh instance of the ${options.sourceName} pipeline, with empty tables. */`);
  w.write(`export function createProgram(): ${programType}<State>`).block(() => {
    w.writeLine('const objects = new NamedObjectRegistry();');
    for (const line of objectLines) w.writeLine(line);
    w.blankLine();
    w.write(stageWriter.toString());
    for (const line of parts.beforeReturn()) w.writeLine(line);
    w.write('return ').inlineBlock(() => {
      w.writeLine(`name: ${JSON.stringify(options.sourceName)},`);
      w.writeLine(`mode: '${options.mode}',`);
      w.writeLine(`liveNumbers: ${liveNumbers},`);
      w.writeLine(`liveBigints: ${liveBigints},`);
      w.writeLine(`liveRefs: ${liveRefs},`);
      w.writeLine('objects,');
      w.writeLine(usesP4ts ? 'createState: () => new State(security),' : 'createState: () => new State(),');
      for (const line of parts.properties()) w.writeLine(line);
      if (options.trace === true) w.writeLine(`traceSites: ${traceSites(ir.sites, options.locate)},`);
      for (const name of stageNames) w.writeLine(`${name},`);
      if ('code' in straight) {
        w.writeLine('straightPath,');
        if (straight.resumes) w.writeLine('straightResume,');
      } else if (ir.architecture === 'v1model') w.writeLine(`// no straight path: ${straight.reason}`);
    });
    w.write(';').newLine();
  });
  return { code: withoutUnusedDeclarations(w.toString()), p4info: p4infoOf(ir) };
}

/**
 * An extern site as its comment names it: the extern, then each inlined body it sits in,
 * innermost first, with the line it is at in each (the call's own line in the innermost, then
 * where that body was entered), up to the stage's parser or control:
 * "`mark_to_drop` in action `drop` (:71), via table `ipv4_lpm` (:103)". Lines in the program's
 * own file are written `:N`; the stage is left out when it would repeat the previous line.
 */
export function describeSite(ir: IrProgram, site: ExternSite, options: Pick<EmitOptions, 'locate' | 'sourceName'>): string {
  const line = (span: Span): string => {
    const at = options.locate(span);
    return at.startsWith(`${options.sourceName}:`) ? at.slice(options.sourceName.length) : at;
  };
  const stage = stageOf(ir, site.stage);
  const places: { kind: string; name: string; at: string }[] = [];
  let at = site.span;
  for (const step of [...site.via].reverse()) {
    places.push({ kind: step.kind, name: step.name, at: line(at) });
    at = step.span;
  }
  const stageAt = line(at);
  if (places.length === 0 || places[places.length - 1]!.at !== stageAt) places.push({ kind: stage.kind, name: stage.p4Name, at: stageAt });
  return `\`${site.extern}\` ${places.map((p, i) => `${i === 0 ? 'in' : 'via'} ${p.kind} \`${p.name}\` (${p.at})`).join(', ')}`;
}

/** v1model: `hdr`, `meta` in the packet's state, `sm` the runtime's standard metadata; field lists. */
function v1modelParts(ir: IrV1Program, imports: RuntimeImports, mode: EmitOptions['mode'], synthetic: readonly SyntheticFieldList[]): ModuleParts {
  const access: PacketAccess = {
    aliases: [
      { name: 'hdr', access: 'd.state.hdr' },
      { name: 'meta', access: 'd.state.meta' },
      { name: 'sm', access: 'd.std' },
    ],
    parserError: 'd.std.parser_error',
  };
  const programType = imports.useType('v1model', PROGRAM_TYPES[mode]);
  imports.useType('v1model', 'FieldListCopier');
  return {
    description: ['// Each stage function below is one stage of the v1model V1Switch package; comments name', '// the P4 source line each piece comes from.'],
    programType,
    packetAccess: () => access,
    stateFields: () => [
      `readonly hdr: ${tsType(ir.headers.type)} = ${initialValue(ir.headers.type)};`,
      `readonly meta: ${tsType(ir.metadata.type)} = ${initialValue(ir.metadata.type)};`,
    ],
    beforeReturn: () => [`const lists: (${'FieldListCopier'}<State> | undefined)[] = [];`, ...fieldListEntries(ir, synthetic)],
    properties: () => {
      const resetState = [...resetStatements('s.hdr', ir.headers.type), ...resetStatements('s.meta', ir.metadata.type)];
      const lines = [
        `resetState: (s: State) => { ${resetState.join(' ')} },`,
        `resetMetadata: (s: State) => { ${resetStatements('s.meta', ir.metadata.type).join(' ')} },`,
        `copyState: (dst: State, src: State) => { ${[...copyStatements('dst.hdr', 'src.hdr', ir.headers.type), ...copyStatements('dst.meta', 'src.meta', ir.metadata.type)].join(' ')} },`,
        'fieldLists: lists,',
      ];
      const maxEmit = v1modelMaxEmit(ir);
      if (maxEmit !== undefined) lines.push(`maxEmitBytes: ${maxEmit},`);
      return lines;
    },
  };
}

/** `lists[N] = copier;` for every field list: `@field_list(N)` and the old-style data lists. */
function fieldListEntries(ir: IrV1Program, synthetic: readonly SyntheticFieldList[]): string[] {
  const entries: string[] = [];
  const copier = (fields: readonly { readonly path: string; readonly type: IrType }[]): string =>
    `(dst: State, src: State) => { ${fields.flatMap((f) => copyStatements(`dst.meta${f.path}`, `src.meta${f.path}`, f.type)).join(' ')} }`;
  const metaType = ir.metadata.type;
  const fieldType = (path: string): IrType | undefined => {
    let t: IrType | undefined = metaType;
    for (const part of path.split('.')) {
      if (t?.kind !== 'struct' && t?.kind !== 'header') return undefined;
      t = t.decl.fields.find((f) => f.name === part)?.type;
    }
    return t;
  };
  for (const [index, names] of ir.fieldLists) {
    const fields = names.flatMap((n) => {
      const t = fieldType(n);
      return t ? [{ path: n.split('.').map((p) => property(p)).join(''), type: t }] : [];
    });
    entries.push(`lists[${index}] = ${copier(fields)};`);
  }
  for (const list of synthetic) entries.push(`lists[${list.index}] = ${copier(list.fields)};`);
  return entries;
}

/**
 * An upper bound of the bytes a deparser body emits (every `emit` counted, both branches of an
 * `if`, all cases of a switch), or undefined when there is none (a varbit header, an emit in a
 * loop). The switch lets such a deparser write straight in front of the payload.
 */
/** `maxEmitBytes` of a v1model program's deparser. */
function v1modelMaxEmit(ir: IrV1Program): number | undefined {
  const deparser = ir.stages.deparser;
  return deparser.kind === 'control' ? maxEmitBytes(deparser.body) : undefined;
}

export function maxEmitBytes(body: readonly IrStatement[]): number | undefined {
  let total = 0;
  for (const s of body) {
    if (s.kind === 'emit') {
      const n = emitBytes(s.header.type);
      if (n === undefined) return undefined;
      total += n;
      continue;
    }
    for (const child of childLists(s)) {
      const n = maxEmitBytes(child.list);
      // An emit in a loop may run any number of times: no bound.
      if (n === undefined || (child.loop && n > 0)) return undefined;
      total += n;
    }
  }
  return total;
}

function emitBytes(type: IrType): number | undefined {
  switch (type.kind) {
    case 'header':
      return type.decl.fields.some((f) => f.type.kind === 'varbit') || type.decl.fixedWidth % 8 !== 0 ? undefined : type.decl.fixedWidth / 8;
    case 'struct':
    case 'union': {
      let n: number | undefined = 0;
      for (const f of type.decl.fields) {
        const m = emitBytes(f.type);
        n = m === undefined || n === undefined ? undefined : n + m;
      }
      return n;
    }
    case 'stack': {
      const m = emitBytes(type.element);
      return m === undefined ? undefined : m * type.size;
    }
    case 'tuple': {
      let n: number | undefined = 0;
      for (const t of type.elements) {
        const m = emitBytes(t);
        n = m === undefined || n === undefined ? undefined : n + m;
      }
      return n;
    }
    default:
      return undefined;
  }
}
