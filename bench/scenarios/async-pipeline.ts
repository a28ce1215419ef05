/**
 * The bench's side of runtime/testing/async-pipeline.ts: programs compiled once per mode in
 * this process, and pipelines built from them.
 */
import { compileFile, type ExecutionMode } from '../../compiler/compile.ts';
import { asyncPipeline as pipelineOf, MODE_OF, type AsyncPipeline, type PipelineOptions } from '../../runtime/testing/async-pipeline.ts';
import { loadProgramModule, type GeneratedProgramModule } from '../../runtime/loader/index.ts';
import { asV1Program } from '../../runtime/switch/index.ts';

export { ASYNC_VARIANTS, flowFrames, ipv4Frame, type AsyncPipeline, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';

/** Compiled modules, one per program and mode, shared by every variant. */
const modules = new Map<string, Promise<GeneratedProgramModule>>();

export function compiledModule(path: string, mode: ExecutionMode): Promise<GeneratedProgramModule> {
  const key = `${path}|${mode}`;
  let m = modules.get(key);
  if (m === undefined) {
    const result = compileFile(path, { mode });
    if (!result.ok || result.code === undefined) {
      throw new Error(`cannot compile ${path}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    }
    m = loadProgramModule(result.code);
    modules.set(key, m);
  }
  return m;
}

/** A pipeline of the program at `program` (a .p4 path) in the variant's mode. */
export async function asyncPipeline(o: Omit<PipelineOptions, 'createProgram'> & { readonly program: string }): Promise<AsyncPipeline> {
  const mod = await compiledModule(o.program, MODE_OF[o.variant]);
  return pipelineOf({ ...o, createProgram: () => asV1Program(mod.createProgram(), 'the benchmark') });
}
