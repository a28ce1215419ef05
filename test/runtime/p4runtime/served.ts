/** A program served over P4Runtime on 127.0.0.1 for the tests, and the helpers they share. */
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';
import { createExecution } from '../../../cli/commands/execution-options.ts';
import { compileForServe, createServeHost, type CompiledProgram } from '../../../cli/serve/host.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { P4RuntimeDevice } from '../../../runtime/p4runtime/server/device.ts';
import { startP4RuntimeServer, type P4RuntimeServer } from '../../../runtime/p4runtime/server/service.ts';
import type { ExecutionMode } from '../../../runtime/v1model/program.ts';
import type { Clock } from '../../../runtime/v1model/externs/clock.ts';
import { connect, writeErrorDetails, type TestClient, type TestStream } from './client.ts';

export const CPU = 64;

export interface Served {
  server: P4RuntimeServer;
  device: P4RuntimeDevice;
  program: CompiledProgram;
  out: [number, string][];
}

/** Also: the switch's clock (a `ManualClock` makes ageing deterministic) and the ager's period (0: sweeps only when a test calls one). */
export interface ServeOptions {
  readonly clock?: Clock;
  readonly idleSweepMs?: number;
}

export async function serve(path: string, mode: ExecutionMode = 'sync', options: ServeOptions = {}): Promise<Served> {
  const asyncAll = mode !== 'sync';
  const program = await compileForServe(path, mode, asyncAll);
  const out: [number, string][] = [];
  let device!: P4RuntimeDevice;
  const host = createServeHost(
    {
      initial: program,
      mode,
      asyncAll,
      cpuPort: CPU,
      switchOptions: (p) => ({ ...createExecution(p, { coprocessor: 'inline', burst: 32, flushUs: 100 }).switchOptions, ...(options.clock !== undefined ? { clock: options.clock } : {}) }),
      transmit: (port, buffer, offset, length) => out.push([port, Buffer.from(buffer.subarray(offset, offset + length)).toString('hex')]),
    },
    () => device,
  );
  device = new P4RuntimeDevice(host, { deviceId: 1n, cpuPort: CPU, ...(options.idleSweepMs !== undefined ? { idleSweepMs: options.idleSweepMs } : {}) });
  device.start(program);
  const server = await startP4RuntimeServer(device, '127.0.0.1:0');
  return { server, device, program, out };
}

export const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
export const id = (info: P4Info, kind: keyof P4Info, name: string): number => ((info[kind] as { preamble: { name: string; id: number } }[]).find((o) => o.preamble.name === name) ?? { preamble: { id: -1 } }).preamble.id;

export async function becomePrimary(c: TestClient, election: number, role?: string): Promise<TestStream> {
  const s = c.stream();
  s.send({ arbitration: { device_id: 1, election_id: { low: election }, ...(role ? { role: { name: role } } : {}) } });
  const m = (await s.next()) as { arbitration: { status: { code: number } } };
  expect(m.arbitration.status.code).toBe(0);
  return s;
}

export function failure(e: unknown): { code: number; details: string; errors: { canonical_code?: number; message?: string }[] } {
  const se = e as grpc.ServiceError;
  return { code: se.code, details: se.details, errors: writeErrorDetails(se) };
}


/** A served program and its primary client for one `describe` (set up before its tests, closed after). */
export interface ServedSession {
  readonly s: Served;
  readonly c: TestClient;
  readonly stream: TestStream;
  /** A WriteRequest from the primary. */
  write(updates: object[], atomicity?: string): Promise<Record<string, unknown>>;
  /** The code of a one-update Write from the primary: 0 (OK) or the update's canonical code. */
  codeOf(type: string, entity: object): Promise<number>;
}

export function useServedSession(path: string, election = 1, mode: ExecutionMode = 'sync'): ServedSession {
  const session = {} as { s: Served; c: TestClient; stream: TestStream };
  beforeAll(async () => {
    session.s = await serve(path, mode);
    session.c = connect(session.s.server.port);
    session.stream = await becomePrimary(session.c, election);
  });
  afterAll(async () => {
    session.stream?.end();
    session.c?.close();
    await session.s?.server.close();
  });
  return {
    get s() {
      return session.s;
    },
    get c() {
      return session.c;
    },
    get stream() {
      return session.stream;
    },
    write,
    codeOf: (type, entity) => oneUpdateCode(write, type, entity),
  };
  function write(updates: object[], atomicity?: string): Promise<Record<string, unknown>> {
    return session.c.unary('Write', { device_id: 1, election_id: { low: election }, updates, ...(atomicity ? { atomicity } : {}) });
  }
}

/**
 * The code of a Write of one update: 0 (OK), or the canonical code of its one `p4.v1.Error` (the call
 * itself fails UNKNOWN). The server's message is kept: if the test fails, it is printed with the
 * update (a wrong code alone says little).
 */
async function oneUpdateCode(write: ServedSession['write'], type: string, entity: object): Promise<number> {
  const r = await write([{ type, entity }]).then(() => ({ code: 0, details: '', errors: [] as { canonical_code?: number; message?: string }[] }), failure);
  if (r.code === 0) return 0;
  const said = `${type} answered ${r.code === 2 ? r.errors.map((e) => `code ${e.canonical_code ?? '(none)'}: ${e.message ?? ''}`).join('; ') : `call code ${r.code}: ${r.details}`}`;
  keepForFailure(said);
  expect(r.code, said).toBe(2); // UNKNOWN
  expect(r.errors, said).toHaveLength(1);
  return r.errors[0]!.canonical_code ?? -1;
}

/** Prints `message` if the running test fails (nothing outside a test, e.g. in `beforeAll`). */
function keepForFailure(message: string): void {
  try {
    onTestFailed(() => console.error(`the P4Runtime server: ${message}`));
  } catch {
    // not inside a test
  }
}
