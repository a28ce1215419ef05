/**
 * Documented facts about the paper's two machines, and what follows from them by a stated
 * formula. Nothing here is fitted; the few estimates that have no published figure are marked
 * `assumed`. Sources are cited in docs/model.md ("Facts").
 *
 * Crypto per block, derived from instruction latencies (CBC encryption and MD5 are serial: each
 * block / step waits for the previous one, so latency, not throughput, sets the pace):
 * - AES-128-CBC: 10 rounds × the AESENC latency, plus the loop around them. OpenSSL's
 *   aesni-x86_64.pl measures CBC encryption at 2.71 cycles/byte on Ryzen (Zen 1) = 43.4 cycles
 *   per block, i.e. 10 × 4 (Zen's AESENC latency) + 3.4; on Jaguar AESENC takes 3 cycles (LLVM's
 *   btver2 scheduling model, from AMD's Software Optimization Guide for Family 16h), so 33.4.
 * - MD5: 64 steps of a dependency chain; OpenSSL's md5-x86_64.pl times its steps at 5.3, 5.4,
 *   4.2 and 5.2 cycles (rounds 1-4) = 322 cycles per 64-byte block. Both cores have 1-cycle ALU
 *   latency; Jaguar's 2-wide issue allows 8-11 instructions per step in about 4-5.5 cycles, the
 *   same bound, so both take 322.
 */
import type { ParamOrigin } from '../profile.ts';

export interface MachineFacts {
  readonly name: string;
  readonly description: string;
  /** Core clock, Hz. */
  readonly clockHz: number;
  readonly lineRateBps: number;
  readonly wireOverheadBytes: number;
  /** AES-128-CBC encryption, cycles per 16-byte block. */
  readonly aesBlockCycles: number;
  /** MD5 compression, cycles per 64-byte block. */
  readonly md5BlockCycles: number;
  /** SHA-1 / SHA-256 compression and GHASH, cycles per block (no paper experiment uses them). */
  readonly sha1BlockCycles: number;
  readonly sha256BlockCycles: number;
  readonly ghashBlockCycles: number;
  /** One-way hand-off of a cache line to the co-processor core (ring slot, doorbell), cycles. */
  readonly handoffCycles: number;
  /**
   * memcpy of hot (in-cache) data, cycles per byte, beyond the call (priced apart). Zen 1: a
   * measured in-cache write rate of about 16 bytes per cycle (reads 32), so a copy's stores set
   * 1/16 — measured, equal to the peak store rate; Jaguar: no measured figure found, the peak
   * store rate, a best-case bound (docs/notes/model-log.md, "A measured copy figure (session 9)").
   */
  readonly copyPerByte: number;
  /** NIC rx descriptors. */
  readonly rxRingSize: number;
}

export const APU4D4_FACTS: MachineFacts = {
  name: 'apu4d4',
  description: 'PC Engines APU4d4: AMD GX-412TC 4x1.0 GHz (Jaguar), i211AT 1 GbE, 64-byte frames',
  clockHz: 1.0e9,
  lineRateBps: 1e9,
  wireOverheadBytes: 24,
  aesBlockCycles: 10 * 3 + 3.4,
  md5BlockCycles: 322,
  sha1BlockCycles: 550,
  sha256BlockCycles: 1100,
  ghashBlockCycles: 40,
  handoffCycles: 25,
  copyPerByte: 1 / 16,
  rxRingSize: 512,
};

export const THREADRIPPER_FACTS: MachineFacts = {
  name: 'threadripper-1900x',
  description: 'AMD Ryzen Threadripper 1900X 3.8 GHz (Zen 1), Intel 82599ES 10 GbE, 64-byte frames',
  clockHz: 3.8e9,
  lineRateBps: 10e9,
  wireOverheadBytes: 24,
  aesBlockCycles: 2.71 * 16,
  md5BlockCycles: 322,
  sha1BlockCycles: 150,
  sha256BlockCycles: 170,
  ghashBlockCycles: 15,
  handoffCycles: 400,
  copyPerByte: 1 / 16,
  rxRingSize: 1024,
};

/** The paper's two machines, as the sensitivity analysis names them (`PaperAssumptions`). */
export type PaperMachine = 'apu' | 'threadripper';

/** Where a fact comes from: one origin for both machines, or one for each where they differ (`byMachine`; the source says which part is which). */
export interface FactOrigin {
  readonly origin: ParamOrigin;
  readonly byMachine?: Readonly<Partial<Record<PaperMachine, ParamOrigin>>>;
  readonly source: string;
}

/** A fact's origin on one machine. */
export function factOrigin(machine: PaperMachine, key: keyof MachineFacts): ParamOrigin {
  const o = FACT_ORIGINS[key];
  return o.byMachine?.[machine] ?? o.origin;
}

/** Where each fact comes from (the same for both machines unless `byMachine` says otherwise). */
export const FACT_ORIGINS: Readonly<Record<keyof MachineFacts, FactOrigin>> = {
  name: { origin: 'documented', source: '' },
  description: { origin: 'documented', source: '' },
  clockHz: { origin: 'documented', source: 'the paper (Sec. IV: "clocked at 1 GHz"; IV.D: "3.8 GHz")' },
  lineRateBps: { origin: 'documented', source: 'the paper (four Gigabit Ethernet ports; a 10 Gbps NIC, Intel 82599ES)' },
  wireOverheadBytes: { origin: 'documented', source: 'IEEE 802.3: FCS 4 + preamble/SFD 8 + inter-frame gap 12' },
  aesBlockCycles: { origin: 'derived', source: '10 rounds x AESENC latency (Jaguar 3: LLVM btver2 model; Zen 4) + loop; Zen: OpenSSL aesni-x86_64.pl, CBC encrypt 2.71 cycles/byte on Ryzen' },
  md5BlockCycles: { origin: 'derived', source: '64 steps x 5.03 cycles (OpenSSL md5-x86_64.pl step timings), latency-bound on both cores' },
  sha1BlockCycles: { origin: 'assumed', source: 'not used by the paper\'s programs' },
  sha256BlockCycles: { origin: 'assumed', source: 'not used by the paper\'s programs' },
  ghashBlockCycles: { origin: 'assumed', source: 'not used by the paper\'s programs' },
  handoffCycles: { origin: 'assumed', source: 'one cache-line transfer: within the APU\'s shared L2 (~25 cycles); across the Threadripper\'s core complexes (~100 ns)' },
  copyPerByte: { origin: 'derived', byMachine: { threadripper: 'documented', apu: 'derived' }, source: 'hot-data memcpy at one 16-byte store per cycle. Zen 1 (Threadripper, documented: a published measurement): measured: RightMark Memory Analyzer on a Ryzen 7 1800X (Zen 1, the 1900X\'s core) writes about 16 bytes per cycle from L1 through L3 and reads 32 per cycle from L1 (mynavi.jp, Ryzen 7 1800X review, 2 March 2017, RMMA cache/RAM bandwidth), so a copy\'s stores set its rate; the peak store rate (WikiChip, AMD Zen: two 16-byte loads, one 16-byte store per cycle) is reached. Jaguar (APU, derived): no measured copy or write rate found; the peak store rate, a best-case bound used as the cost (7-cpu.com, AMD Jaguar: one 128-bit load and one 128-bit store per cycle, 16-byte L2-to-L1 path)' },
  rxRingSize: { origin: 'assumed', source: 'DPDK rx descriptors per queue' },
};
