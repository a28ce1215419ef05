import { describe, expect, it } from 'vitest';
import { DRAWS, KERNELS, SUPERSEDED, drawName, kernelName, operationsNs, plainVariant, rtcName, solveCalibration, streamCases, type StreamCase } from '../../../bench/calibrate/solve.ts';
import { OPERATION_SHAPES, STREAM_SHAPE, syntheticProgram } from '../../../bench/calibrate/programs.ts';
import { lowerFile } from '../../../compiler/lower-file.ts';
import { readSourceText } from '../../../compiler/source/index.ts';
import { derivePacketWork } from '../../../compiler/packet-work/index.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../../../contract/execution-mode.ts';
import type { CalibrationMeasurement, LocalOpCosts, OpCounts } from '../../../runtime/model/index.ts';

/** The shapes' plain-path counts (the IR, hence the counts, is the same in every mode). */
const shapeCounts: Record<string, OpCounts> = Object.fromEntries(
  [...OPERATION_SHAPES, STREAM_SHAPE].map((shape) => {
    const path = `/calibrate/${shape.name}.p4`;
    const text = syntheticProgram(shape);
    const lowered = lowerFile(path, { readFile: (p) => (p === path ? text : readSourceText(p)) });
    return [shape.name, derivePacketWork(lowered.ir!).work.plain];
  }),
);
const counts = Object.fromEntries(EXECUTION_MODES.map((m) => [m, shapeCounts])) as Record<ExecutionMode, Record<string, OpCounts>>;

/** What a packet suspended at an ESP / AES site costs beyond one suspended at a burn site (and beyond the glue), ns. */
const ASYNC_GLUE: Partial<Record<string, { esp: number; aes: number }>> = { context: { esp: 30, aes: 5 }, longjump: { esp: 60, aes: -10 } };

const TRUE_OPS: LocalOpCosts = { parseHeader: 6, parseByte: 0.25, emitHeader: 4, emitByte: 0.5, lookup: { exact: 20, lpm: 30, ternary: 45, range: 60 }, primitive: 1.5 };
const BASE = { sync: 100, context: 110, longjump: 120 };

// ESP: 300 fixed, 90 per AES block, 150 per MD5 block; AES encryption: 50 + 100 per block; burn 20 + 1/3 ns per cycle
const KERNEL_NS: Record<string, number> = {
  'esp-46': 300 + 3 * 90 + 3 * 150,
  'esp-142': 300 + 9 * 90 + 4 * 150,
  'esp-238': 300 + 15 * 90 + 6 * 150,
  'aes-46': 50 + 3 * 100,
  'aes-142': 50 + 9 * 100,
  'burn-0': 20,
  'burn-3000': 20 + 1000,
};

const oneHeader = operationsNs(TRUE_OPS, shapeCounts[STREAM_SHAPE.name]!);

/**
 * A stream case's consistent measurement: plain base 200 + ops of one-header; extern overhead 80
 * (+ the task where the main thread pays it); worker 150 per task + 640 per burst; main 320 per burst.
 */
function streamNs(c: StreamCase): { main: number; worker: number } {
  const perBurst = (ns: number): number => ns / c.burst;
  const main = 200 + oneHeader;
  if (c.site !== undefined) {
    // an ESP / AES site in sync-inline: the burn site's overhead, the kernel, and 40 / 25 ns of glue;
    // suspended in context / longjump: the burn site's overhead and burst share, the glue, and
    // what suspending at that operation's site costs beyond a burn site's (ASYNC_GLUE)
    const glue = c.site === 'esp' ? 40 : 25;
    const site = c.variant === 'sync-inline' ? (c.site === 'esp' ? KERNEL_NS['esp-46']! : KERNEL_NS['aes-46']!) : perBurst(320) + ASYNC_GLUE[c.variant]![c.site];
    return { main: main + 80 + glue + site, worker: 0 };
  }
  if (c.share === 0) return { main, worker: 0 };
  const task = c.variant === 'sync-inline' ? 20 : c.variant === 'sync-offload' ? 20 + 150 + perBurst(640) : perBurst(320);
  return { main: main + 80 + task, worker: c.variant === 'sync-inline' ? 0 : 150 + 20 + perBurst(640) };
}

/** Every measurement of a calibration of `draws` draws, each draw's scaled by `scale(draw)`; run-to-completion per mode by `rtcScale`. */
function calibration(draws = DRAWS, scale: (draw: number) => number = () => 1, rtcScale: (mode: ExecutionMode) => number = () => 1): CalibrationMeasurement[] {
  const m: CalibrationMeasurement[] = [];
  for (const mode of EXECUTION_MODES) {
    for (const [shape, c] of Object.entries(shapeCounts)) if (shape !== STREAM_SHAPE.name) m.push({ name: rtcName(mode, shape), mainNs: rtcScale(mode) * (BASE[mode] + operationsNs(TRUE_OPS, c)), processNs: NaN, pps: NaN });
  }
  for (let d = 1; d <= draws; d++) {
    const f = scale(d);
    for (const k of KERNELS) m.push({ name: drawName(kernelName(k), d), mainNs: f * KERNEL_NS[k]!, processNs: NaN, pps: NaN });
    for (const c of streamCases(32)) {
      const { main, worker } = streamNs(c);
      m.push({ name: drawName(c.name, d), mainNs: f * main, processNs: f * (main + worker), pps: NaN });
    }
  }
  return m;
}

describe('solveCalibration', () => {
  it('recovers per-operation costs, kernels, worker and stream costs from consistent measurements', () => {
    const s = solveCalibration(calibration(), counts, 32);
    for (const mode of EXECUTION_MODES) {
      expect(s.rtcBase[mode]).toBeCloseTo(BASE[mode], 6);
      expect(s.ops[mode].parseHeader).toBeCloseTo(TRUE_OPS.parseHeader, 6);
      expect(s.ops[mode].emitByte).toBeCloseTo(TRUE_OPS.emitByte, 6);
      expect(s.ops[mode].lookup.range).toBeCloseTo(TRUE_OPS.lookup.range, 6);
      expect(s.ops[mode].primitive).toBeCloseTo(TRUE_OPS.primitive, 6);
    }
    expect(s.kernels.esp.fixedNs).toBeCloseTo(300, 6);
    expect(s.kernels.esp.aesBlockNs).toBeCloseTo(90, 6);
    expect(s.kernels.esp.md5BlockNs).toBeCloseTo(150, 6);
    expect([s.kernels.aes.fixedNs, s.kernels.aes.blockNs, s.kernels.burnCallNs]).toEqual([50, 100, 20]);
    expect(s.kernels.burnNsPerCycle).toBeCloseTo(1 / 3, 9);
    expect(s.mainBurstNs).toBeCloseTo(320, 6);
    expect(s.workerBurstNs).toBeCloseTo(640, 6);
    expect(s.workerTaskNs).toBeCloseTo(150, 6);
    expect(s.stream['longjump'].plainBase).toBeCloseTo(200, 6);
    expect(s.stream['sync-inline'].externOverhead).toBeCloseTo(80, 6);
    expect(s.stream['sync-offload'].externOverhead).toBeCloseTo(80 + 640 / 32, 6);
    expect(s.stream['context'].externOverhead).toBeCloseTo(80, 6);
    expect(s.opGlue?.esp).toBeCloseTo(40, 6);
    expect(s.opGlue?.aes).toBeCloseTo(25, 6);
    for (const v of ['context', 'longjump'] as const) {
      expect(s.asyncOpGlue?.[v].esp).toBeCloseTo(ASYNC_GLUE[v]!.esp, 6);
      expect(s.asyncOpGlue?.[v].aes).toBeCloseTo(ASYNC_GLUE[v]!.aes, 6);
    }
    // every draw of every cost solved from the draws is recorded
    expect(s.draws?.['stream.context.externOverhead']?.map((x) => Math.round(x))).toEqual([80, 80, 80]);
    expect(Object.keys(s.draws ?? {})).toContain('kernels.esp.fixedNs');
    // the worker's CPU from the other threads' CPU of the main thread's own (median) rounds where
    // recorded, not a best round's all-threads CPU less a median round's main thread
    const other = calibration().map((x) => (x.name.startsWith('stream') ? { ...x, otherNs: x.processNs - x.mainNs, processNs: 5 * x.processNs } : x));
    expect(solveCalibration(other, counts, 32).workerTaskNs).toBeCloseTo(150, 6);
  });

  it('the run-to-completion fit goes through the smallest program: shapes that do not fit the op counts move the per-operation costs, not what the smallest program is priced', () => {
    // shapes off their counted cost by a few ns each, as runs are (noise, work the counts do not see)
    const off: Record<string, number> = { 'ipv4-1': 3, 'ipv4-2': -2, 'ethernet-3': 2, 'lookahead-ipv4-6': -3, 'lookahead-ethernet-4': 2, 'primitives-24': 1 };
    const m = calibration().map((x) => {
      const r = /^rtc \w+ (.*)$/.exec(x.name);
      return r === null ? x : { ...x, mainNs: x.mainNs + (off[r[1]!] ?? 0) };
    });
    const s = solveCalibration(m, counts, 32, { sameCodeInEveryMode: false });
    for (const mode of EXECUTION_MODES) {
      const oneHeader = m.find((x) => x.name === rtcName(mode, 'one-header'))!.mainNs;
      expect(s.rtcBase[mode] + operationsNs(s.ops[mode], shapeCounts['one-header']!)).toBeCloseTo(oneHeader, 6);
      // a shape with four more lookups: the smallest program's run plus those lookups
      const exact = m.find((x) => x.name === rtcName(mode, 'tables-exact-4'))!.mainNs;
      expect(s.rtcBase[mode] + operationsNs(s.ops[mode], shapeCounts['tables-exact-4']!)).toBeCloseTo(exact, 6);
    }
  });

  it("sync-offload's plain packets are priced by sync-inline's plain run (the same code): it is not measured twice", () => {
    expect(streamCases(32).some((c) => c.variant === 'sync-offload' && c.share === 0)).toBe(false);
    expect(plainVariant('sync-offload')).toBe('sync-inline');
    for (const v of ['sync-inline', 'context', 'longjump'] as const) expect(streamCases(32).filter((c) => c.variant === v && c.share === 0)).toHaveLength(1);
    const m = calibration().map((x) => (/^stream sync-inline share 0/.test(x.name) ? { ...x, mainNs: x.mainNs + 30 } : x));
    const s = solveCalibration(m, counts, 32);
    expect(s.stream['sync-offload'].plainBase).toBeCloseTo(230, 6);
    expect(s.stream['sync-inline'].plainBase).toBeCloseTo(230, 6);
    // the offload overhead is its share-1 run less that same plain run
    expect(s.stream['sync-offload'].externOverhead).toBeCloseTo(80 + 640 / 32 - 30, 6);
  });

  it('one draw measured while the machine ran every thread 60 % slower moves no cost: each is the median draw, the kernels too', () => {
    const clean = solveCalibration(calibration(), counts, 32);
    const slowed = solveCalibration(calibration(DRAWS, (d) => (d === 2 ? 1.6 : 1)), counts, 32);
    for (const path of ['stream.sync-inline.plainBase', 'stream.context.externOverhead', 'stream.longjump.plainBase', 'workerTaskNs', 'mainBurstNs', 'opGlue.esp', 'asyncOpGlue.longjump.esp', 'kernels.esp.fixedNs']) {
      const at = (x: unknown): number => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], x) as number;
      expect(at(slowed)).toBeCloseTo(at(clean), 6);
      // and the slow draw is on record
      expect(slowed.draws?.[path]?.[1]).not.toBeCloseTo(at(clean), 3);
    }
    // two draws of three slow: the slow one is the typical draw, for the kernels (since session 10;
    // before, their least draw) as for the streaming costs
    const twoSlow = solveCalibration(calibration(DRAWS, (d) => (d === 1 ? 1 : 1.6)), counts, 32);
    expect(twoSlow.kernels.esp.fixedNs).toBeCloseTo(1.6 * 300, 6);
    expect(twoSlow.kernels.burnCallNs).toBeCloseTo(1.6 * 20, 6);
    expect(twoSlow.stream['context'].externOverhead).toBeCloseTo(1.6 * 80, 6);
    // one draw only: the slow one is the cost
    const one = solveCalibration(calibration(1, () => 1.6), counts, 32);
    expect(one.stream['sync-inline'].plainBase).toBeCloseTo(1.6 * (200 + oneHeader) - oneHeader, 6);
    expect(one.draws).toBeUndefined();
  });

  it('operation shapes that run the same code in every mode: each shape is its median run over the modes, so one slow mode moves nothing; otherwise each mode its own', () => {
    const m = calibration(DRAWS, () => 1, (mode) => (mode === 'longjump' ? 1.3 : 1));
    // with the modes' bases equal (the same code), two of the three modes' groups slow
    const same = m.map((x) => {
      const r = /^rtc (\w+) (.*)$/.exec(x.name);
      return r === null ? x : { ...x, mainNs: x.mainNs - (r[1] === 'longjump' ? 1.3 : 1) * (BASE[r[1] as ExecutionMode] - 100) };
    });
    const pooled = solveCalibration(same, counts, 32, { sameCodeInEveryMode: true });
    for (const mode of EXECUTION_MODES) {
      expect(pooled.rtcBase[mode]).toBeCloseTo(100, 6);
      expect(pooled.ops[mode].lookup.exact).toBeCloseTo(TRUE_OPS.lookup.exact, 6);
    }
    const apart = solveCalibration(m, counts, 32);
    expect(apart.rtcBase.longjump).toBeCloseTo(1.3 * 120, 6);
    expect(apart.rtcBase.context).toBeCloseTo(110, 6);
    expect(apart.ops.longjump.lookup.exact).toBeCloseTo(1.3 * TRUE_OPS.lookup.exact, 6);
    // the least of the modes (the rule before session 10) would have priced every shape at the
    // fastest mode's run; with two modes of three fast that is the median too
    const twoFast = solveCalibration(calibration(DRAWS, () => 1, (mode) => (mode === 'sync' ? 1 : 0.8)).map((x) => {
      const r = /^rtc (\w+) (.*)$/.exec(x.name);
      return r === null ? x : { ...x, mainNs: x.mainNs - (r[1] === 'sync' ? 1 : 0.8) * (BASE[r[1] as ExecutionMode] - 100) };
    }), counts, 32, { sameCodeInEveryMode: true });
    expect(twoFast.rtcBase.sync).toBeCloseTo(0.8 * 100, 6);
    // three modes at three speeds (1.0, 1.3, 1.6): the median is the 1.3 run, the least (the rule
    // before session 10) the 1.0 run, the mean 1.3 too but not for 1.0 / 1.3 / 2.2 (below)
    for (const factors of [{ sync: 1, context: 1.3, longjump: 1.6 }, { sync: 1, context: 1.3, longjump: 2.2 }]) {
      const spread = solveCalibration(calibration(DRAWS, () => 1, (mode) => factors[mode]).map((x) => {
        const r = /^rtc (\w+) (.*)$/.exec(x.name);
        return r === null ? x : { ...x, mainNs: x.mainNs - factors[r[1] as ExecutionMode] * (BASE[r[1] as ExecutionMode] - 100) };
      }), counts, 32, { sameCodeInEveryMode: true });
      for (const mode of EXECUTION_MODES) {
        expect(spread.rtcBase[mode]).toBeCloseTo(1.3 * 100, 6);
        expect(spread.ops[mode].lookup.exact).toBeCloseTo(1.3 * TRUE_OPS.lookup.exact, 6);
        expect(spread.ops[mode].primitive).toBeCloseTo(1.3 * TRUE_OPS.primitive, 6);
      }
    }
  });

  it("a run whose main thread ran some of the tasks itself: the suspended packets' cost is solved, not the mix's", () => {
    const base = calibration(1);
    // a longjump ESP run whose main thread ran 40 % of the tasks itself (each at sync-inline's
    // site cost: overhead, glue and kernel)
    const ljEsp = 'stream longjump share 1 esp site';
    const helpedEsp = base.map((x) => (x.name === ljEsp ? { ...x, mainNs: 200 + oneHeader + 0.6 * (80 + 40 + 320 / 32 + ASYNC_GLUE['longjump']!.esp) + 0.4 * (80 + 40 + KERNEL_NS['esp-46']!), helped: 40, offloaded: 60 } : x));
    expect(solveCalibration(helpedEsp, counts, 32).asyncOpGlue?.longjump.esp).toBeCloseTo(ASYNC_GLUE['longjump']!.esp, 6);
    // longjump at burst 32 and at burst 1 with different shares of tasks the main thread ran itself:
    // the per-burst cost compares the suspended packets of both, not the mixes
    const lj = (b: number) => streamCases(32).find((c) => c.variant === 'longjump' && c.share === 1 && c.burst === b && c.site === undefined)!.name;
    const suspended = (b: number) => 80 + 320 / b;
    const helpedLj = base.map((x) =>
      x.name === lj(32) ? { ...x, mainNs: 200 + oneHeader + 0.7 * suspended(32) + 0.3 * (80 + 20), helped: 30, offloaded: 70 }
      : x.name === lj(1) ? { ...x, mainNs: 200 + oneHeader + 0.9 * suspended(1) + 0.1 * (80 + 20), helped: 10, offloaded: 90 }
      : x);
    expect(solveCalibration(helpedLj, counts, 32).mainBurstNs).toBeCloseTo(320, 6);
    // a context run whose main thread ran a quarter of the tasks itself (at sync-inline's site
    // cost: 80 + the burn task's 20) and suspended the rest (300 + its share of a burst)
    const mixed = base.map((x) => (x.name === 'stream context share 1' ? { ...x, mainNs: 200 + oneHeader + 0.75 * (300 + 320 / 32) + 0.25 * (80 + 20), helped: 250, offloaded: 750 } : x));
    expect(solveCalibration(mixed, counts, 32).stream['context'].externOverhead).toBeCloseTo(300, 6);
  });

  it('reads calibrations made before: without the ESP and AES sites (no glue), and with only some cases drawn (a case measured once serves every draw)', () => {
    const without = solveCalibration(calibration().filter((x) => !/ site( draw \d+)?$/.test(x.name)), counts, 32);
    expect(without.opGlue).toBeUndefined();
    expect(without.asyncOpGlue).toBeUndefined();
    expect(without.workerTaskNs).toBeCloseTo(150, 6);
    const inlineSitesOnly = solveCalibration(calibration().filter((x) => !/^stream (context|longjump) .* site( draw \d+)?$/.test(x.name)), counts, 32);
    expect(inlineSitesOnly.opGlue?.esp).toBeCloseTo(40, 6);
    expect(inlineSitesOnly.asyncOpGlue).toBeUndefined();
    // drawn: only the offload run, 900 / 2300 / 2200 ns slower a task in its three draws
    const slower = [900, 2300, 2200];
    const partial = calibration().flatMap((x) => {
      const r = /^(stream sync-offload share 1)(?: draw (\d))?$/.exec(x.name);
      if (r !== null) return [{ ...x, mainNs: x.mainNs + slower[Number(r[2] ?? 1) - 1]!, processNs: x.processNs + slower[Number(r[2] ?? 1) - 1]! }];
      return / draw \d$/.test(x.name) ? [] : [x];
    });
    const d = solveCalibration(partial, counts, 32);
    expect(d.stream['sync-offload'].externOverhead).toBeCloseTo(100 + 2200, 6);
    expect(d.draws?.['stream.sync-offload.externOverhead']?.map((x) => Math.round(x))).toEqual([1000, 2400, 2300]);
    expect(d.draws?.['stream.context.externOverhead']?.map((x) => Math.round(x))).toEqual([80, 80, 80]);
  });

  it("a case drawn but missing from one draw leaves that draw's costs made from it out (the median of the draws that have it), not the first draw counted twice", () => {
    // the offload run 900 / 2300 ns slower a task in draws 1 and 2, missing from draw 3
    const m = calibration().flatMap((x) => {
      const r = /^(stream sync-offload share 1)(?: draw (\d))?$/.exec(x.name);
      if (r === null) return [x];
      const d = Number(r[2] ?? 1);
      return d === 3 ? [] : [{ ...x, mainNs: x.mainNs + [900, 2300][d - 1]!, processNs: x.processNs + [900, 2300][d - 1]! }];
    });
    const s = solveCalibration(m, counts, 32);
    expect(s.stream['sync-offload'].externOverhead).toBeCloseTo(100 + (900 + 2300) / 2, 6);
    // the costs that do not need it keep every draw, and the one that does is not recorded per draw
    expect(s.draws?.['stream.context.externOverhead']?.map((x) => Math.round(x))).toEqual([80, 80, 80]);
    expect(s.draws?.['stream.sync-offload.externOverhead']).toBeUndefined();
    // a kernel drawn but missing from a draw: the median of the draws that have it; measured once: that run
    const k = calibration(DRAWS, (d) => (d === 2 ? 1 : 1.5)).filter((x) => x.name !== drawName(kernelName('burn-0'), 2));
    expect(solveCalibration(k, counts, 32).kernels.burnCallNs).toBeCloseTo(1.5 * 20, 6);
    const once = calibration(DRAWS, (d) => (d === 1 ? 1.5 : 1)).filter((x) => x.name !== drawName(kernelName('burn-0'), 2) && x.name !== drawName(kernelName('burn-0'), 3));
    expect(solveCalibration(once, counts, 32).kernels.burnCallNs).toBeCloseTo(1.5 * 20, 6);
  });

  it("every draw's glue and overheads are solved against the kernels the profile keeps (each kernel's median draw), not that draw's own kernel runs", () => {
    // draw 2 runs everything 60 % slower, kernels included: its sync-inline ESP site reads the
    // slow kernel; against the kept (median) kernel its glue is the site's whole excess, so the
    // prediction (glue + kept kernel) gives back the run it was solved from
    const m = calibration(DRAWS, (d) => (d === 2 ? 1.6 : 1));
    const s = solveCalibration(m, counts, 32);
    const esp46 = KERNEL_NS['esp-46']!;
    const run = (d: number) => m.find((x) => x.name === drawName('stream sync-inline share 1 esp site', d))!.mainNs;
    const plain = (d: number) => m.find((x) => x.name === drawName('stream sync-inline share 0', d))!.mainNs;
    const overhead = s.draws!['stream.sync-inline.externOverhead']!;
    const glue = s.draws!['opGlue.esp']!;
    for (const d of [1, 2, 3]) expect(plain(d) + overhead[d - 1]! + glue[d - 1]! + esp46).toBeCloseTo(run(d), 6);
    // (solved against the draw's own 1.6x kernel, draw 2's glue would have come out 0.6 x 1,020 ns low)
    expect(glue[1]!).toBeCloseTo(1.6 * (80 + 40 + esp46) - 1.6 * 80 - 0.6 * 20 - esp46, 6);
    // the quiet draws are unmoved
    expect(glue[0]!).toBeCloseTo(40, 6);
    expect(s.opGlue?.esp).toBeCloseTo(40, 6);
  });

  it("a draw's runs superseded by a second measurement (the cross-core state changed while they ran) stay on record and move no cost", () => {
    const clean = solveCalibration(calibration(), counts, 32);
    const superseded = calibration(DRAWS, () => 4).flatMap((x) => (/ draw 2$/.test(x.name) || !/ draw \d$/.test(x.name) ? [{ ...x, name: `${x.name} ${SUPERSEDED}` }] : []));
    const s = solveCalibration([...calibration(), ...superseded], counts, 32);
    expect(s.stream).toEqual(clean.stream);
    expect(s.kernels).toEqual(clean.kernels);
    expect(s.draws).toEqual(clean.draws);
  });

  it("a kernel whose draws differ by more than the load (burn's loop count, calibrated as each thread starts) is priced at its typical draw, not its fastest", () => {
    // burn(3000) at 0.32, 0.35 and 0.36 ns a cycle in three draws (burn(0) 20 ns each)
    const perCycle = [0.32, 0.35, 0.36];
    const m = calibration().map((x) => {
      const r = /^kernel burn-3000(?: draw (\d))?$/.exec(x.name);
      return r === null ? x : { ...x, mainNs: 20 + 3000 * perCycle[Number(r[1] ?? 1) - 1]! };
    });
    const s = solveCalibration(m, counts, 32);
    expect(s.kernels.burnNsPerCycle).toBeCloseTo(0.35, 9);
  });

  it('names a missing measurement', () => {
    expect(() => solveCalibration([], counts, 32)).toThrow(/no measurement 'rtc sync one-header'/);
    expect(() => solveCalibration(calibration().filter((x) => x.name !== 'kernel esp-46'), counts, 32)).toThrow(/no measurement 'kernel esp-46'/);
  });
});
