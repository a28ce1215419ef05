/**
 * One P4Runtime device: the installed pipeline (P4Info, program, switch), the client sessions
 * and their arbitration, and what the RPCs do — Write (with CONTINUE_ON_ERROR, ROLLBACK_ON_ERROR
 * and DATAPLANE_ATOMIC), Read (with the specification's wildcards), Set/Get forwarding pipeline
 * (VERIFY_AND_SAVE keeps a second program state — switch, tables, meter and digest configurations —
 * that Read and Write refer to while packets still run on the installed one, until COMMIT swaps it in),
 * packet I/O on the CPU port, digest lists and idle timeout notifications (`idle-timeouts.ts`).
 * Transport-free: `service.ts` puts it behind gRPC.
 *
 * Every update is checked in full before it changes anything, and each applied update leaves an
 * undo step, so a failed update changes nothing, ROLLBACK_ON_ERROR and DATAPLANE_ATOMIC undo a
 * whole failed batch, and CONTINUE_ON_ERROR keeps exactly the updates that succeeded. A batch
 * runs without yielding to the event loop, so no packet sees half of it.
 */
import type { AnyProgram, AnySwitch } from '../../switch/index.ts';
import type { P4Info } from '../p4info.ts';
import { bigToBytes, bytesToBig, electionIdMessage, electionIdOf } from './bytes.ts';
import { p4DataOf } from './digest-data.ts';
import { sameProgram } from './p4info-identity.ts';
import { readEntities, writeEntity, type WriteContext } from './entities.ts';
import { EntryMetadataStore } from './entry-metadata.ts';
import { IdleTimeouts } from './idle-timeouts.ts';
import type * as M from './messages.ts';
import { Pipeline } from './pipeline.ts';
import { entryMessage } from './tables.ts';
import { asP4RuntimeError, Code, fail, P4RuntimeError, type UpdateOutcome } from './status.ts';

/** A program ready to run: its P4Info and its module's program factory. */
export interface LoadedProgram {
  readonly p4info: P4Info;
  readonly createProgram: () => AnyProgram<unknown>;
  /** What GetForwardingPipelineConfig returns as `p4_device_config`. */
  readonly deviceConfig: Uint8Array;
}

/** What the device needs from whoever runs it (the `serve` command, a test). */
export interface DeviceHost {
  /**
   * The program a SetForwardingPipelineConfig describes: `deviceConfig` (p4ts accepts P4 source,
   * or nothing for the program the server was started with) with its `p4info`. Throws a
   * P4RuntimeError (INVALID_ARGUMENT) when it cannot be used.
   */
  load(p4info: P4Info, deviceConfig: Uint8Array): Promise<LoadedProgram>;
  /**
   * Creates the switch running `program` (outputs on the CPU port go to `device.packetIn`). It gets
   * no packets until `activate`: a saved config's switch is created at VERIFY_AND_SAVE and activated
   * at COMMIT.
   */
  newSwitch(program: AnyProgram<unknown>): AnySwitch<unknown>;
  /** Puts `sw` on the packet path in place of the switch running until now. */
  activate(sw: AnySwitch<unknown>): void;
}

/** A client's stream: where the device sends arbitration updates, packet-ins and digests. */
export interface Session {
  readonly send: (message: object) => void;
  /** Set by the first arbitration update. */
  deviceId?: bigint;
  role?: string;
  electionId?: bigint;
}

export interface DeviceOptions {
  readonly deviceId: bigint;
  /** The CPU port: PacketOut frames enter here; frames the program sends here become PacketIns. */
  readonly cpuPort: number;
  /**
   * How often the ager looks for idle entries of tables with idle timeouts (ms; default
   * `DEFAULT_IDLE_SWEEP_MS`). 0: never by itself, only when `sweepIdleTimeouts` is called.
   */
  readonly idleSweepMs?: number;
}

/** The ager's default period (an idle entry is reported at most two periods late: `idle-timeouts.ts`). */
export const DEFAULT_IDLE_SWEEP_MS = 100;

/** A program and its state: the installed one, or the one VERIFY_AND_SAVE saved. */
interface ProgramState {
  readonly loaded: LoadedProgram;
  readonly pipeline: Pipeline;
  readonly sw: AnySwitch<unknown>;
  readonly cookie: string | undefined;
  /** The ager, when a table of the program has idle timeouts. */
  readonly idle: IdleTimeouts | undefined;
  /** Meter configurations as written (the runtime keeps rates per microsecond). */
  readonly meterConfigs: Map<string, M.MeterConfig>;
  /** Multicast groups' `metadata` as written (opaque to the switch, returned by Read). */
  readonly multicastMetadata: Map<number, Uint8Array>;
  /** Per digest id: its configuration, the pending list and the lists not acknowledged yet. */
  readonly digests: Map<number, DigestState>;
}

interface DigestState {
  maxListSize: number;
  maxTimeoutNs: bigint;
  ackTimeoutNs: bigint;
  pending: M.P4Data[];
  /** The pending entries' keys: a list holds distinct entries. */
  pendingKeys: Set<string>;
  /** Lists sent and not acknowledged, at most `ackTimeoutNs` ago: their entries are not sent again. */
  unacked: Map<string, { readonly keys: ReadonlySet<string>; readonly sentMs: number }>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A config's program and the P4Info's view of its objects. */
interface Instance {
  readonly program: AnyProgram<unknown>;
  readonly pipeline: Pipeline;
}

/**
 * Makes the config's program once, for VERIFY and for the state built from it: throws
 * INVALID_ARGUMENT when the program lacks an object of the P4Info (the `Pipeline` check).
 */
function instantiate(loaded: LoadedProgram): Instance {
  const program = loaded.createProgram();
  return { program, pipeline: new Pipeline(loaded.p4info, program.objects) };
}

export class P4RuntimeDevice {
  readonly deviceId: bigint;
  readonly cpuPort: number;
  readonly idleSweepMs: number;
  readonly sessions = new Set<Session>();
  /** Per role: the highest election id ever seen. */
  private readonly highest = new Map<string, bigint>();
  /** The program packets run on. */
  private installed: ProgramState | undefined;
  /**
   * The config VERIFY_AND_SAVE saved and COMMIT has not realized yet: Read and Write refer to it
   * (its switch gets no packets), so its tables hold exactly the entries written since the save —
   * the replay COMMIT does, applied as the writes come.
   */
  private saved: ProgramState | undefined;
  private nextListId = 1n;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  /** The table entries' `controller_metadata` and `metadata` (by record: a new pipeline starts empty). */
  readonly entryMetadata = new EntryMetadataStore();
  readonly stats = { writes: 0, updates: 0, failedUpdates: 0, reads: 0, packetIns: 0, packetOuts: 0, digestLists: 0, idleNotifications: 0 };

  constructor(
    private readonly host: DeviceHost,
    options: DeviceOptions,
  ) {
    this.deviceId = options.deviceId;
    this.cpuPort = options.cpuPort;
    this.idleSweepMs = options.idleSweepMs ?? DEFAULT_IDLE_SWEEP_MS;
  }

  /** Installs a program at start (as if a client had committed it). */
  start(loaded: LoadedProgram): void {
    this.activate(this.build(loaded, undefined, instantiate(loaded)));
  }

  /** What Read and Write refer to: the saved config until it is committed, else the installed one. */
  private get target(): ProgramState | undefined {
    return this.saved ?? this.installed;
  }

  /** The pipeline Read and Write refer to (the saved one between VERIFY_AND_SAVE and COMMIT). */
  get pipeline(): Pipeline | undefined {
    return this.target?.pipeline;
  }

  /** The switch packets run on. */
  get switch(): AnySwitch<unknown> | undefined {
    return this.installed?.sw;
  }

  /** Whether a VERIFY_AND_SAVE config waits for its COMMIT. */
  get hasSavedConfig(): boolean {
    return this.saved !== undefined;
  }

  /** The ager of the program Read and Write refer to (undefined: no table of it has idle timeouts). */
  get idleTimeouts(): IdleTimeouts | undefined {
    return this.target?.idle;
  }

  /** Meter configurations as written, of the program Read and Write refer to. */
  get meterConfigs(): Map<string, M.MeterConfig> {
    return this.requirePipeline().meterConfigs;
  }

  /** Multicast groups' `metadata`, of the program Read and Write refer to. */
  get multicastMetadata(): Map<number, Uint8Array> {
    return this.requirePipeline().multicastMetadata;
  }

  // ---- checks every RPC starts with ---------------------------------------------------------

  private checkDevice(id: M.Int64 | undefined): void {
    if (BigInt(id ?? 0) !== this.deviceId) fail(Code.NOT_FOUND, `no device ${String(id ?? 0)} (this is device ${this.deviceId})`);
  }

  private checkPrimary(role: string | undefined, election: M.Uint128 | null | undefined): void {
    const id = electionIdOf(election);
    // p4ts has no role configuration: every role name exists (as in BMv2), so a role without a
    // primary, never arbitrated for or left by its clients alike, is PERMISSION_DENIED.
    const primary = this.primary(role ?? '');
    if (primary === undefined) fail(Code.PERMISSION_DENIED, `no primary client for role '${role ?? ''}': open a StreamChannel and send an arbitration update first`);
    if (id === undefined || id !== primary.electionId) fail(Code.PERMISSION_DENIED, `election id ${id ?? '(unset)'} is not the primary's (${primary.electionId}) for role '${role ?? ''}'`);
  }

  /** The program Read and Write refer to. */
  private requirePipeline(): ProgramState {
    const target = this.target;
    if (target === undefined) fail(Code.FAILED_PRECONDITION, 'no forwarding pipeline is set');
    return target;
  }

  // ---- Capabilities ------------------------------------------------------------------------

  /** `device_id` 0 asks for the server-wide capabilities; another device than this one is NOT_FOUND. */
  capabilities(request: { device_id?: M.Int64 } = {}): { p4runtime_api_version: string } {
    if (BigInt(request.device_id ?? 0) !== 0n) this.checkDevice(request.device_id);
    return { p4runtime_api_version: '1.5.0' };
  }

  // ---- Write --------------------------------------------------------------------------------

  /** Applies a WriteRequest; returns one outcome per update (all undefined: success). */
  write(request: M.WriteRequest): UpdateOutcome[] {
    this.checkDevice(request.device_id);
    this.checkPrimary(request.role, request.election_id);
    const { pipeline, sw } = this.requirePipeline();
    this.stats.writes++;
    const atomicity = request.atomicity ?? 'CONTINUE_ON_ERROR';
    const updates = request.updates ?? [];
    const outcomes: UpdateOutcome[] = [];
    const undos: (() => void)[] = [];
    const context: WriteContext = { pipeline, sw, device: this };
    for (const update of updates) {
      this.stats.updates++;
      try {
        undos.push(writeEntity(context, update));
        outcomes.push(undefined);
      } catch (e) {
        this.stats.failedUpdates++;
        outcomes.push(asP4RuntimeError(e));
        if (atomicity !== 'CONTINUE_ON_ERROR') break;
      }
    }
    if (atomicity !== 'CONTINUE_ON_ERROR' && outcomes.some((o) => o !== undefined)) {
      for (const undo of undos.reverse()) undo();
      // Updates after the failing one were not tried; the ones before were undone.
      const failedAt = outcomes.findIndex((o) => o !== undefined);
      return updates.map((_, i) => (i === failedAt ? outcomes[i] : new P4RuntimeError(Code.ABORTED, i < failedAt ? 'rolled back: another update of the batch failed' : 'not tried: an earlier update of the batch failed')));
    }
    return outcomes;
  }

  // ---- Read ---------------------------------------------------------------------------------

  /**
   * A ReadRequest: the device and the pipeline are checked for the whole request (a P4RuntimeError
   * is thrown), then each entity of the batch is read on its own: the entities of the requests
   * that succeed, and one outcome per request (undefined: success), as the specification's batch
   * processing asks.
   */
  read(request: M.ReadRequest): { entities: M.Entity[]; outcomes: UpdateOutcome[] } {
    this.checkDevice(request.device_id);
    const { pipeline, sw } = this.requirePipeline();
    this.stats.reads++;
    const entities: M.Entity[] = [];
    const outcomes: UpdateOutcome[] = [];
    for (const e of request.entities ?? []) {
      try {
        entities.push(...readEntities({ pipeline, sw, device: this }, e));
        outcomes.push(undefined);
      } catch (error) {
        outcomes.push(asP4RuntimeError(error));
      }
    }
    return { entities, outcomes };
  }

  // ---- pipeline configuration ----------------------------------------------------------------

  async setPipeline(request: M.SetForwardingPipelineConfigRequest): Promise<void> {
    this.checkDevice(request.device_id);
    this.checkPrimary(request.role, request.election_id);
    const action = request.action ?? 'UNSPECIFIED';
    const config = request.config;
    const cookie = config?.cookie?.cookie !== undefined ? String(config.cookie.cookie) : undefined;
    switch (action) {
      case 'VERIFY':
      case 'VERIFY_AND_SAVE':
      case 'VERIFY_AND_COMMIT':
      case 'RECONCILE_AND_COMMIT': {
        if (config?.p4info === undefined || config.p4info === null) fail(Code.INVALID_ARGUMENT, `${action} needs a config with a P4Info`);
        const loaded = await this.host.load(config.p4info, config.p4_device_config ?? new Uint8Array());
        const made = instantiate(loaded);
        if (action === 'VERIFY') return;
        if (action === 'VERIFY_AND_SAVE') {
          // A new program state Read and Write refer to from now on; packets keep running on the
          // installed one. A second save replaces the first.
          this.saved = this.build(loaded, cookie, made);
          return;
        }
        if (action === 'RECONCILE_AND_COMMIT' && this.installed !== undefined) {
          // The forwarding state is kept, or the config refused: p4ts cannot carry entries, members,
          // counters ... over to another program or to other ids. The same program with a P4Info
          // naming the same objects under the same ids (p4info-identity.ts says what may differ)
          // keeps everything; a saved config is dropped (this one is realized).
          if (!sameProgram(this.installed.loaded, loaded))
            fail(Code.INVALID_ARGUMENT, 'RECONCILE_AND_COMMIT: p4ts keeps the forwarding state only for the installed program with a P4Info naming the same objects under the same ids; this config differs (use VERIFY_AND_COMMIT, which starts with empty tables)');
          this.saved = undefined;
          this.installed = { ...this.installed, loaded: { ...this.installed.loaded, p4info: loaded.p4info }, cookie };
          return;
        }
        this.activate(this.build(loaded, cookie, made));
        return;
      }
      case 'COMMIT': {
        if (config !== undefined && config !== null) fail(Code.INVALID_ARGUMENT, 'COMMIT realizes the saved config: leave config unset');
        const saved = this.saved;
        if (saved === undefined) fail(Code.NOT_FOUND, 'no saved config to commit: VERIFY_AND_SAVE one first');
        // Its tables already hold the writes made since the save (they went to it).
        this.activate(saved);
        return;
      }
      default:
        fail(Code.INVALID_ARGUMENT, `unknown action ${action}`);
    }
  }

  /**
   * The config Read and Write refer to: after VERIFY_AND_SAVE the saved one (not yet forwarding),
   * which is the one a controller's next requests must use.
   */
  getPipeline(request: M.GetForwardingPipelineConfigRequest): { config?: M.ForwardingPipelineConfig } {
    this.checkDevice(request.device_id);
    const installed = this.target;
    // No config known: the response's config is left unset.
    if (installed === undefined) return {};
    const type = request.response_type ?? 'ALL';
    const cookie = installed.cookie !== undefined ? { cookie: { cookie: installed.cookie } } : {};
    return {
      config: {
        ...(type === 'ALL' || type === 'P4INFO_AND_COOKIE' ? { p4info: installed.loaded.p4info } : {}),
        ...(type === 'ALL' || type === 'DEVICE_CONFIG_AND_COOKIE' ? { p4_device_config: installed.loaded.deviceConfig } : {}),
        ...cookie,
      },
    };
  }

  /** A program's state: its switch (not on the packet path yet), tables, ager, empty configurations. */
  private build(loaded: LoadedProgram, cookie: string | undefined, { program, pipeline }: Instance): ProgramState {
    const sw = this.host.newSwitch(program);
    const ageing = [...pipeline.tables.values()].filter((t) => t.ages);
    const idle = ageing.length > 0 ? new IdleTimeouts(ageing, () => sw.nowMicros()) : undefined;
    return { loaded, pipeline, sw, cookie, idle, meterConfigs: new Map(), multicastMetadata: new Map(), digests: new Map() };
  }

  /**
   * Puts `state` on the packet path in one synchronous step (no packet sees half of the swap: the
   * old switch finishes what it has, new packets go to the new one); the old program's digest
   * lists and ager stop, and a saved config is done with.
   */
  private activate(state: ProgramState): void {
    const old = this.installed;
    if (old !== undefined) for (const d of old.digests.values()) if (d.timer) clearTimeout(d.timer);
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    this.host.activate(state.sw);
    this.installed = state;
    this.saved = undefined;
    if (state.idle !== undefined && this.idleSweepMs > 0) {
      this.idleTimer = setInterval(() => {
        try {
          this.sweepIdleTimeouts();
        } catch (e) {
          // a failed look must not bring the server down: said on stderr, the next one tries again
          process.emitWarning(`p4ts: idle timeout sweep failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }, this.idleSweepMs);
      this.idleTimer.unref?.();
    }
  }

  // ---- idle timeouts -------------------------------------------------------------------------

  /**
   * One look of the ager: the entries idle for their `idle_timeout_ns` since their last hit (or
   * since they were last reported: each report restarts an entry's timer) go to the primaries in
   * one IdleTimeoutNotification, each entry with its match, priority, `controller_metadata`,
   * `metadata`, action and timeout. The entries stay in their tables. Without a primary nothing is
   * reported (the hits are still taken in): a controller that becomes primary later learns of the
   * entries idle then. Returns how many were reported.
   */
  sweepIdleTimeouts(): number {
    const installed = this.installed;
    if (installed?.idle === undefined) return 0;
    const idle = installed.idle.sweep(this.hasPrimary());
    if (idle.length === 0) return 0;
    const entries = idle.map(({ table, record, timeoutNs }) => ({ ...entryMessage(installed.pipeline, table, record, false), ...this.entryMetadata.fields(record, true), idle_timeout_ns: timeoutNs.toString() }));
    const message = { idle_timeout_notification: { table_entry: entries, timestamp: (BigInt(Date.now()) * 1000000n).toString() } };
    this.stats.idleNotifications++;
    for (const s of this.primaries()) s.send(message);
    return idle.length;
  }

  // ---- stream: arbitration -------------------------------------------------------------------

  /** A StreamChannel message; throws a P4RuntimeError that ends the stream with its code. */
  streamMessage(session: Session, message: M.StreamMessageRequest): void {
    switch (message.update) {
      case 'arbitration':
        this.arbitrate(session, message.arbitration!);
        return;
      case 'packet':
        this.requireArbitrated(session);
        this.packetOut(message.packet!);
        return;
      case 'digest_ack':
        this.requireArbitrated(session);
        this.digestAck(message.digest_ack!);
        return;
      default:
        fail(Code.UNIMPLEMENTED, `stream message ${message.update ?? '(empty)'} is not supported`);
    }
  }

  private requireArbitrated(session: Session): void {
    if (session.deviceId === undefined) fail(Code.FAILED_PRECONDITION, 'send an arbitration update first');
    if (session.electionId === undefined || session.electionId !== this.highest.get(session.role ?? '')) fail(Code.PERMISSION_DENIED, 'only the primary client may send packets and digest acks');
  }

  private primary(role: string): Session | undefined {
    const highest = this.highest.get(role);
    if (highest === undefined) return undefined;
    for (const s of this.sessions) if (s.deviceId !== undefined && (s.role ?? '') === role && s.electionId === highest) return s;
    return undefined;
  }

  private arbitrate(session: Session, update: M.MasterArbitrationUpdate): void {
    const deviceId = BigInt(update.device_id ?? 0);
    const role = update.role?.name ?? '';
    const id = electionIdOf(update.election_id);
    if (session.deviceId === undefined) {
      if (deviceId !== this.deviceId) fail(Code.NOT_FOUND, `no device ${deviceId} (this is device ${this.deviceId})`);
    } else {
      if (deviceId !== session.deviceId) fail(Code.FAILED_PRECONDITION, 'the device id of a stream cannot change');
      if (role !== (session.role ?? '')) fail(Code.FAILED_PRECONDITION, 'the role of a stream cannot change: open another stream');
    }
    if (update.role?.config !== undefined && update.role.config !== null) fail(Code.INVALID_ARGUMENT, 'p4ts knows no role configurations: leave role.config unset (full pipeline access)');
    if (id !== undefined) {
      for (const s of this.sessions) if (s !== session && s.deviceId !== undefined && (s.role ?? '') === role && s.electionId === id) fail(Code.INVALID_ARGUMENT, `election id ${id} is already used by another client of role '${role}'`);
    }
    const wasPrimary = this.primary(role) === session;
    this.sessions.add(session);
    session.deviceId = deviceId;
    session.role = role;
    session.electionId = id;
    const past = this.highest.get(role);
    if (id !== undefined && (past === undefined || id >= past)) {
      this.highest.set(role, id);
      this.notifyRole(role);
    } else if (wasPrimary) this.notifyRole(role);
    else this.notify(session, role);
  }

  /** A session closed: if it was the primary, the others learn there is none. */
  closeSession(session: Session): void {
    if (!this.sessions.delete(session)) return;
    if (session.deviceId !== undefined && session.electionId !== undefined && session.electionId === this.highest.get(session.role ?? '')) this.notifyRole(session.role ?? '');
  }

  private notifyRole(role: string): void {
    for (const s of this.sessions) if (s.deviceId !== undefined && (s.role ?? '') === role) this.notify(s, role);
  }

  private notify(session: Session, role: string): void {
    const highest = this.highest.get(role);
    const primary = this.primary(role);
    const status =
      primary === session
        ? { code: Code.OK, message: 'primary' }
        : primary !== undefined
          ? { code: Code.ALREADY_EXISTS, message: 'a backup: another client is primary' }
          : { code: Code.NOT_FOUND, message: 'a backup: there is no primary' };
    session.send({
      arbitration: {
        device_id: this.deviceId.toString(),
        ...(role !== '' ? { role: { name: role } } : {}),
        ...(highest !== undefined ? { election_id: electionIdMessage(highest) } : {}),
        status,
      },
    });
  }

  private hasPrimary(): boolean {
    for (const role of this.highest.keys()) if (this.primary(role) !== undefined) return true;
    return false;
  }

  private primaries(): Session[] {
    const out: Session[] = [];
    for (const role of this.highest.keys()) {
      const p = this.primary(role);
      if (p !== undefined) out.push(p);
    }
    return out;
  }

  // ---- packet I/O ----------------------------------------------------------------------------

  /** PacketOut: the packet_out header built from the metadata, then the payload, into the CPU port. */
  private packetOut(packet: NonNullable<M.StreamMessageRequest['packet']>): void {
    const { pipeline, sw } = this.requirePipeline();
    const fields = pipeline.packetOut;
    const values = new Map<number, bigint>();
    // At most one value for each packet_out metadata field of the P4Info, each known and in range;
    // otherwise the packet is dropped. A field left out is 0, as in BMv2 (PI): clients such as
    // p4runtime-shell and PTF tests leave out padding fields.
    for (const m of packet.metadata ?? []) {
      const f = fields.find((x) => x.id === m.metadata_id);
      if (f === undefined) fail(Code.INVALID_ARGUMENT, `packet_out has no metadata with id ${m.metadata_id}`);
      if (values.has(f.id)) fail(Code.INVALID_ARGUMENT, `packet_out metadata ${f.name} (id ${f.id}) given twice`);
      values.set(f.id, bytesToBig(m.value, f.width, `packet_out metadata ${f.name}`));
    }
    const header = packBits(fields.map((f) => ({ width: f.width, value: values.get(f.id) ?? 0n })));
    const payload = packet.payload ?? new Uint8Array();
    const frame = new Uint8Array(header.length + payload.length);
    frame.set(header, 0);
    frame.set(payload, header.length);
    this.stats.packetOuts++;
    if (!sw.inject(this.cpuPort, frame)) fail(Code.RESOURCE_EXHAUSTED, 'the switch could not take the packet');
    sw.runUntilIdle();
  }

  /** A frame the program sent to the CPU port: its packet_in header becomes the metadata. */
  packetIn(frame: Uint8Array): void {
    const pipeline = this.installed?.pipeline;
    if (pipeline === undefined) return;
    const fields = pipeline.packetIn;
    const bits = fields.reduce((s, f) => s + f.width, 0);
    const headerBytes = Math.ceil(bits / 8);
    if (frame.length < headerBytes) return;
    const values = unpackBits(frame, fields.map((f) => f.width));
    const message = {
      packet: {
        payload: frame.slice(headerBytes),
        metadata: fields.map((f, i) => ({ metadata_id: f.id, value: bigToBytes(values[i]!) })),
      },
    };
    this.stats.packetIns++;
    for (const s of this.primaries()) s.send(message);
  }

  // ---- digests -------------------------------------------------------------------------------

  /** @internal DigestEntry writes (to the program Read and Write refer to). */
  configureDigest(id: number, config: M.DigestEntry['config'] | undefined): void {
    const digests = this.requirePipeline().digests;
    const old = digests.get(id);
    if (old?.timer) clearTimeout(old.timer);
    if (config === undefined) {
      digests.delete(id);
      return;
    }
    digests.set(id, {
      maxListSize: config?.max_list_size ?? 0,
      maxTimeoutNs: BigInt(config?.max_timeout_ns ?? 0),
      ackTimeoutNs: BigInt(config?.ack_timeout_ns ?? 0),
      pending: old?.pending ?? [],
      pendingKeys: old?.pendingKeys ?? new Set(),
      unacked: old?.unacked ?? new Map(),
      timer: undefined,
    });
    // Entries pending under the old configuration go out under the new one.
    if (old !== undefined && old.pending.length > 0) this.scheduleDigest(digests, id);
  }

  /** @internal */
  digestConfig(id: number): DigestState | undefined {
    return this.target?.digests.get(id);
  }

  /** A digest from the switch (`type`: the data type's name, the P4Info digest's name). */
  digest(type: string, data: object): void {
    const installed = this.installed;
    if (installed === undefined) return;
    const { pipeline, digests } = installed;
    let info = pipeline.digestsByName.get(type);
    if (info === undefined && type === '' && pipeline.digests.size === 1) info = [...pipeline.digests.values()][0];
    if (info === undefined) return;
    const id = info.preamble.id;
    const state = digests.get(id);
    if (state === undefined) return; // not configured by the controller: not streamed
    const entry = p4DataOf(data, info.type_spec, pipeline.p4info.type_info);
    const key = digestKey(entry);
    if (state.pendingKeys.has(key)) return;
    this.expireUnacked(state);
    for (const list of state.unacked.values()) if (list.keys.has(key)) return;
    state.pending.push(entry);
    state.pendingKeys.add(key);
    this.scheduleDigest(digests, id);
  }

  /** Sends the pending list when it is full or has no timeout, else starts its timer. */
  private scheduleDigest(digests: Map<number, DigestState>, id: number): void {
    const state = digests.get(id);
    if (state === undefined) return;
    const full = state.maxListSize > 0 && state.pending.length >= state.maxListSize;
    if (full || state.maxTimeoutNs === 0n) this.flushDigest(digests, id);
    else if (state.timer === undefined) {
      state.timer = setTimeout(() => this.flushDigest(digests, id), Math.max(1, Number(state.maxTimeoutNs / 1000000n)));
      state.timer.unref?.();
    }
  }

  /** Forgets the unacknowledged lists sent at least `ackTimeoutNs` ago. */
  private expireUnacked(state: DigestState): void {
    if (state.unacked.size === 0) return;
    const limit = Date.now() - Number(state.ackTimeoutNs / 1000000n);
    for (const [listId, list] of state.unacked) if (list.sentMs <= limit) state.unacked.delete(listId);
  }

  /** A DigestListAck: the list's entries may be sent again. */
  private digestAck(ack: NonNullable<M.StreamMessageRequest['digest_ack']>): void {
    const installed = this.installed;
    if (installed !== undefined && !installed.pipeline.digests.has(ack.digest_id)) fail(Code.INVALID_ARGUMENT, `digest_ack: the P4Info has no digest with id ${ack.digest_id}`);
    installed?.digests.get(ack.digest_id)?.unacked.delete(String(ack.list_id ?? 0));
  }

  private flushDigest(digests: Map<number, DigestState>, id: number): void {
    const state = digests.get(id);
    if (state === undefined || state.pending.length === 0) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    const data = state.pending;
    const listId = (this.nextListId++).toString();
    if (state.ackTimeoutNs > 0n) state.unacked.set(listId, { keys: state.pendingKeys, sentMs: Date.now() });
    state.pending = [];
    state.pendingKeys = new Set();
    const message = { digest: { digest_id: id, list_id: listId, data, timestamp: (BigInt(Date.now()) * 1000000n).toString() } };
    this.stats.digestLists++;
    for (const s of this.primaries()) s.send(message);
  }

  /** Stops timers (the server is shutting down). */
  close(): void {
    for (const state of [this.installed, this.saved]) for (const d of state?.digests.values() ?? []) if (d.timer) clearTimeout(d.timer);
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** Fields packed MSB first into whole bytes (the header's wire layout). */
export function packBits(fields: readonly { width: number; value: bigint }[]): Uint8Array {
  const bits = fields.reduce((s, f) => s + f.width, 0);
  let all = 0n;
  for (const f of fields) all = (all << BigInt(f.width)) | (f.value & ((1n << BigInt(f.width)) - 1n));
  const n = Math.ceil(bits / 8);
  all <<= BigInt(n * 8 - bits);
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(all & 0xffn);
    all >>= 8n;
  }
  return out;
}

export function unpackBits(bytes: Uint8Array, widths: readonly number[]): bigint[] {
  const bits = widths.reduce((s, w) => s + w, 0);
  const n = Math.ceil(bits / 8);
  let all = 0n;
  for (let i = 0; i < n; i++) all = (all << 8n) | BigInt(bytes[i] ?? 0);
  all >>= BigInt(n * 8 - bits);
  const out: bigint[] = [];
  let shift = bits;
  for (const w of widths) {
    shift -= w;
    out.push((all >> BigInt(shift)) & ((1n << BigInt(w)) - 1n));
  }
  return out;
}

/** Equal digest data, equal keys. */
function digestKey(d: M.P4Data): string {
  return JSON.stringify(d, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}
