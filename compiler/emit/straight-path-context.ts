/**
 * Context mode's straight path: the straight path of `straight-path.ts` (headers, metadata and
 * standard metadata in locals, the six stages one after the other, the switch's decisions between
 * them specialised to the program), where a packet that reaches an extern site becomes a
 * suspended continuation.
 *
 * `straightPath` is a plain function: a packet that never waits for a task runs start to finish
 * in it and allocates nothing. At an extern site it creates the site's continuation — a generator
 * function, `straightPath_siteN`, holding the packet's state (the locals, passed in) and the code
 * from the site to the output — stores it with the packet (`d.straightGen`) and returns
 * `SUSPENDED`. The switch starts it: its first statement yields the site's task, where the
 * continuation stays suspended while the co-processor works and other packets run; when the result
 * is back the switch resumes it right after that `yield` (the value of the `yield` is the `fuse`
 * of the resumed run: whether the packet may go on from ingress to egress in that call). A later
 * site inside a continuation yields in place. A packet that leaves the common case before or after
 * a site is handed to the general path exactly as in the other modes.
 *
 * Sites in the parser or the deparser are not continued this way: such a program gets no straight
 * path in context mode (it runs the stage generators).
 */
import type CodeBlockWriter from 'code-block-writer';
import { siteContinuation } from '../ir/extern-sites.ts';
import { STAGES, type ExternSite, type IrStage, type IrVariable, type V1StageName } from '../ir/nodes.ts';
import { EmitError } from './expressions.ts';
import { jsName } from './naming.ts';
import { refersTo as codeRefersTo } from './prune.ts';
import { tsType } from './representation.ts';
import { isComposite, writeContinuation } from './stages.ts';
import { aroundPayloadTask, emitWith, STAGE_CONSTANT, StraightPathEmitter, type StraightPathInput, type StraightPathOutcome } from './straight-path.ts';
import type { StageShape } from './statements.ts';

/** The `straightPath` of a program in context mode (with a continuation per extern site), or why it has none. */
export function emitContextStraightPath(input: StraightPathInput): StraightPathOutcome {
  return emitWith(input, () => new ContextStraightPathEmitter(input));
}

class ContextStraightPathEmitter extends StraightPathEmitter {
  /** The continuation functions written so far. */
  private readonly continuations: string[] = [];
  /** Whether a continuation is being written (a site there yields in place). */
  private continuing = false;

  override write(): string {
    const main = super.write();
    return [main, ...this.continuations].join('\n');
  }

  protected override shape(stage: IrStage, label: string): StageShape {
    const base = { exit: `break ${label};`, parserError: 'd.std.parser_error' };
    if (this.continuing) {
      return {
        ...base,
        endsAtSite: false,
        site: (w, site, task, pending) => this.yieldInPlace(w, stage, site, task, pending),
      };
    }
    return {
      ...base,
      endsAtSite: true,
      site: (w, site, task, pending) => this.suspend(w, stage, site, task, pending),
    };
  }

  /** `d.stage = Stage.X;`: the stage the packet waits in (the switch counts a resumed packet's work from there). */
  private waitsIn(stage: IrStage): string {
    return `d.stage = ${this.use('Stage')}.${STAGE_CONSTANT[stage.name]};`;
  }

  private resumed(site: ExternSite): string {
    return `// ── resumed at site ${site.id} (${this.module.locate(site.span)}) ──`;
  }

  /** A later site inside a continuation: the generator yields its task and goes on here. */
  private yieldInPlace(w: CodeBlockWriter, stage: IrStage, site: ExternSite, task: string, pending: boolean): void {
    if (!pending) {
      w.writeLine(`${task}.site = ${site.id};`);
      w.writeLine(this.waitsIn(stage));
      w.writeLine(`fuse = yield ${task};`);
      w.writeLine(this.resumed(site));
      return;
    }
    aroundPayloadTask(w, this.waitsIn(stage), `fuse = yield ${task};`, this.resumed(site));
  }

  /** A site in `straightPath`: the packet becomes the site's continuation, which the switch starts. */
  private suspend(w: CodeBlockWriter, stage: IrStage, site: ExternSite, task: string, pending: boolean): void {
    const call = this.continuation(stage, site, task, pending);
    if (!pending) w.writeLine(`${task}.site = ${site.id};`);
    else {
      w.writeLine('d.cursor = $cursor;');
      w.writeLine('d.end = $end;');
    }
    w.writeLine(this.waitsIn(stage));
    w.writeLine(`// waits for the task as a continuation holding its state`);
    w.writeLine(`d.straightGen = ${call};`);
    w.writeLine(`return ${this.use('StraightStatus')}.SUSPENDED;`);
  }

  /**
   * Writes the continuation of `site` (a generator function: the task yielded first, then the
   * rest of the site's stage and every stage after it, and the write-back where the packet leaves
   * the straight path) and returns the call that creates it.
   */
  private continuation(stage: IrStage, site: ExternSite, task: string, pending: boolean): string {
    if (stage.kind !== 'control' || stage.name === 'deparser') throw new EmitError(`an extern site in the ${stage.name} (context mode continues sites in controls before the deparser)`);
    const { levels } = siteContinuation(stage, site);
    const stageLocals = new Set<IrVariable>(stage.locals.filter((v) => !isComposite(v)));
    const outer = this.body;
    this.body = this.input.writer();
    this.continuing = true;
    let text: string;
    try {
      const w = this.body;
      w.write('$leave: ').inlineBlock(() =>
        this.writeStages({
          stage: stage.name as 'verifyChecksum' | 'ingress' | 'egress' | 'computeChecksum',
          write: () => this.stageBlock(stage, stage.name, `// ── the rest of ${stage.name} after site ${site.id} ──`, (writer) => writeContinuation(writer, levels), stageLocals),
        }),
      );
      w.newLine();
      for (const line of this.leaveLines()) w.writeLine(line);
      w.writeLine('return $status;');
      text = w.toString();
    } finally {
      this.body = outer;
      this.continuing = false;
    }
    // `fuse` (the value of each `yield`) only where something reads it
    const readsFuse = codeRefersTo(text.replaceAll('fuse = yield', 'yield'))('fuse');
    if (!readsFuse) text = text.replaceAll('fuse = yield', 'yield');
    const refers = codeRefersTo(text);
    const params: { name: string; type: string }[] = [];
    // `$port` (the egress port of a packet gone on to egress in this call) is set from egress on
    const afterIngress = STAGES.indexOf(stage.name as V1StageName) > STAGES.indexOf('ingress');
    for (const name of ['$cursor', '$end', ...(afterIngress ? ['$port'] : [])]) if (refers(name)) params.push({ name, type: 'number' });
    for (const v of stageLocals) if (refers(jsName(v.name))) params.push({ name: jsName(v.name), type: tsType(v.type) });
    for (const group of this.stateLocals()) for (const l of group.locals) if (refers(l.name)) params.push({ name: l.name, type: l.type });
    const S = `${this.module.imports.useType('v1model', 'PacketDescriptor')}<State>`;
    const services = `${this.module.imports.useType('v1model', 'StraightPathServices')}<State>`;
    const externTask = this.module.imports.useType('v1model', 'ExternTask');
    const name = `straightPath_site${site.id}`;
    const w = this.input.writer();
    w.writeLine('/**');
    w.writeLine(` * The continuation of extern site ${site.id}: ${this.module.describeSite(site)}.`);
    w.writeLine(' * Created with the packet\'s state where it waits; yields the task and goes on here when the');
    w.writeLine(' * result is back, to the output or to where the packet leaves the straight path.');
    w.writeLine(' */');
    const signature = [`d: ${S}`, `sw: ${services}`, ...params.map((p) => `${p.name}: ${p.type}`)];
    w.write(`function* ${name}(${signature.join(', ')}): Generator<${externTask}, number, boolean>`).block(() => {
      if (refers('$data')) w.writeLine('const $data = d.data;');
      w.writeLine('let $status = 0;');
      w.writeLine(`let $stage: ${this.use('Stage')} = ${this.use('Stage')}.${STAGE_CONSTANT[stage.name]};`);
      if (!afterIngress) w.writeLine('let $port = -1;');
      w.writeLine(`${readsFuse ? 'let fuse = ' : ''}yield ${task};`);
      w.writeLine(this.resumed(site));
      if (pending) w.writeLine('$end = d.end;');
      for (const line of text.split('\n')) if (line !== '') w.writeLine(line);
    });
    this.continuations.push(w.toString());
    return `${name}(${['d', 'sw', ...params.map((p) => p.name)].join(', ')})`;
  }

  protected override heading(descriptor: string, services: string): { readonly comment: readonly string[]; readonly signature: string } {
    const plain = super.heading(descriptor, services);
    if (this.ir.sites.length === 0) return plain;
    return {
      comment: [
        ...plain.comment,
        'A packet that reaches an extern site waits as that site\'s continuation (`straightPath_siteN`',
        'below: a generator holding its state), which the switch resumes when the task is done.',
      ],
      signature: plain.signature,
    };
  }
}
