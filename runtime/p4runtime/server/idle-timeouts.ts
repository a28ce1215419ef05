/**
 * Idle timeouts (table entry ageing) for the tables that age (`TableInfo.ages`: the program's
 * v1model `support_timeout = true` or PSA `psa_idle_timeout = NOTIFY_CONTROL`, which the P4Info
 * says as `NOTIFY_CONTROL`).
 *
 * The data plane keeps one hit flag per entry, `RuntimeTable.hitFlags`, that generated code sets
 * when the entry matches a packet (only in such tables). This ager owns everything else, on the
 * switch's clock (`nowMicros`: the clock the data plane's timestamps come from, a `ManualClock` in
 * tests): per entry its `idle_timeout_ns`, the time it was last seen hit, and when its idle timer
 * last started (at its insertion, its last hit, or the last time it was reported idle).
 *
 * A sweep scans each ageing table's hit flags by result index (a loop over a byte array; a set
 * flag dates the entry's hit at this sweep and restarts its timer), then looks at the entries with
 * a timeout whose timer may have run out: they are kept in a min-heap by the time their timer runs
 * out, as far as the ager last knew (a hit since only makes that later, so the heap's first entry
 * is never later than the first real expiry; a sweep re-files an entry hit since). One whose timer
 * has run for at least its timeout is reported, and its timer restarts, so it is reported again
 * after another timeout if it is still not hit (the specification's "reset" of the timer, which is
 * why no notification needs reliable delivery). A sweep that reports nothing costs the flag scan
 * and a look at the heap's first entry; it allocates nothing but the list of the entries it reports.
 *
 * Precision: a hit is dated at the first look after it (a sweep, or a Read of the entry), at most
 * one sweep period late, and a timer that has run out is seen at the first sweep after, at most one
 * more: an entry is reported between its timeout and its timeout plus two sweep periods after its
 * last hit (or its previous report), and never while it is hit within its timeout.
 * `time_since_last_hit` reads at most one sweep period short, and counts from the last hit only: a
 * notification restarts the timer, not the time since the last hit. The switch deletes nothing: the
 * controller decides.
 */
import type { RuntimeTable, TableResult } from '../../control/runtime-table.ts';
import type { TableInfo } from './pipeline.ts';

/** What the ager keeps per entry of an ageing table. */
export interface EntryAge {
  /** The entry (a rolled-back DELETE gives it a new record). */
  record: TableResult;
  /** `idle_timeout_ns` as written (0: the entry does not age, but its last hit is still known). */
  timeoutNs: bigint;
  /** `timeoutNs` in µs, a number, for the sweep's comparisons. */
  timeoutMicros: number;
  /** Switch clock (µs) of the last hit seen, or of the entry's insertion. */
  lastHitMicros: number;
  /** Switch clock (µs) the idle timer started: the last hit, insertion or notification. */
  timerStartMicros: number;
  /** The heap's key: `timerStartMicros + timeoutMicros` when the entry was last filed (a hit since makes the real one later). */
  expiresMicros: number;
  /** Position in its table's heap of entries with a timeout; -1 when it has none. */
  slot: number;
}

/** One entry that went idle, as a sweep reports it. */
export interface IdleEntry {
  readonly table: TableInfo;
  readonly record: TableResult;
  readonly timeoutNs: bigint;
}

/** One ageing table's entries. */
interface TableAges {
  readonly table: TableInfo;
  /** Every entry the ager knows (written through the server, or seen hit or read): a removed one goes with its record. */
  readonly byRecord: WeakMap<TableResult, EntryAge>;
  /** The entries with a timeout above 0, a binary min-heap by `expiresMicros`, each at its `slot`. */
  readonly timed: EntryAge[];
}

const NOTHING_IDLE: readonly IdleEntry[] = Object.freeze([]);

/** Nanoseconds from `startMicros` to `nowMicros` on the switch clock (0 if the clock is behind). */
function elapsedNs(startMicros: number, nowMicros: number): number {
  return Math.max(0, nowMicros - startMicros) * 1000;
}

/** When the entry's idle timer runs out (µs, switch clock), unless it is hit first. */
function expiryOf(age: EntryAge): number {
  return age.timerStartMicros + age.timeoutMicros;
}

export class IdleTimeouts {
  private readonly ages: TableAges[];
  private readonly byRuntime = new Map<RuntimeTable, TableAges>();

  constructor(
    /** The tables that age, in P4Info order. */
    readonly tables: readonly TableInfo[],
    /** The switch's clock, µs. */
    private readonly nowMicros: () => number,
  ) {
    this.ages = tables.map((table) => ({ table, byRecord: new WeakMap(), timed: [] }));
    for (const a of this.ages) this.byRuntime.set(a.table.runtime, a);
  }

  /**
   * An entry written with `timeoutNs`: INSERT (its timer starts now), or MODIFY (only the timeout
   * changes: the last hit, the timer and the hit flag stay). Returns the undo, which puts the
   * timeout back (or forgets the inserted entry) and touches nothing else.
   */
  set(t: TableInfo, record: TableResult, timeoutNs: bigint): () => void {
    const ages = this.byRuntime.get(t.runtime);
    if (ages === undefined) return () => {};
    const before = ages.byRecord.get(record);
    if (before === undefined) {
      const age = this.know(ages, record, this.nowMicros());
      this.setTimeout(ages, age, timeoutNs);
      return () => this.drop(ages, age);
    }
    const saved = before.timeoutNs;
    this.setTimeout(ages, before, timeoutNs);
    return () => this.setTimeout(ages, before, saved);
  }

  /** The age of a removed entry (for an undo to put back with `restore`), forgotten here. */
  forget(t: TableInfo, record: TableResult): EntryAge | undefined {
    const ages = this.byRuntime.get(t.runtime);
    const age = ages?.byRecord.get(record);
    if (ages !== undefined && age !== undefined) this.drop(ages, age);
    return age;
  }

  /** Puts back what `forget` returned, for the entry's new record. */
  restore(t: TableInfo, record: TableResult, age: EntryAge | undefined): void {
    const ages = this.byRuntime.get(t.runtime);
    if (ages === undefined || age === undefined) return;
    age.record = record;
    ages.byRecord.set(record, age);
    this.setTimeout(ages, age, age.timeoutNs);
  }

  /** The entry's `idle_timeout_ns` (0 when it has none). */
  timeoutOf(t: TableInfo, record: TableResult): bigint {
    return this.byRuntime.get(t.runtime)?.byRecord.get(record)?.timeoutNs ?? 0n;
  }

  /** Nanoseconds since the entry was last seen hit (or inserted), on the switch's clock. */
  sinceLastHitNs(t: TableInfo, record: TableResult): bigint {
    const ages = this.byRuntime.get(t.runtime);
    if (ages === undefined) return 0n;
    const now = this.nowMicros();
    const age = ages.byRecord.get(record) ?? this.know(ages, record, now);
    if (t.runtime.takeHit(record)) this.hit(age, now);
    return BigInt(Math.round(elapsedNs(age.lastHitMicros, now)));
  }

  /**
   * One look: takes the hits in, and returns the entries whose idle timer has run out (restarting
   * their timers). `report` false: only takes the hits in and reports nothing (there is no one to
   * tell), so the timers that have run out are reported by the first sweep with someone to tell.
   */
  sweep(report = true): readonly IdleEntry[] {
    const now = this.nowMicros();
    let idle: IdleEntry[] | undefined;
    for (const ages of this.ages) {
      this.takeHits(ages, now);
      const timed = ages.timed;
      const resultAt = ages.table.runtime.resultAt;
      while (timed.length > 0 && timed[0]!.expiresMicros <= now) {
        const age = timed[0]!;
        if (resultAt[age.record.index] !== age.record) {
          // removed other than through the server (an `--entries` file, a test): forgotten here,
          // when its timer would have run out (an entry without a timeout goes with its record)
          this.drop(ages, age);
          continue;
        }
        const expires = expiryOf(age);
        if (expires <= now) {
          if (!report) break; // left for the first sweep with someone to tell
          age.timerStartMicros = now;
          (idle ??= []).push({ table: ages.table, record: age.record, timeoutNs: age.timeoutNs });
        }
        // hit since it was filed (expires later), or reported (its timer restarted): filed again,
        // after now (a timeout under 1 µs is reported at most once per sweep)
        age.expiresMicros = Math.max(expiryOf(age), now + 1);
        this.siftDown(timed, 0);
      }
    }
    return idle ?? NOTHING_IDLE;
  }

  /** The table's hit flags, by result index, into the entries' ages (each flag cleared). */
  private takeHits(ages: TableAges, now: number): void {
    const runtime = ages.table.runtime;
    const flags = runtime.hitFlags;
    const resultAt = runtime.resultAt;
    const n = Math.min(flags.length, resultAt.length);
    // index 0 is the default result: a miss, never flagged
    for (let i = 1; i < n; i++) {
      if (flags[i] === 0) continue;
      flags[i] = 0;
      const record = resultAt[i];
      if (record === undefined) continue;
      const age = ages.byRecord.get(record);
      if (age === undefined) this.know(ages, record, now);
      else this.hit(age, now);
    }
  }

  private hit(age: EntryAge, now: number): void {
    age.lastHitMicros = now;
    age.timerStartMicros = now;
  }

  /** A new age for an entry first seen now ("last hit" now; a hit flag set is left for the next look). */
  private know(ages: TableAges, record: TableResult, now: number): EntryAge {
    const age: EntryAge = { record, timeoutNs: 0n, timeoutMicros: 0, lastHitMicros: now, timerStartMicros: now, expiresMicros: now, slot: -1 };
    ages.byRecord.set(record, age);
    return age;
  }

  /** Sets the timeout, keeping the heap of entries with a timeout in step. */
  private setTimeout(ages: TableAges, age: EntryAge, timeoutNs: bigint): void {
    age.timeoutNs = timeoutNs;
    age.timeoutMicros = Number(timeoutNs) / 1000;
    if (timeoutNs <= 0n) {
      if (age.slot >= 0) this.untime(ages, age);
      return;
    }
    age.expiresMicros = expiryOf(age);
    if (age.slot < 0) {
      age.slot = ages.timed.length;
      ages.timed.push(age);
    }
    this.siftUp(ages.timed, age.slot);
    this.siftDown(ages.timed, age.slot);
  }

  /** Forgets an entry. */
  private drop(ages: TableAges, age: EntryAge): void {
    if (age.slot >= 0) this.untime(ages, age);
    if (ages.byRecord.get(age.record) === age) ages.byRecord.delete(age.record);
  }

  /** Takes the entry off the heap of entries with a timeout (the last one takes its slot, then finds its place). */
  private untime(ages: TableAges, age: EntryAge): void {
    const timed = ages.timed;
    const last = timed.pop()!;
    if (last !== age) {
      timed[age.slot] = last;
      last.slot = age.slot;
      this.siftUp(timed, last.slot);
      this.siftDown(timed, last.slot);
    }
    age.slot = -1;
  }

  private siftUp(heap: EntryAge[], i: number): void {
    const age = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (p.expiresMicros <= age.expiresMicros) break;
      heap[i] = p;
      p.slot = i;
      i = parent;
    }
    heap[i] = age;
    age.slot = i;
  }

  private siftDown(heap: EntryAge[], i: number): void {
    const age = heap[i]!;
    const n = heap.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1]!.expiresMicros < heap[child]!.expiresMicros) child++;
      const c = heap[child]!;
      if (c.expiresMicros >= age.expiresMicros) break;
      heap[i] = c;
      c.slot = i;
      i = child;
    }
    heap[i] = age;
    age.slot = i;
  }
}
