/**
 * Packet replication engine (multicast groups) and mirroring (clone) sessions, configured by
 * the control plane.
 */

export interface MulticastMember {
  readonly rid: number;
  readonly port: number;
}

/**
 * Multicast groups: group id (1..65535; 0 means "no multicast") → ordered list of
 * (egress_rid, egress_port). Copies are made in member order. Stored as flat number arrays
 * so replication allocates nothing.
 */
export class MulticastGroups {
  private readonly groups = new Map<number, { rids: number[]; ports: number[] }>();

  /** `isPort` says which port numbers members may have (default: v1model's 0..511). */
  constructor(private readonly isPort: (port: number) => boolean = isV1Port) {}

  /** Creates (or empties) a group. */
  createGroup(group: number): void {
    checkGroup(group);
    this.groups.set(group, { rids: [], ports: [] });
  }

  /** Replaces the members of a group (creating it). */
  setGroup(group: number, members: readonly MulticastMember[]): void {
    checkGroup(group);
    for (const m of members) checkPort(m.port, this.isPort);
    this.groups.set(group, { rids: members.map((m) => m.rid), ports: members.map((m) => m.port) });
  }

  /** Adds a member; the group is created if needed. */
  addMember(group: number, rid: number, port: number): void {
    checkGroup(group);
    checkPort(port, this.isPort);
    let g = this.groups.get(group);
    if (!g) {
      g = { rids: [], ports: [] };
      this.groups.set(group, g);
    }
    g.rids.push(rid & 0xffff);
    g.ports.push(port);
  }

  /** Removes every member (rid, port) equal to the arguments; returns how many were removed. */
  removeMember(group: number, rid: number, port: number): number {
    const g = this.groups.get(group);
    if (!g) return 0;
    let removed = 0;
    for (let i = g.rids.length - 1; i >= 0; i--) {
      if (g.rids[i] === rid && g.ports[i] === port) {
        g.rids.splice(i, 1);
        g.ports.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  deleteGroup(group: number): boolean {
    return this.groups.delete(group);
  }

  members(group: number): MulticastMember[] {
    const g = this.groups.get(group);
    if (!g) return [];
    return g.rids.map((rid, i) => ({ rid, port: g.ports[i]! }));
  }

  /** The ids of the groups that exist. */
  groupIds(): number[] {
    return [...this.groups.keys()];
  }

  /** @internal fast path for the switch */
  raw(group: number): { readonly rids: readonly number[]; readonly ports: readonly number[] } | undefined {
    return this.groups.get(group);
  }

  clear(): void {
    this.groups.clear();
  }
}

/**
 * A mirroring session: clones go to `egressPort`, and/or are replicated to multicast group
 * `mcastGrp`, or to the `replicas` given (a P4Runtime clone session: each (port, rid) gets a copy,
 * in order). With `truncateBytes` (P4Runtime's `packet_length_bytes`, above 0) a clone leaves the
 * switch with at most that many bytes (v1model; PSA's packet replication engine truncates the copy
 * before egress). `classOfService` (P4Runtime's `class_of_service`) is the class the copies are
 * enqueued with, on a switch that has classes of service (PSA); 0 when not given.
 */
export interface MirrorSession {
  readonly egressPort?: number;
  readonly mcastGrp?: number;
  readonly replicas?: readonly MulticastMember[];
  readonly truncateBytes?: number;
  readonly classOfService?: number;
}

/** simple_switch accepts session ids 0..32767. */
export const MAX_MIRROR_SESSION_ID = 32767;

/** A session as stored: the replicas also as flat lists, so replicating allocates nothing. */
export interface MirrorSessionState extends MirrorSession {
  readonly replicaRids?: readonly number[];
  readonly replicaPorts?: readonly number[];
}

export class MirroringSessions {
  private readonly sessions = new Map<number, MirrorSessionState>();

  /**
   * `isPort` says which port numbers sessions may send to (default: v1model's 0..511);
   * `maxClassOfService` the largest class of service a session may give (v1model has none: 0).
   */
  constructor(
    private readonly isPort: (port: number) => boolean = isV1Port,
    readonly maxClassOfService = 0,
  ) {}

  /** `mirroring_add session port` (or with a multicast group). */
  add(session: number, config: MirrorSession | number): void {
    if (!(Number.isInteger(session) && session >= 0 && session <= MAX_MIRROR_SESSION_ID)) {
      throw new RangeError(`mirroring session id ${session} out of range [0, ${MAX_MIRROR_SESSION_ID}]`);
    }
    const c: MirrorSession = typeof config === 'number' ? { egressPort: config } : config;
    if (c.replicas !== undefined) {
      if (c.egressPort !== undefined || c.mcastGrp !== undefined) throw new Error('a mirroring session has replicas, or a port and/or a multicast group, not both');
      if (c.replicas.length === 0) throw new Error('a mirroring session needs at least one replica');
      for (const r of c.replicas) checkPort(r.port, this.isPort);
    } else if (c.egressPort === undefined && c.mcastGrp === undefined) throw new Error('mirroring session needs a port or a multicast group');
    if (c.egressPort !== undefined) checkPort(c.egressPort, this.isPort);
    if (c.mcastGrp !== undefined) checkGroup(c.mcastGrp);
    if (c.truncateBytes !== undefined && !(Number.isInteger(c.truncateBytes) && c.truncateBytes > 0)) throw new RangeError(`mirroring session truncation ${c.truncateBytes} is not a positive number of bytes`);
    if (c.classOfService !== undefined && !(Number.isInteger(c.classOfService) && c.classOfService >= 0 && c.classOfService <= this.maxClassOfService)) {
      throw new RangeError(this.maxClassOfService === 0 ? `mirroring session class of service ${c.classOfService}: this switch has no classes of service` : `mirroring session class of service ${c.classOfService} out of range [0, ${this.maxClassOfService}]`);
    }
    const replicas = c.replicas;
    this.sessions.set(session, replicas === undefined ? c : { ...c, replicaRids: replicas.map((r) => r.rid), replicaPorts: replicas.map((r) => r.port) });
  }

  delete(session: number): boolean {
    return this.sessions.delete(session);
  }

  get(session: number): MirrorSessionState | undefined {
    return this.sessions.get(session);
  }

  /** The ids of the configured sessions. */
  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  clear(): void {
    this.sessions.clear();
  }
}

function checkGroup(group: number): void {
  if (!(Number.isInteger(group) && group >= 1 && group <= 0xffff)) throw new RangeError(`multicast group ${group} out of range [1, 65535]`);
}

function isV1Port(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port < 512;
}

function checkPort(port: number, isPort: (port: number) => boolean): void {
  if (!isPort(port)) throw new RangeError(isPort === isV1Port ? `port ${port} out of range [0, 511]` : `${port} is not a port of this switch`);
}
