/**
 * The paper's runtime, T4P4S on DPDK: what it does around the program's own work, and what its
 * software costs per operation. T4P4S publishes no per-operation costs, and no published figure
 * for DPDK's or glibc's operations was measured on the paper's cores (docs/notes/model-log.md,
 * "Published figures for the assumptions" lists what was found and why each is a check, not a value), so the
 * costs below are engineering estimates for a 2-wide 1 GHz Jaguar core running DPDK and
 * T4P4S-generated C (`assumed`; `p4ts model --sensitivity` shows how each prediction moves with
 * each of them). The
 * Threadripper runs the same software: its costs are these times one software speed factor,
 * fitted (see `paper.ts` in this folder).
 *
 * Around a p4ts operation (what the paper says, and T4P4S's source it cites, github.com/P4ELTE/t4p4s,
 * `src/hardware_dep/dpdk/main_async.c`, `main.c` and `data_plane/externs/dpdkx_crypto*.c`, commit
 * 7cd5bac, January 2023; docs/notes/model-log.md, "What a longjump rerun repeats in T4P4S"):
 * - a task carries the packet's ring position in front of its data ("we configure the external
 *   processor to start running the function only from the 9th byte"): 8 bytes written into the
 *   mbuf's headroom (`rte_pktmbuf_prepend`); the crypto op works on the packet's mbuf in place, so
 *   neither the task's data nor its result is copied;
 * - each transform is a task of its own: ESP "requires one symmetric encryption and one hash
 *   calculation", and T4P4S's `ipsec_encapsulate` offloads them one after the other (the AES
 *   encryption in phase 0, the HMAC-MD5 over the ciphertext in phase 1): two crypto ops, two ring
 *   round trips in sync mode, two suspends and resumes in the async modes (`taskPerTransform`);
 * - ESP framing runs on the main core. p4ts's `esp_encapsulate` is one fused operation (outer IPv4
 *   header, ESP header, padding, trailer, ICV placement and the crypto); the paper's T4P4S program
 *   framed the packet in the extern's C code on the main core and offloaded only the crypto. So an
 *   encapsulation adds, before the first task, 18 primitives (SPI; sequence number; ten outer IPv4
 *   fields; pad length; next header; four length computations; no lookup, and no sequence-number
 *   read or increment: `ipsec_encapsulate` writes the SPI and the sequence number as constants), and after the last
 *   the outer IPv4 and ESP headers emitted, their checksum, and the packet moved behind the new
 *   headers and written out grown. A
 *   decapsulation adds the SA lookup by SPI and 8 primitives (SPI check, sequence/replay window,
 *   lengths, pad and next header);
 * - context mode runs every packet that calls an extern in a context of its own (created per
 *   packet — its getcontext makes the system call a switch makes —, switched into and, at its
 *   end, out of: `T4P4S_CONTEXT_SWITCHES_PER_PACKET`), and at
 *   each suspend copies the packet descriptor out and back at the resume (`copy_packet_descriptor`
 *   in `do_crypto_task`); the context's stack is its own, nothing else is copied;
 * - longjump re-entry "reruns packet processing" (Algorithm 1): `resume_packet_handling` calls
 *   `do_handle_packet`, whose `handle_packet` starts over — the per-packet runtime work, the parser
 *   and every table and primitive before the site again (`rerunFromStart`) — and only the extern
 *   jumps to its phase (once per task: an ESP packet is re-entered twice); receive and transmit run once;
 * - the paper's programs as T4P4S ran them apply no table: the extern packets are every N-th
 *   (`PACKET_REQUIRES_CRYPTO`, a counter, `DEBUG__CRYPTO_EVERY_N`; the paper's shares are all 1/N),
 *   and T4P4S's IPsec program (`examples/testcases/test-ipsec.p4`) parses, sets the egress port and
 *   calls the extern (`t4p4sPaperWork`).
 */
import { ESP_HEADER_BYTES, ESP_OUTER_IPV4_BYTES } from '../../ipsec/index.ts';
import { PayloadOp } from '../../../contract/p4ts-operations.ts';
import type { RuntimeCosts } from '../profile.ts';
import { noOps, type PacketWork, type PathWork } from '../work.ts';

export const T4P4S_RUNTIME: RuntimeCosts = {
  taskHandleBytes: 8,
  copiesTaskData: false,
  taskPerTransform: true,
  externFraming: {
    [PayloadOp.EspEncapsulate]: {
      before: { actionPrimitives: 18 },
      after: { headersEmitted: 2, bytesEmitted: ESP_OUTER_IPV4_BYTES + ESP_HEADER_BYTES, checksumBytes: ESP_OUTER_IPV4_BYTES },
      copiesPacket: true,
    },
    [PayloadOp.EspDecapsulate]: {
      before: { lookups: { exact: 1 }, actionPrimitives: 8 },
      after: {},
      copiesPacket: false,
    },
  },
};

/**
 * The work of a paper program as T4P4S ran it, from the work of this repository's example: the
 * examples pick the packets that take the extern with a policy table (a range match on a flow
 * number), T4P4S with a counter in its runtime (`PACKET_REQUIRES_CRYPTO`: every N-th packet, asked
 * once per packet in every mode) and no table. So a program with extern sites loses every lookup,
 * on both paths, and gains one action primitive (the counter). A program without sites (L2
 * forwarding: its MAC table is the paper's "MAC table") is returned as it is.
 */
export function t4p4sPaperWork(work: PacketWork): PacketWork {
  if (work.extern.externCalls.length === 0) return work;
  const path = (p: PathWork): PathWork => ({ ...p, lookups: {}, actionPrimitives: p.actionPrimitives + 1, afterLastCall: { ...p.afterLastCall, lookups: {} }, notRerun: { ...noOps(), actionPrimitives: 1 } });
  const extern = path(work.extern);
  return { ...work, plain: work.plain === work.extern ? extern : path(work.plain), extern };
}

/**
 * context: the switches a packet's context costs beyond two per extern call. T4P4S runs every
 * packet that calls an extern in a context of its own (`async_handle_packet_inner`: a context
 * from the pool, getcontext, makecontext, then swapcontext into it), and the context ends by
 * returning through `uc_link` to the main loop's (glibc's `__start_context` calls setcontext):
 * one switch in, one out — and the getcontext, priced as a third: glibc's x86-64 `getcontext`
 * saves the same registers and floating-point environment as `swapcontext` and makes the same
 * `rt_sigprocmask` system call (`sysdeps/unix/sysv/linux/x86_64/getcontext.S`, `swapcontext.S`);
 * it only does not load another context, which Boost.Context's published figures put at a few
 * percent of a ucontext switch (a ucontext_t switch 1130-1481 cycles on Intel cores, a switch
 * without the system call 19-63). docs/notes/model-log.md, "Published figures for the assumptions".
 */
export const T4P4S_CONTEXT_SWITCHES_PER_PACKET = 3;

/** T4P4S + DPDK software costs, in cycles of the APU's Jaguar core. */
export interface T4p4sCosts {
  /** igb PMD rx / tx per packet (descriptor, mbuf refill / free), and per burst call. */
  rxPacket: number;
  txPacket: number;
  burstCall: number;
  /** Generated extract / deparse per header, and per byte (field extraction with shifts and masks). */
  parseHeader: number;
  parseByte: number;
  emitHeader: number;
  emitByte: number;
  /**
   * rte_hash (exact, `dpdk_tables_exact.c`), rte_lpm (lpm, `dpdk_tables_lpm.c`) per lookup; T4P4S's
   * ternary tables are its own linear search (`naive_ternary_lookup`, `dpdk_tables_ternary.c`), not
   * rte_acl: its cost grows with the entries; one value for ternary, range and optional. No
   * paper program applies an lpm or ternary table.
   */
  lookupExact: number;
  lookupLpm: number;
  lookupTernary: number;
  lookupRange: number;
  lookupOptional: number;
  /** A field write with byte order and masks. */
  actionPrimitive: number;
  /** rte_memcpy call overhead for small sizes. */
  copyCall: number;
  /** 16-bit one's-complement sum, scalar, per byte. */
  checksumPerByte: number;
  /** Per extern call in every mode: crypto op from the mempool, mbuf/session attach, offsets, free. */
  externCall: number;
  /** Co-processor: per burst (dequeue, result enqueue, doorbell), per task (handle strip, dispatch), per burn task. */
  coprocBurst: number;
  coprocTask: number;
  burnCall: number;
  /** sync: enqueue one op and start polling. */
  syncSubmit: number;
  /** async: append a task, send a burst, one dequeue-burst call on the result ring, take one result. */
  asyncTask: number;
  asyncBurst: number;
  asyncPoll: number;
  asyncResult: number;
  /** longjump: ring slot + program state + setjmp; slot lookup + descriptor restore + longjmp. */
  park: number;
  restore: number;
  /** context: a context from the pool + makecontext + freeing it (ring enqueue, bulk put); getcontext is priced as a switch (`T4P4S_CONTEXT_SWITCHES_PER_PACKET`). */
  contextCreate: number;
}

export const T4P4S_COSTS: T4p4sCosts = {
  rxPacket: 120,
  txPacket: 120,
  burstCall: 200,
  parseHeader: 300,
  parseByte: 2,
  emitHeader: 200,
  emitByte: 2,
  lookupExact: 350,
  lookupLpm: 300,
  lookupTernary: 900,
  lookupRange: 900,
  lookupOptional: 900,
  actionPrimitive: 60,
  copyCall: 40,
  checksumPerByte: 1.5,
  externCall: 500,
  coprocBurst: 300,
  coprocTask: 200,
  burnCall: 50,
  syncSubmit: 150,
  asyncTask: 250,
  asyncBurst: 400,
  asyncPoll: 300,
  asyncResult: 250,
  park: 200,
  restore: 200,
  contextCreate: 200,
};
