/**
 * `p4ts serve PROG.p4`: the program as a running switch that P4Runtime controllers program over
 * gRPC (`p4.v1.P4Runtime` on `--grpc ADDR:PORT`, default 127.0.0.1:9559), device `--device-id`
 * (default 1), packet I/O on `--cpu-port` (default 64), ports `--port N:SPEC` (docs/live.md),
 * initial entries `--entries FILE.json`, the idle-timeout ager's period `--idle-sweep-ms`. Runs until SIGINT or SIGTERM, then closes the server and
 * the ports and prints the switch's counts.
 */
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { checkPortSpecs, createPort, formatPortCounters, PortDriver, type Port } from '../../runtime/io/ports/index.ts';
import { DEFAULT_IDLE_SWEEP_MS, P4RuntimeDevice } from '../../runtime/p4runtime/server/device.ts';
import { startP4RuntimeServer } from '../../runtime/p4runtime/server/service.ts';
import { P4RuntimeError } from '../../runtime/p4runtime/server/status.ts';
import type { AnySwitch } from '../../runtime/switch/index.ts';
import { applyEntriesFile } from '../entries-file.ts';
import { formatRunSummary } from '../run-summary.ts';
import { compileForServe, createServeHost } from '../serve/host.ts';
import { addExecutionOptions, createExecution, type ExecutionFlags } from './execution-options.ts';
import { portSpecsOf } from './run-live.ts';
import { addTraceOptions, openTraceOutput, tracing, traceSwitchOptions, type TraceFlags } from '../trace-output.ts';

interface ServeFlags extends ExecutionFlags, TraceFlags {
  readonly grpc: string;
  readonly deviceId: string;
  readonly cpuPort: string;
  readonly port: string[];
  readonly entries?: string;
  readonly idleSweepMs: string;
}

export function registerServeCommand(program: Command): void {
  addTraceOptions(addExecutionOptions(
    program
      .command('serve')
      .description(COMMAND_DESCRIPTIONS.serve)
      .argument('<file>', 'P4 source file')
      .option('--grpc <addr:port>', 'where the P4Runtime server listens', '127.0.0.1:9559')
      .option('--device-id <n>', 'the P4Runtime device id', '1')
      .option('--cpu-port <n>', 'the CPU port: PacketOut enters here, what the program sends here becomes PacketIn', '64')
      .option('--port <N:SPEC>', 'connect switch port N (repeatable; pcap, vxlan, udp: docs/live.md)', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--entries <file>', 'table entries JSON applied at start')
      .option('--idle-sweep-ms <ms>', 'how often idle table entries (idle_timeout_ns) are looked for and reported', String(DEFAULT_IDLE_SWEEP_MS)),
  )).action(async (file: string, flags: ServeFlags, command: Command) => {
    const specs = portSpecsOf(command, flags.port);
    const problems = checkPortSpecs(specs);
    if (problems.length > 0) command.error(`error: ${problems[0]}`);
    const cpuPort = Number(flags.cpuPort);
    if (!Number.isInteger(cpuPort) || cpuPort < 0 || cpuPort > 510) command.error(`error: --cpu-port expects a port 0-510, got '${flags.cpuPort}'`);
    if (!/^\d+$/.test(flags.deviceId)) command.error(`error: --device-id expects a number, got '${flags.deviceId}'`);
    const idleSweepMs = Number(flags.idleSweepMs);
    if (!/^\d+$/.test(flags.idleSweepMs) || idleSweepMs < 1 || idleSweepMs > 3_600_000) command.error(`error: --idle-sweep-ms expects milliseconds 1-3600000, got '${flags.idleSweepMs}'`);
    let compiled;
    try {
      compiled = await compileForServe(file, flags.mode, flags.asyncAll, undefined, tracing(flags));
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
      return;
    }
    const trace = openTraceOutput(flags);
    if (trace === null) return;
    const ports: Port[] = specs.map((s) => createPort(s));
    const driver = new PortDriver(ports, { onError: (message) => process.stderr.write(`p4ts: error: ${message}\n`) });
    let sw: AnySwitch<unknown> | undefined;
    let device!: P4RuntimeDevice;
    const host = createServeHost(
      {
        initial: compiled,
        mode: flags.mode,
        asyncAll: flags.asyncAll,
        trace: tracing(flags),
        cpuPort,
        switchOptions: (p) => ({ ...createExecution(p, { coprocessor: 'inline', burst: 32, flushUs: 100 }).switchOptions, errorPolicy: 'drop', ...traceSwitchOptions(trace, p) }),
        transmit: driver.transmit,
        onSwitch: (created) => {
          sw = created;
          driver.attach(created);
        },
      },
      () => device,
    );
    device = new P4RuntimeDevice(host, { deviceId: BigInt(flags.deviceId), cpuPort, idleSweepMs });
    try {
      device.start(compiled);
    } catch (e) {
      // a program the server cannot serve (an entry's priority beyond P4Runtime's int32 ...)
      if (!(e instanceof P4RuntimeError)) throw e;
      process.stderr.write(`${file}: error: ${e.message}\n`);
      trace?.close();
      process.exitCode = 1;
      return;
    }
    if (flags.entries !== undefined) {
      const program = sw!.program;
      if (!applyEntriesFile(program, sw!, flags.entries)) {
        trace?.close();
        process.exitCode = 1;
        return;
      }
    }
    let server;
    try {
      await driver.open();
      server = await startP4RuntimeServer(device, flags.grpc, (m) => process.stderr.write(`${m}\n`));
    } catch (e) {
      process.stderr.write(`p4ts: error: ${e instanceof Error ? e.message : String(e)}\n`);
      await driver.close().catch(() => {});
      trace?.close();
      process.exitCode = 1;
      return;
    }
    const host_ = flags.grpc.replace(/:\d+$/, '');
    process.stderr.write(`p4ts: ${compiled.name} (${flags.mode}) serving P4Runtime on ${host_}:${server.port}, device ${flags.deviceId}, CPU port ${cpuPort}${ports.length > 0 ? `, ports ${ports.map((p) => p.describe()).join(', ')}` : ''}; Ctrl-C stops\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    await driver.close().catch((e: unknown) => process.stderr.write(`p4ts: error: ${e instanceof Error ? e.message : String(e)}\n`));
    trace?.close();
    const stats = device.stats;
    const inByPort = new Map<number, number>();
    for (const p of ports) if (p.counters.rxPackets > 0) inByPort.set(p.number, p.counters.rxPackets);
    if (sw !== undefined) process.stdout.write(formatRunSummary(sw.stats, inByPort, []));
    for (const p of ports) process.stdout.write(`${formatPortCounters(p.describe(), p.counters)}\n`);
    process.stdout.write(`p4runtime: ${stats.writes} writes (${stats.updates} updates, ${stats.failedUpdates} failed), ${stats.reads} reads, ${stats.packetOuts} packet-outs, ${stats.packetIns} packet-ins, ${stats.digestLists} digest lists, ${stats.idleNotifications} idle timeout notifications\n`);
  });
}
