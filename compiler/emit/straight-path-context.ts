/**
 * Context mode's straight path: the straight path of `straight-path.ts` (headers, metadata and
 * standard metadata in locals, the six stages one after the other, the switch's decisions between
 * them specialised to the program), where a packet that reaches an extern site becomes a
 * suspended continuation.
 *
 * `straightPath` is a plain function: a packet that never waits for a task runs start to finish
 * in it and allocates nothing. At an extern site it asks the switch to run the task at once
 * (`sw.runHere`: it does when the executor is behind, as it would refuse the task) and then goes
 * on in the site's rest, `straightPath_siteN_rest` — a plain function taking the packet's state
 * (the locals, passed in) with the code from the site to the output. Otherwise it stores the
 * site's task (`d.task`) and continuation (`d.continuation`) with the packet and returns
 * `SUSPENDED`: the continuation, made by `straightPath_siteN`, is a closure holding the same state,
 * which stays with the packet while the co-processor works and other packets run; when the result
 * is back the switch calls it with the `fuse` of the resumed run (whether the packet may go on
 * from ingress to egress in that call) and it goes on in the same rest. (A closure rather than a
 * generator suspended at a `yield`: the same continuation, made and resumed at a third of the
 * cost.) A later site inside a rest is one more site of the same kind (the rest returns
 * `SUSPENDED` with that site's continuation). So a packet allocates a continuation only when it
 * really waits. A packet that leaves the common case before or after a site is handed to the
 * general path exactly as in the other modes.
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
import { DESCRIPTOR_FRAME, emitWith, STAGE_CONSTANT, StraightPathEmitter, type StraightPathInput, type StraightPathOutcome } from './straight-path.ts';
import type { StageShape } from './statements.ts';

/** The calls a site's code makes: the rest of the packet's way after it, and its continuation. */
interface SiteCalls {
  readonly rest: string;
  readonly wait: string;
}

/** The `straightPath` of a program in context mode (with a continuation per extern site), or why it has none. */
export function emitContextStraightPath(input: StraightPathInput): StraightPathOutcome {
  return emitWith(input, () => new ContextStraightPathEmitter(input));
}

class ContextStraightPathEmitter extends StraightPathEmitter {
  /** The functions written for each site so far (its rest and its continuation), by site id. */
  private readonly continuations = new Map<number, { readonly calls: SiteCalls; readonly text: string }>();

  override write(): string {
    const main = super.write();
    return [main, ...[...this.continuations].sort((a, b) => a[0] - b[0]).map(([, c]) => c.text)].join('\n');
  }

  protected override shape(stage: IrStage, label: string): StageShape {
    return {
      exit: `break ${label};`,
      parserError: 'd.std.parser_error',
      endsAtSite: true,
      site: (w, site, task, pending) => this.suspend(w, stage, site, task, pending),
    };
  }

  /**
   * A site (in `straightPath` or in the rest after an earlier site): when the executor is behind,
   * the task runs here at once and the packet goes on in the site's rest; otherwise the packet
   * becomes the site's continuation, which the switch starts.
   */
  private suspend(w: CodeBlockWriter, stage: IrStage, site: ExternSite, task: string, pending: boolean): void {
    const calls = this.continuation(stage, site, task, pending);
    if (!pending) w.writeLine(`${task}.site = ${site.id};`);
    else {
      w.writeLine('d.cursor = $cursor;');
      w.writeLine('d.end = $end;');
    }
    w.writeLine('// the executor is behind: the task runs here and the packet goes on at once');
    w.writeLine(`if (sw.runHere(d, ${task})) return ${calls.rest};`);
    w.writeLine(`d.stage = ${this.use('Stage')}.${STAGE_CONSTANT[stage.name]};`);
    w.writeLine('// otherwise it waits for the task as a continuation holding its state');
    w.writeLine(`d.task = ${task};`);
    w.writeLine(`d.continuation = ${calls.wait};`);
    w.writeLine(`return ${this.use('StraightStatus')}.SUSPENDED;`);
  }

  /**
   * Writes, once per site, the rest of the packet's way after `site` (a plain function: the rest
   * of the site's stage and every stage after it, and the write-back where the packet leaves the
   * straight path) and the function making the site's continuation (a closure that goes on in the
   * rest); returns the calls of both.
   */
  private continuation(stage: IrStage, site: ExternSite, task: string, pending: boolean): SiteCalls {
    const known = this.continuations.get(site.id);
    if (known !== undefined) return known.calls;
    if (stage.kind !== 'control' || stage.name === 'deparser') throw new EmitError(`an extern site in the ${stage.name} (context mode continues sites in controls before the deparser)`);
    const { levels } = siteContinuation(stage, site);
    const stageLocals = new Set<IrVariable>(stage.locals.filter((v) => !isComposite(v)));
    const outer = this.body;
    let text: string;
    let leaves: boolean;
    // the rest is given the packet's descriptor (taken at the site)
    const outerFrame = this.frame;
    this.frame = DESCRIPTOR_FRAME;
    try {
      leaves = this.writeBody(() =>
        this.writeStages({
          stage: stage.name as 'verifyChecksum' | 'ingress' | 'egress' | 'computeChecksum',
          write: () => this.stageBlock(stage, stage.name, `// ── the rest of ${stage.name} after site ${site.id} ──`, (writer) => writeContinuation(writer, levels), stageLocals),
        }),
      );
      const w = this.body;
      if (leaves) {
        // fields of the held header the rest does not read: its write-back reads them from the
        // packet, as straightPath's does, so the continuation need not carry them
        const outerHeld = this.heldFields;
        const readsInRest = codeRefersTo(w.toString());
        this.heldFields = new Set(this.held === undefined ? [] : this.layout.headers.get(this.held)!.fields.map((f) => f.local).filter((l) => !readsInRest(l)));
        try {
          for (const line of this.leaveLines()) w.writeLine(line);
        } finally {
          this.heldFields = outerHeld;
        }
        w.writeLine('return $status;');
      }
      text = w.toString();
    } finally {
      this.body = outer;
      this.frame = outerFrame;
    }
    const refers = codeRefersTo(text);
    // `$end` after a payload task is the descriptor's (the task may have moved it)
    const endFromTask = pending && refers('$end');
    const params: { name: string; type: string }[] = [];
    // `$port` (the egress port of a packet gone on to egress in this call) is set from egress on
    const afterIngress = STAGES.indexOf(stage.name as V1StageName) > STAGES.indexOf('ingress');
    for (const name of ['$cursor', ...(pending ? [] : ['$end']), ...(afterIngress ? ['$port'] : [])]) if (refers(name)) params.push({ name, type: 'number' });
    for (const v of stageLocals) if (refers(jsName(v.name))) params.push({ name: jsName(v.name), type: tsType(v.type) });
    for (const group of this.stateLocals()) for (const l of group.locals) if (refers(l.name)) params.push({ name: l.name, type: l.type });
    const fuse = refers('fuse');
    const S = this.descriptorType();
    const services = this.servicesType();
    const continuation = this.module.imports.useType('v1model', 'StraightContinuation');
    const name = `straightPath_site${site.id}`;
    const restArgs = ['d', 'sw', ...(fuse ? ['fuse'] : []), ...params.map((p) => p.name)].join(', ');
    const calls: SiteCalls = { rest: `${name}_rest(${restArgs})`, wait: `${name}(${['d', 'sw', ...params.map((p) => p.name)].join(', ')})` };
    const w = this.input.writer();
    const where = this.module.describeSite(site);
    w.writeLine('/**');
    w.writeLine(` * After extern site ${site.id}: ${where}.`);
    w.writeLine(' * The packet goes on from the site with its state, once the task is done (run at once or');
    w.writeLine(' * waited for in the continuation below), to the output or to where it leaves the straight path.');
    w.writeLine(' */');
    const restSignature = [`d: ${S}`, `sw: ${services}`, ...(fuse ? ['fuse: boolean'] : []), ...params.map((p) => `${p.name}: ${p.type}`)];
    w.write(`function ${name}_rest(${restSignature.join(', ')}): number`).block(() => {
      if (refers('$data')) w.writeLine('const $data = d.data;');
      if (endFromTask) w.writeLine('let $end = d.end;');
      if (leaves) {
        w.writeLine('let $status = 0;');
        w.writeLine(`let $stage: ${this.use('Stage')} = ${this.use('Stage')}.${STAGE_CONSTANT[stage.name]};`);
      }
      if (!afterIngress && refers('$port')) w.writeLine('let $port = -1;');
      for (const line of text.split('\n')) if (line !== '') w.writeLine(line);
    });
    w.blankLine();
    w.writeLine('/**');
    w.writeLine(` * The continuation of extern site ${site.id}: ${where}.`);
    w.writeLine(' * Made with the packet\'s state where it waits; the switch calls it when the task is done, and');
    w.writeLine(` * the packet goes on in \`${name}_rest\`.`);
    w.writeLine(' */');
    const signature = [`d: ${S}`, `sw: ${services}`, ...params.map((p) => `${p.name}: ${p.type}`)];
    w.write(`function ${name}(${signature.join(', ')}): ${continuation}`).block(() => {
      w.writeLine(`// ── resumed at site ${site.id} (${this.module.locate(site.span)}) ──`);
      w.writeLine(`return (${fuse ? 'fuse' : ''}) => ${calls.rest};`);
    });
    this.continuations.set(site.id, { calls, text: w.toString() });
    return calls;
  }

  protected override heading(services: string): { readonly comment: readonly string[]; readonly signature: string } {
    const plain = super.heading(services);
    if (this.ir.sites.length === 0) return plain;
    return {
      comment: [
        ...plain.comment,
        'A packet that reaches an extern site waits as that site\'s continuation (made by',
        '`straightPath_siteN` below: a closure holding its state), which the switch calls when the task is done.',
      ],
      signature: plain.signature,
    };
  }
}
