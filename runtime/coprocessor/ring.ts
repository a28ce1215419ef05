/**
 * Single-producer single-consumer ring of fixed-size slots over a SharedArrayBuffer.
 *
 * Layout of the SharedArrayBuffer (all Int32):
 *   word  0  TAIL      written by the producer (Atomics.store), read by the consumer
 *   word 16  HEAD      written by the consumer, read by the producer
 *   word 32  SLEEPING  1 while the consumer is (about to be) parked in Atomics.wait on TAIL
 *   word 33  DROWSY    1 while the consumer has found nothing to do for a while (it sets it after
 *            spinning on an empty ring for part of its window, clears it when it finds work)
 *   word 40  PRODUCER_SLEEPING  1 while the producer is (about to be) parked in Atomics.wait on HEAD
 *            (waiting for results the consumer writes into the slots it releases)
 *   word 48  BEAT      heartbeat / progress counter, free for the consumer side to bump
 *   word 49… STATS     free for the consumer side's own counters (same line as BEAT: only the
 *                      consumer writes it; see `CTL_STATS`)
 *   word 56  USER      free for the owner (the co-processor's stop flag)
 *   word 57  READY     free for the owner (the co-processor's "worker serving" flag)
 *   word 60  capacity, word 61 slot words (so the other side can wrap the same buffer)
 *   word 64… slots, `capacity × slotWords` words
 * TAIL, HEAD, SLEEPING and BEAT each sit on their own 64-byte line so the two threads do not
 * false-share (the producer's sleeping flag and DROWSY share SLEEPING's line: all three are written
 * only around a sleep or an idle spell).
 * The buffer starts on a line (`lineAlignedSab`), so these are real lines, and with 8-word slots
 * two slots share one line and no slot straddles two.
 *
 * Indices are free-running int32 counters (wrapping at 2^32 is fine: `(tail - head) | 0` is the
 * fill level and `index & mask` the slot, capacity being a power of two).
 *
 * Each thread wraps the SharedArrayBuffer in its own `SpscRing` and uses only its half of the
 * API: the producer `reserve()`s slots (writing the words straight into `words`), which stay
 * invisible to the consumer until `publish()` stores the tail once for the whole batch; the
 * consumer reads `available()` slots from `slotAt(i)` and `release(n)`s them.
 */
import { lineAlignedSab } from './memory.ts';

export const CTL_TAIL = 0;
export const CTL_HEAD = 16;
export const CTL_SLEEPING = 32;
/** 1 while the consumer has been idle for a while (see `announceDrowsy`); on SLEEPING's line. */
export const CTL_DROWSY = 33;
export const CTL_PRODUCER_SLEEPING = 40;
export const CTL_BEAT = 48;
/** First of 7 words (49–55, BEAT's line) the consumer may use for its own counters. */
export const CTL_STATS = 49;
/** Free for the owner's flags (the co-processor's stop request). */
export const CTL_USER = 56;
/** Free for the owner's flags (the co-processor's "worker serving" flag). */
export const CTL_READY = 57;
const CTL_CAPACITY = 60;
const CTL_SLOT_WORDS = 61;
const CTL_WORDS = 64;

export class SpscRing {
  readonly sab: SharedArrayBuffer;
  /** Control words (see layout); use Atomics on them. */
  readonly ctl: Int32Array;
  /** All slot words; slot `k` starts at `k * slotWords`. Plain (non-atomic) reads and writes. */
  readonly words: Int32Array;
  readonly capacity: number;
  readonly slotWords: number;
  private readonly mask: number;

  // Producer-side cursors.
  private pTail = 0; // next slot to write, counting staged slots
  private pPublished = 0; // last tail stored to ctl
  private pHeadCache = 0; // last head seen

  // Consumer-side cursors.
  private cHead = 0; // next slot to read

  /** Allocates a ring. `capacity` must be a power of two. */
  static create(capacity: number, slotWords: number): SpscRing {
    if (!Number.isInteger(capacity) || capacity < 1 || (capacity & (capacity - 1)) !== 0 || capacity > 1 << 20) {
      throw new RangeError(`ring capacity must be a power of two in 1..2^20, got ${capacity}`);
    }
    if (!Number.isInteger(slotWords) || slotWords < 1) throw new RangeError(`bad slot size ${slotWords}`);
    const sab = lineAlignedSab((CTL_WORDS + capacity * slotWords) * 4); // a line-aligned start: the layout counts in lines
    const ctl = new Int32Array(sab, 0, CTL_WORDS);
    ctl[CTL_CAPACITY] = capacity;
    ctl[CTL_SLOT_WORDS] = slotWords;
    return new SpscRing(sab);
  }

  /** Wraps an existing ring buffer (the other side of `create`). Cursors start from the shared indices. */
  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.ctl = new Int32Array(sab, 0, CTL_WORDS);
    this.capacity = this.ctl[CTL_CAPACITY]!;
    this.slotWords = this.ctl[CTL_SLOT_WORDS]!;
    this.mask = this.capacity - 1;
    this.words = new Int32Array(sab, CTL_WORDS * 4, this.capacity * this.slotWords);
    const tail = Atomics.load(this.ctl, CTL_TAIL);
    const head = Atomics.load(this.ctl, CTL_HEAD);
    this.pTail = tail;
    this.pPublished = tail;
    this.pHeadCache = head;
    this.cHead = head;
  }

  // ---------------------------------------------------------------- producer side

  /**
   * Reserves the next slot and returns the index of its first word in `words`, or -1 when the
   * ring is full. The slot becomes visible to the consumer at the next `publish()`.
   */
  reserve(): number {
    if (((this.pTail - this.pHeadCache) | 0) >= this.capacity) {
      this.pHeadCache = Atomics.load(this.ctl, CTL_HEAD);
      if (((this.pTail - this.pHeadCache) | 0) >= this.capacity) return -1;
    }
    const base = (this.pTail & this.mask) * this.slotWords;
    this.pTail = (this.pTail + 1) | 0;
    return base;
  }

  /** Slots reserved but not yet published. */
  get staged(): number {
    return (this.pTail - this.pPublished) | 0;
  }

  /**
   * Makes every reserved slot visible with one atomic store of the tail. Returns true when the
   * consumer had announced it was going to sleep (the caller should `wake()` it).
   */
  publish(): boolean {
    if (this.pTail === this.pPublished) return false;
    this.pPublished = this.pTail;
    Atomics.store(this.ctl, CTL_TAIL, this.pTail);
    // Dekker with the consumer's `sleep`: it stores SLEEPING then re-reads TAIL; we stored TAIL
    // then read SLEEPING. Both sequentially consistent, so one of us sees the other.
    return Atomics.load(this.ctl, CTL_SLEEPING) !== 0;
  }

  /** Wakes a consumer parked in `sleep()`. */
  wake(): void {
    Atomics.notify(this.ctl, CTL_TAIL, 1);
  }

  /** The producer's published tail (free-running). */
  get published(): number {
    return this.pPublished;
  }

  /**
   * True when the consumer has announced it has been idle for a while (`announceDrowsy`), has
   * released everything published since, and is not parked in `sleep`: it spins for work and will
   * soon sleep. Reads DROWSY first, a word the consumer writes only when an idle spell begins or
   * ends, so that while it is busy the answer costs one load of a line that stays in this core's
   * cache (HEAD's line, which it writes as it releases results, is read only when DROWSY is set).
   */
  consumerDrowsy(): boolean {
    if (Atomics.load(this.ctl, CTL_DROWSY) === 0) return false;
    const head = Atomics.load(this.ctl, CTL_HEAD);
    this.pHeadCache = head;
    return head === this.pPublished && Atomics.load(this.ctl, CTL_SLEEPING) === 0;
  }

  /**
   * True when at most `limit` slots, staged ones included, wait for the consumer. Reads the shared
   * head only when the last one seen says more (the head only moves forward): the head's cache
   * line is written by the consumer, so reading it costs a transfer between the cores.
   */
  waitingAtMost(limit: number): boolean {
    if (((this.pTail - this.pHeadCache) | 0) <= limit) return true;
    this.pHeadCache = Atomics.load(this.ctl, CTL_HEAD);
    return ((this.pTail - this.pHeadCache) | 0) <= limit;
  }

  /** Slots the producer has published that the consumer has not released (reads the shared head). */
  backlog(): number {
    return (this.pPublished - Atomics.load(this.ctl, CTL_HEAD)) | 0;
  }

  /** The consumer's released count as last stored (free-running): slots below it hold its results. */
  loadHead(): number {
    return Atomics.load(this.ctl, CTL_HEAD);
  }

  /**
   * Parks the producer until the consumer releases beyond `head` or `timeoutMs` passes (returns
   * at once if it already has). Only for threads that may block.
   */
  sleepUntilReleased(head: number, timeoutMs: number): void {
    Atomics.store(this.ctl, CTL_PRODUCER_SLEEPING, 1);
    if (Atomics.load(this.ctl, CTL_HEAD) === head) Atomics.wait(this.ctl, CTL_HEAD, head, timeoutMs);
    Atomics.store(this.ctl, CTL_PRODUCER_SLEEPING, 0);
  }

  /** Word index of the slot holding free-running index `k`. */
  slotOf(k: number): number {
    return (k & this.mask) * this.slotWords;
  }

  /** Word index of the `i`-th staged slot (0 = oldest unpublished). */
  stagedSlot(i: number): number {
    return (((this.pPublished + i) | 0) & this.mask) * this.slotWords;
  }

  // ---------------------------------------------------------------- consumer side

  /** Published slots not yet released (one atomic load of the tail). */
  available(): number {
    return (Atomics.load(this.ctl, CTL_TAIL) - this.cHead) | 0;
  }

  /** Word index of the `i`-th unreleased slot (0 = oldest). */
  slotAt(i: number): number {
    return (((this.cHead + i) | 0) & this.mask) * this.slotWords;
  }

  /** Gives `n` slots back to the producer (one atomic store of the head). */
  release(n: number): void {
    this.cHead = (this.cHead + n) | 0;
    Atomics.store(this.ctl, CTL_HEAD, this.cHead);
  }

  /**
   * `release` for a consumer that wrote its results into the slots: true when the producer had
   * announced it was going to sleep waiting for them (the caller should `wakeProducer()` it). The
   * same Dekker pairing as `publish` / `sleep`, the other way round.
   */
  releaseResults(n: number): boolean {
    this.release(n);
    return Atomics.load(this.ctl, CTL_PRODUCER_SLEEPING) !== 0;
  }

  /** Wakes a producer parked in `sleepUntilReleased()`. */
  wakeProducer(): void {
    Atomics.notify(this.ctl, CTL_HEAD, 1);
  }

  /** The consumer's read index (free-running). */
  get head(): number {
    return this.cHead;
  }

  /** The published tail as last stored by the producer. */
  loadTail(): number {
    return Atomics.load(this.ctl, CTL_TAIL);
  }

  /**
   * Parks the consumer until something is published or `timeoutMs` passes. Returns at once if
   * something is already available. Only for threads that may block (a worker, or the main thread
   * in sync-offload mode).
   */
  sleep(timeoutMs: number): void {
    Atomics.store(this.ctl, CTL_SLEEPING, 1);
    const tail = Atomics.load(this.ctl, CTL_TAIL);
    if (tail === this.cHead) Atomics.wait(this.ctl, CTL_TAIL, tail, timeoutMs);
    Atomics.store(this.ctl, CTL_SLEEPING, 0);
  }

  /**
   * Consumer side: announces (true) that it has found nothing to do for a while, or (false) that
   * it has work again (`consumerDrowsy` on the producer's side).
   */
  announceDrowsy(drowsy: boolean): void {
    Atomics.store(this.ctl, CTL_DROWSY, drowsy ? 1 : 0);
  }

  /** Bumps the heartbeat word. */
  beat(): void {
    Atomics.add(this.ctl, CTL_BEAT, 1);
  }

  /** Reads the heartbeat word. */
  loadBeat(): number {
    return Atomics.load(this.ctl, CTL_BEAT);
  }
}
