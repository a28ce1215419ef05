/**
 * Idle timeouts (table entry ageing) for the tables whose P4Info says `NOTIFY_CONTROL` (v1model's
 * `support_timeout = true`).
 *
 * The data plane keeps one byte per entry, `RuntimeTable.hitSince`, that generated code sets when
 * the entry matches a packet (only in such tables). This ager owns everything else, on the
 * switch's clock (`nowMicros`: the clock the data plane's timestamps come from, a `ManualClock`
 * in tests): per entry its `idle_timeout_ns`, the time it was last seen hit and whether it has
 * been reported. A sweep turns the flags set since the last look into "hit at this sweep" and
 * reports every entry with a timeout that has been idle for at least that long and was not
 * reported since its last hit. So a hit is known to within one sweep period, an entry is never
 * reported while it is being hit within its timeout, and it is reported at most one sweep period
 * late. The switch deletes nothing: the controller decides.
 */
import type { RuntimeTable, TableResult } from '../../control/runtime-table.ts';
import type { TableInfo } from './pipeline.ts';

/** What the ager keeps per entry of an ageing table. */
export interface EntryAge {
  /** `idle_timeout_ns` as written (0: the entry does not age, but its last hit is still known). */
  timeoutNs: bigint;
  /** Switch clock (µs) of the last hit seen, or of the entry's insertion. */
  lastHitMicros: number;
  /** Reported idle since its last hit: not reported again until it is hit again. */
  reported: boolean;
}

/** One entry that went idle, as a sweep reports it. */
export interface IdleEntry {
  readonly table: TableInfo;
  readonly record: TableResult;
  readonly timeoutNs: bigint;
}

export class IdleTimeouts {
  /** Per ageing table: its entries' ages (an entry inserted otherwise gets one at first look). */
  private readonly ages = new Map<RuntimeTable, Map<TableResult, EntryAge>>();

  constructor(
    /** The tables that age, in P4Info order. */
    readonly tables: readonly TableInfo[],
    /** The switch's clock, µs. */
    private readonly nowMicros: () => number,
  ) {
    for (const t of tables) this.ages.set(t.runtime, new Map());
  }

  /** An entry written with `timeoutNs` (INSERT, or MODIFY: the timeout changes, the last hit stays). Returns the undo. */
  set(t: TableInfo, record: TableResult, timeoutNs: bigint): () => void {
    const ages = this.ages.get(t.runtime);
    if (ages === undefined) return () => {};
    const before = ages.get(record);
    const saved = before !== undefined ? { ...before } : undefined;
    if (before === undefined) {
      t.runtime.takeHit(record);
      ages.set(record, { timeoutNs, lastHitMicros: this.nowMicros(), reported: false });
    } else {
      this.refresh(t.runtime, record, before, this.nowMicros());
      before.timeoutNs = timeoutNs;
      before.reported = false;
    }
    return () => {
      if (saved === undefined) ages.delete(record);
      else ages.set(record, saved);
    };
  }

  /** The age of a removed entry (for an undo to put back with `restore`), forgotten here. */
  forget(t: TableInfo, record: TableResult): EntryAge | undefined {
    const ages = this.ages.get(t.runtime);
    const age = ages?.get(record);
    ages?.delete(record);
    return age;
  }

  /** Puts back what `forget` returned, for the entry's new record. */
  restore(t: TableInfo, record: TableResult, age: EntryAge | undefined): void {
    if (age !== undefined) this.ages.get(t.runtime)?.set(record, age);
  }

  /** The entry's `idle_timeout_ns` (0 when it has none). */
  timeoutOf(t: TableInfo, record: TableResult): bigint {
    return this.ages.get(t.runtime)?.get(record)?.timeoutNs ?? 0n;
  }

  /** Nanoseconds since the entry was last seen hit (or inserted), on the switch's clock. */
  sinceLastHitNs(t: TableInfo, record: TableResult): bigint {
    const now = this.nowMicros();
    const age = this.ageOf(t, record, now);
    return BigInt(Math.max(0, now - age.lastHitMicros)) * 1000n;
  }

  /**
   * Looks at every entry of every ageing table: the ones idle past their timeout and not yet
   * reported (`report` false: only takes the hits in, reporting nothing — there is no one to tell).
   */
  sweep(report = true): IdleEntry[] {
    const now = this.nowMicros();
    const idle: IdleEntry[] = [];
    for (const t of this.tables) {
      const ages = this.ages.get(t.runtime)!;
      for (const record of t.runtime.entries()) {
        const age = this.ageOf(t, record, now);
        if (!report || age.timeoutNs <= 0n || age.reported) continue;
        if (BigInt(Math.max(0, now - age.lastHitMicros)) * 1000n < age.timeoutNs) continue;
        age.reported = true;
        idle.push({ table: t, record, timeoutNs: age.timeoutNs });
      }
      // entries removed other than through the server (an `--entries` file, a test) are forgotten
      if (ages.size > t.runtime.size) for (const r of [...ages.keys()]) if (t.runtime.resultAt[r.index] !== r) ages.delete(r);
    }
    return idle;
  }

  /** The entry's age with the hits since the last look taken in (made on first sight: "last hit" then). */
  private ageOf(t: TableInfo, record: TableResult, now: number): EntryAge {
    const ages = this.ages.get(t.runtime)!;
    let age = ages.get(record);
    if (age === undefined) {
      t.runtime.takeHit(record);
      age = { timeoutNs: 0n, lastHitMicros: now, reported: false };
      ages.set(record, age);
      return age;
    }
    this.refresh(t.runtime, record, age, now);
    return age;
  }

  private refresh(runtime: RuntimeTable, record: TableResult, age: EntryAge, now: number): void {
    if (runtime.takeHit(record)) {
      age.lastHitMicros = now;
      age.reported = false;
    }
  }
}
