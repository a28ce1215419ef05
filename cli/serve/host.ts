/**
 * What `p4ts serve` puts behind the P4Runtime device: compiling programs (the one given on the
 * command line, or P4 source a client sends as the device config), and creating the switch that
 * runs one, its CPU port feeding PacketIns and its digests going to the device, the other ports
 * to the port driver (or a callback, in tests).
 *
 * The device config p4ts accepts (`ForwardingPipelineConfig.p4_device_config`): empty — the
 * program the server was started with, whose P4Info must then name the same objects with the
 * same ids as ours (a P4Info p4c wrote for it does) — or the UTF-8 text of a P4-16 v1model
 * program (one file; `#include` of core.p4 and v1model.p4), which is compiled in the server's
 * execution mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { buildP4Info } from '../../compiler/p4info/index.ts';
import type { P4Info } from '../../runtime/p4runtime/p4info.ts';
import type { DeviceHost, LoadedProgram, P4RuntimeDevice } from '../../runtime/p4runtime/server/device.ts';
import { Code, P4RuntimeError } from '../../runtime/p4runtime/server/status.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import type { ExecutionMode } from '../../runtime/v1model/program.ts';
import { createSwitch, isPsaProgram, type AnyProgram, type AnySwitch, type CommonSwitchOptions } from '../../runtime/switch/index.ts';
import { loadCompiler } from '../compile-program.ts';

export interface CompiledProgram extends LoadedProgram {
  readonly name: string;
}

/** Compiles a P4 file into a program the device can install (with trace calls when `trace`); throws with the diagnostics. */
export async function compileForServe(path: string, mode: ExecutionMode, asyncAll: boolean, deviceConfig: Uint8Array = new Uint8Array(), trace = false): Promise<CompiledProgram> {
  const { compileFile } = await loadCompiler();
  const compiled = compileFile(path, { mode, asyncAll, trace });
  if (!compiled.ok || compiled.code === undefined || compiled.ir === undefined) {
    throw new Error(compiled.diagnostics.filter((d) => d.severity !== 'warning').map((d) => formatDiagnostic(d)).join('\n') || `${path}: does not compile`);
  }
  const { p4info, problems } = buildP4Info(compiled.ir);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  const name = path.replace(/^.*\//, '').replace(/\.p4$/, '');
  const module = await loadProgramModule(compiled.code, undefined, { name });
  return { name, p4info, createProgram: () => module.createProgram(), deviceConfig };
}

/** Same ids for the same names (what makes a client's P4Info usable with our program). */
function checkCompatible(ours: P4Info, theirs: P4Info): void {
  const ids = (info: P4Info) => {
    const m = new Map<string, number>();
    for (const [kind, list] of Object.entries(info)) {
      if (!Array.isArray(list)) continue;
      for (const o of list as { preamble?: { name: string; id: number } }[]) if (o.preamble) m.set(`${kind} ${o.preamble.name}`, o.preamble.id);
    }
    return m;
  };
  const mine = ids(ours);
  for (const [key, id] of ids(theirs)) {
    const own = mine.get(key);
    if (own === undefined) throw new P4RuntimeError(Code.INVALID_ARGUMENT, `the P4Info names ${key.replace(' ', ' ')}, which the running program does not have`);
    if (own !== id) throw new P4RuntimeError(Code.INVALID_ARGUMENT, `the P4Info gives ${key} id ${id}, the running program ${own}`);
  }
}

export interface ServeHostOptions {
  readonly initial: CompiledProgram;
  readonly mode: ExecutionMode;
  readonly asyncAll: boolean;
  /** Compile the programs a controller installs with trace calls (`serve --trace`). */
  readonly trace?: boolean;
  readonly cpuPort: number;
  /** Options of every switch created (executor, limits ...); outputs and digests are set here. */
  readonly switchOptions: (program: AnyProgram<unknown>) => CommonSwitchOptions<unknown>;
  /** Frames for the other ports. */
  readonly transmit: (port: number, buffer: Uint8Array, offset: number, length: number) => void;
  /** Called with each switch put on the packet path (attach it to the port driver). */
  readonly onSwitch?: (sw: AnySwitch<unknown>) => void;
}

export function createServeHost(options: ServeHostOptions, device: () => P4RuntimeDevice): DeviceHost {
  return {
    async load(p4info: P4Info, deviceConfig: Uint8Array): Promise<LoadedProgram> {
      if (deviceConfig.length === 0) {
        checkCompatible(options.initial.p4info, p4info);
        return { ...options.initial, p4info };
      }
      const dir = mkdtempSync(join(tmpdir(), 'p4ts-serve-'));
      const file = join(dir, 'program.p4');
      try {
        writeFileSync(file, deviceConfig);
        let compiled: CompiledProgram;
        try {
          compiled = await compileForServe(file, options.mode, options.asyncAll, deviceConfig, options.trace === true);
        } catch (e) {
          throw new P4RuntimeError(Code.INVALID_ARGUMENT, `the device config (P4 source) does not compile: ${e instanceof Error ? e.message : String(e)}`);
        }
        checkCompatible(compiled.p4info, p4info);
        return { ...compiled, p4info };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    newSwitch(program: AnyProgram<unknown>): AnySwitch<unknown> {
      const sw = createSwitch(program, {
        ...options.switchOptions(program),
        // PSA: the CPU port stands for PSA_PORT_CPU both ways (PacketOut frames arrive from it)
        ...(isPsaProgram(program) ? { cpuPort: options.cpuPort } : {}),
        onOutputRaw: (port, buffer, offset, length) => {
          if (port === options.cpuPort) device().packetIn(buffer.slice(offset, offset + length));
          else options.transmit(port, buffer, offset, length);
        },
        // v1model digests by their data type's name, PSA's by the Digest instance's (as P4Info names them)
        onDigest: (_receiver, data, _d, type) => device().digest(type, data),
        onPsaDigest: (name, data) => device().digest(name, data),
      });
      return sw;
    },
    activate(sw: AnySwitch<unknown>): void {
      options.onSwitch?.(sw);
    },
  };
}
