/**
 * What `npm run bench` runs: scenarios, each measuring one or more variants side by side in the
 * same process (so their ratio is meaningful on a shared machine), recording rows in one JSON
 * format:
 *
 * ```json
 * {"runs":[{"scenario":"l2fwd","mode":"sync","share":0,"cycles":0,"burst":32,"pps":4.1e6}],
 *  "ceilings":{"l2fwd/handwritten":1.9e7}}
 * ```
 *
 * - `mode`: which variant ran (`sync`, `context`, `longjump`, `handwritten`, ...);
 * - `share`: fraction of packets that take the extern path (0 for plain forwarding);
 * - `cycles`: extern cost per task in cycles (`burn`), 0 when none;
 * - `burst`: packets injected per batch (async scenarios: tasks per burst);
 * - `pps`: packets per second of wall-clock time (best round).
 *
 * Per run, also (figures that hold on a busy machine):
 * - `ppsCpu`: packets per second of CPU time of all the variant's threads (its packet-processing
 *   thread, the co-processor worker, GC helpers), best round;
 * - `mainNsPerPacket`: CPU nanoseconds of the packet-processing ("main") thread per packet,
 *   median round — the paper's measure, what a packet costs the core that runs the pipeline;
 * - `cores`: CPU seconds of all threads per wall second in the best round (how many cores the
 *   variant kept busy);
 * - `helped`: extern tasks the main thread ran itself during the measured rounds because the
 *   co-processor was behind, `Coprocessor.behind` (async variants; 0 or absent otherwise),
 *   `offloaded`: tasks that went to the co-processor;
 * - `implementation`: `compiled` (the P4 program through p4ts) or `handwritten` (the same work in
 *   hand-written TypeScript, bench/handwritten/), or `ceiling` (a bare loop that does less).
 *
 * `ceilings` are reference rates a run is compared with (a hand-written loop, a co-processor's
 * rate on its own, ...). To add a scenario: implement `Scenario` in `bench/scenarios/NAME.ts` and
 * list it in `bench/scenarios/index.ts`.
 */
import type { PairedRatio } from './measure.ts';
import type { Progress } from './progress.ts';

/** One measured row of the JSON output. Extra fields are informative (not part of the contract). */
export interface RunRecord {
  readonly scenario: string;
  readonly mode: string;
  readonly share: number;
  readonly cycles: number;
  readonly burst: number;
  /** Packets per second of wall-clock time, best round. */
  readonly pps: number;
  /** Median round (wall clock). */
  readonly ppsMedian?: number;
  /** Packets per second of this thread's CPU time in the best round (robust when the machine is busy). */
  readonly ppsCpu?: number;
  /** Free-form label shown in the table (default `mode`). */
  readonly label?: string;
  /** Garbage collections seen during the measured rounds. */
  readonly gcMinor?: number;
  readonly gcMajor?: number;
  /** CPU ns of the packet-processing thread per packet, median round (absent where unknown). */
  readonly mainNsPerPacket?: number;
  /** Quartiles of the rounds' main-thread CPU ns per packet (the noise of `mainNsPerPacket`). */
  readonly mainNsQ1?: number;
  readonly mainNsQ3?: number;
  /** Measured rounds. */
  readonly rounds?: number;
  /** Every round's main-thread CPU ns per packet (0.1 ns), in the order measured. */
  readonly mainNsRounds?: readonly number[];
  /** CPU seconds of the packet-processing thread the warm-up took (it lasts until the rate is steady). */
  readonly warmUpCpu?: number;
  /** The warm-up's chunks (0.1 s each), main-thread CPU ns per packet (0.1 ns), in order. */
  readonly warmUpNs?: readonly number[];
  /** Cores busy on average in the best round (CPU seconds of all threads / wall seconds). */
  readonly cores?: number;
  /** Extern tasks the main thread took over from the co-processor (help when behind), measured rounds. */
  readonly helped?: number;
  /** Extern tasks handed to the co-processor, measured rounds. */
  readonly offloaded?: number;
  /** `compiled`, `handwritten` or `ceiling`. */
  readonly implementation?: 'compiled' | 'handwritten' | 'ceiling';
}

export interface BenchReport {
  readonly runs: RunRecord[];
  readonly ceilings: Record<string, number>;
  readonly ratios?: RatioRecord[];
  readonly machine?: MachineInfo;
  /** Per scenario, the machine's cross-core state it ran in (absent in a report made before it was recorded). */
  readonly crossCore?: Record<string, ScenarioCrossCore>;
}

/**
 * One cache line's round trip between two threads (`bench/harness/line-round-trip.ts`) taken
 * through a scenario — before it, after each warm-up and each cycle of rounds (`measureRunners`),
 * after it: the machine's cross-core state (`runtime/model/cross-core.ts`), which every cost of
 * lines crossing between the main thread and the worker follows.
 */
export interface ScenarioCrossCore {
  /** `{at, ns}` in the order taken (`before`, `l2fwd warm-up`, `l2fwd cycle 1`, ..., `after`); ns is null where the probe did not complete. */
  readonly lineSamples: readonly { readonly at: string; readonly ns: number | null }[];
  /** The line round trip of the state it ran in (ns, `runStateNs`: the state of three quarters of the stretches between its samples), or null (it changed while the scenario ran, or probes failed). */
  readonly stateNs: number | null;
}

export interface RatioRecord {
  readonly name: string;
  /** The ratio; for a ratio measured round pair by round pair, the median over the pairs. */
  readonly value: number;
  /** The ratio this scenario aims for (at least), if any. */
  readonly target?: number;
  /**
   * A ratio of two variants measured side by side, round pair by round pair (`pairedRatio` in
   * measure.ts): what it divides (`main-cpu`: packets per CPU second of the packet-processing
   * thread; `wall`: packets per wall-clock second), over how many pairs, and the spread of the
   * pairs' ratios (quartiles and extremes), so a reader sees each ratio's noise.
   */
  readonly measure?: 'main-cpu' | 'wall';
  readonly pairs?: number;
  readonly q1?: number;
  readonly q3?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface MachineInfo {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly loadAverage: readonly number[];
  readonly date: string;
}

export interface BenchSettings {
  /** Smoke run: fewer and shorter rounds, fewer variants. */
  readonly quick: boolean;
  /** Wall-clock seconds per measurement round of one variant (short: many rounds pair up better). */
  readonly roundSeconds: number;
  /** Rounds per variant (interleaved across variants). */
  readonly rounds: number;
  /** Packets per injected batch; scenarios may sweep others. */
  readonly burst: number;
  /** Run each variant in a worker thread of its own (default) rather than all in the main thread. */
  readonly isolate: boolean;
}

/** What a scenario gets to report with. */
export interface ScenarioContext {
  readonly settings: BenchSettings;
  readonly progress: Progress;
  record(run: RunRecord): void;
  ceiling(name: string, pps: number): void;
  /**
   * A ratio worth printing (e.g. compiled / hand-written), with its target if any: a plain number,
   * or one measured round pair by round pair with its spread (`pairedRatio`).
   */
  ratio(name: string, value: number | PairedRatio, target?: number): void;
  /** A line of explanation printed under the scenario's results. */
  note(text: string): void;
  /** Probes the machine's cross-core state now and adds the reading, named `at`, to the scenario's record (`ScenarioCrossCore`); `measureRunners` takes one after its warm-up and each cycle of rounds. */
  lineSample(at: string): Promise<void>;
}

export interface Scenario {
  /** Short id used on the command line (`--only l2fwd`) and in the JSON `scenario` field. */
  readonly name: string;
  /** One line for `--list` and the report header. */
  readonly title: string;
  /** Runs the measurements. Throwing fails the scenario (the runner reports it and goes on). */
  run(ctx: ScenarioContext): Promise<void>;
}
