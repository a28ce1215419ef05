/**
 * One variant of an extern scenario's streaming pipeline (`encrypt`, `burn`, `burst`, `order`),
 * built in whichever thread calls `createPipelineVariant`: with `settings.isolate` (the default)
 * each variant runs in a worker thread of its own (harness/isolated.ts), as the `ipsec` and
 * `l2fwd` scenarios run theirs. In one shared thread the variants of every point measured before
 * share the runtime's code (switch, executor, co-processor client) and make its call sites
 * polymorphic: the same IPsec program at 10 % cost the main thread 107 ns a packet isolated and
 * 192 ns in the shared thread of the `order` scenario (bench of 18:14-18:21).
 *
 * Options cross to a worker thread, so they are plain data: the program compiled once per mode
 * in this thread (the generated module as text) and how its control plane is configured (an
 * entries JSON file, or the IPsec gateway's share).
 */
import type { Coprocessor } from '../../runtime/coprocessor/index.ts';
import { configureGateway } from '../../examples/ipsec-esp/control-plane.ts';
import type { ControlPlaneRegistry } from '../../runtime/v1model/index.ts';
import { isolated } from '../harness/isolated.ts';
import { GcCounter, inProcess, measureRunners, type Rate, type Runner, type Variant } from '../harness/measure.ts';
import type { ScenarioContext } from '../harness/scenario.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';
import { compileFile } from '../../compiler/compile.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { asV1Program } from '../../runtime/switch/index.ts';
import { MODE_OF, asyncPipeline, flowFrames, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import { configureFromEntries } from './entries.ts';
import type { OrderKey } from '../../runtime/io/order/index.ts';

export interface PipelineVariantOptions {
  /** The generated module of the program in the variant's mode (`compiledCode`). */
  readonly code: string;
  readonly variant: AsyncVariantName;
  readonly burst: number;
  readonly label: string;
  /** The control plane: an entries JSON file, or examples/ipsec-esp's gateway encapsulating this share. */
  readonly entries?: string;
  readonly gatewayShare?: number;
  readonly order?: OrderKey;
}

function configureOf(o: PipelineVariantOptions): (objects: ControlPlaneRegistry) => void {
  if (o.entries !== undefined) return configureFromEntries(o.entries);
  if (o.gatewayShare !== undefined) {
    const share = o.gatewayShare;
    return (objects) => configureGateway(objects, share);
  }
  throw new Error(`${o.label}: neither entries nor gatewayShare`);
}

/** Frames injected per batch (the hand-written IPsec gateway streams the same, bench/scenarios/ipsec-variant.ts). */
export const BATCH = 256;

/** Generated modules by program and mode, compiled once in this thread. */
const codes = new Map<string, string>();

/** The generated module of the .p4 program at `path` in the variant's mode. */
export function compiledCode(path: string, variant: AsyncVariantName): string {
  const mode = MODE_OF[variant];
  const key = `${path}|${mode}`;
  let code = codes.get(key);
  if (code === undefined) {
    const r = compileFile(path, { mode });
    if (!r.ok || r.code === undefined) throw new Error(`cannot compile ${path} in ${mode} mode: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    code = r.code;
    codes.set(key, code);
  }
  return code;
}

export async function createPipelineVariant(o: PipelineVariantOptions): Promise<Variant & { close(): void; coprocessor?: Coprocessor }> {
  const mod = await loadProgramModule(o.code, undefined, { name: `${o.label} ${o.variant}` });
  const p = await asyncPipeline({
    createProgram: () => asV1Program(mod.createProgram(), 'the benchmark'),
    variant: o.variant,
    burst: o.burst,
    batch: BATCH,
    configure: configureOf(o),
    frames: flowFrames(),
    label: o.label,
    ...(o.order !== undefined ? { order: o.order } : {}),
  });
  const coprocessor = p.executor?.coprocessor;
  return { label: o.label, batch: () => p.batch(), counters: () => p.counters(), close: () => p.close(), ...(coprocessor !== undefined ? { coprocessor } : {}) };
}

const MODULE = ownModuleUrl('./pipeline-variant.ts', import.meta.url).href;

/**
 * The variants (each with its .p4 program) measured side by side in alternating rounds: each in
 * a worker thread of its own with `settings.isolate`, else all in this thread. Rates in the order
 * of `variants`.
 */
export async function measurePipelines(ctx: ScenarioContext, variants: readonly (Omit<PipelineVariantOptions, 'code'> & { readonly program: string })[], what: string): Promise<Rate[]> {
  const runners: Runner[] = [];
  const gc = ctx.settings.isolate ? undefined : new GcCounter();
  try {
    for (const v of variants) {
      ctx.progress.step(`${what}: preparing ${v.label}`);
      const { program, ...rest } = v;
      const options: PipelineVariantOptions = { ...rest, code: compiledCode(program, v.variant) };
      runners.push(gc === undefined ? await isolated({ label: options.label, module: MODULE, factory: 'createPipelineVariant', options }) : inProcess(await createPipelineVariant(options), gc));
    }
  } catch (e) {
    for (const r of runners) await r.close();
    gc?.stop();
    throw e;
  }
  try {
    return await measureRunners(runners, ctx.settings, ctx.progress, `${what} `, ctx.lineSample);
  } finally {
    gc?.stop();
  }
}
