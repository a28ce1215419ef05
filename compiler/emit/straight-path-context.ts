/**
 * Context mode's straight path: the straight path of `straight-path.ts` (headers, metadata and
 * standard metadata in locals, the six stages one after the other, the switch's decisions between
 * them specialised to the program) as a generator function, `function* straightPath`.
 *
 * At an extern site the generator yields its task: the switch keeps the suspended generator with
 * the packet (`d.straightGen`), hands the task to the co-processor and serves other packets; when
 * the result is back it resumes the generator right after the `yield`, with every local as it
 * was — a continuation, as context mode's stage generators are, only of the whole pipeline
 * instead of one stage. The value of the `yield` is the `fuse` of the resumed run (whether the
 * packet may go on from ingress to egress in the same call then). A packet that leaves the common
 * case before or after a site is handed to the general path exactly as in the other modes.
 *
 * A program without extern sites gets the plain straight path (no generator: nothing suspends),
 * which the switch runs as in sync mode.
 */
import type { IrStage } from '../ir/nodes.ts';
import { aroundPayloadTask, emitWith, STAGE_CONSTANT, StraightPathEmitter, type StraightPathInput, type StraightPathOutcome } from './straight-path.ts';
import type { StageShape } from './statements.ts';

/** The `straightPath` of a program in context mode (a generator when it has extern sites), or why it has none. */
export function emitContextStraightPath(input: StraightPathInput): StraightPathOutcome {
  return emitWith(input, () => new ContextStraightPathEmitter(input));
}

class ContextStraightPathEmitter extends StraightPathEmitter {
  private get suspends(): boolean {
    return this.ir.sites.length > 0;
  }

  protected override shape(stage: IrStage, label: string): StageShape {
    // the stage the packet waits in (the switch counts a resumed packet's work from there)
    const waitsIn = `d.stage = ${this.use('Stage')}.${STAGE_CONSTANT[stage.name]};`;
    return {
      exit: `break ${label};`,
      parserError: 'd.std.parser_error',
      endsAtSite: false,
      site: (w, site, task, pending) => {
        const resumed = `// ── resumed at site ${site.id} (${this.module.locate(site.span)}) ──`;
        if (!pending) {
          w.writeLine(`${task}.site = ${site.id};`);
          w.writeLine(waitsIn);
          w.writeLine(`fuse = yield ${task};`);
          w.writeLine(resumed);
          return;
        }
        aroundPayloadTask(w, waitsIn, `fuse = yield ${task};`, resumed);
      },
    };
  }

  protected override heading(descriptor: string, services: string): { readonly comment: readonly string[]; readonly signature: string } {
    if (!this.suspends) return super.heading(descriptor, services);
    const task = this.module.imports.useType('v1model', 'ExternTask');
    return {
      comment: [
        'The straight path in context mode: a new packet from the parser to the output in one',
        'generator, headers and metadata in its locals. At an extern site it yields the task and the',
        'switch resumes it there when the result is back (the value of the `yield`: may the packet go',
        'on to egress in that call). A packet that leaves the common case is handed to the switch',
        'with its state written back (`$leave`) and the stage functions above take it from there.',
      ],
      signature: `function* straightPath(d: ${descriptor}, sw: ${services}, fuse: boolean): Generator<${task}, number, boolean>`,
    };
  }
}
