import { describe, expect, it } from 'vitest';
import { KERNELS, kernelName, operationsNs, rtcName, solveCalibration, streamCases } from '../../../bench/calibrate/solve.ts';
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

describe('solveCalibration', () => {
  it('recovers per-operation costs, kernels, worker and stream costs from consistent measurements', () => {
    const base = { sync: 100, context: 110, longjump: 120 };
    const m: CalibrationMeasurement[] = [];
    for (const mode of EXECUTION_MODES) {
      for (const [shape, c] of Object.entries(shapeCounts)) if (shape !== STREAM_SHAPE.name) m.push({ name: rtcName(mode, shape), mainNs: base[mode] + operationsNs(TRUE_OPS, c), processNs: NaN, pps: NaN });
    }
    // ESP: 300 fixed, 90 per AES block, 150 per MD5 block; AES encryption: 50 + 100 per block; burn 20 + 1/3 ns per cycle
    const kernelNs: Record<string, number> = {
      'esp-46': 300 + 3 * 90 + 3 * 150,
      'esp-142': 300 + 9 * 90 + 4 * 150,
      'esp-238': 300 + 15 * 90 + 6 * 150,
      'aes-46': 50 + 3 * 100,
      'aes-142': 50 + 9 * 100,
      'burn-0': 20,
      'burn-3000': 20 + 1000,
    };
    for (const k of KERNELS) m.push({ name: kernelName(k), mainNs: kernelNs[k]!, processNs: NaN, pps: NaN });
    // stream: plain base 200 + ops of one-header; extern overhead 80 (+ the task where the main thread pays it);
    // worker 150 per task + 640 per burst; main 320 per burst
    const oneHeader = operationsNs(TRUE_OPS, shapeCounts[STREAM_SHAPE.name]!);
    for (const c of streamCases(32)) {
      const perBurst = (ns: number): number => ns / c.burst;
      let main = 200 + oneHeader;
      let worker = 0;
      if (c.site !== undefined) {
        // an ESP / AES site in sync-inline: the burn site's overhead, the kernel, and 40 / 25 ns of glue;
        // suspended in context / longjump: the burn site's overhead and burst share, the glue, and
        // what suspending at that operation's site costs beyond a burn site's (ASYNC_GLUE)
        const glue = c.site === 'esp' ? 40 : 25;
        const site = c.variant === 'sync-inline' ? (c.site === 'esp' ? kernelNs['esp-46']! : kernelNs['aes-46']!) : perBurst(320) + ASYNC_GLUE[c.variant]![c.site];
        m.push({ name: c.name, mainNs: main + 80 + glue + site, processNs: NaN, pps: NaN });
        continue;
      }
      if (c.share === 1) {
        const task = c.variant === 'sync-inline' ? 20 : c.variant === 'sync-offload' ? 20 + 150 + perBurst(640) : perBurst(320);
        main += 80 + task;
        if (c.variant !== 'sync-inline') worker = 150 + 20 + perBurst(640);
      }
      m.push({ name: c.name, mainNs: main, processNs: main + worker, pps: NaN });
    }
    const s = solveCalibration(m, counts, 32);
    for (const mode of EXECUTION_MODES) {
      expect(s.rtcBase[mode]).toBeCloseTo(base[mode], 6);
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
    expect(s.asyncOpGlue?.context.esp).toBeCloseTo(ASYNC_GLUE['context']!.esp, 6);
    expect(s.asyncOpGlue?.context.aes).toBeCloseTo(ASYNC_GLUE['context']!.aes, 6);
    expect(s.asyncOpGlue?.longjump.esp).toBeCloseTo(ASYNC_GLUE['longjump']!.esp, 6);
    expect(s.asyncOpGlue?.longjump.aes).toBeCloseTo(ASYNC_GLUE['longjump']!.aes, 6);
    // measured before the context and longjump sites were: sync-inline's glue alone
    const inlineSitesOnly = solveCalibration(m.filter((x) => !/^stream (context|longjump) .* site( draw \d+)?$/.test(x.name)), counts, 32);
    expect(inlineSitesOnly.opGlue?.esp).toBeCloseTo(40, 6);
    expect(inlineSitesOnly.asyncOpGlue).toBeUndefined();
    // a longjump ESP run whose main thread ran 40 % of the tasks itself (each at sync-inline's
    // site cost: overhead, glue and kernel): the suspended packets' cost is solved, not the mix's
    const ljEsp = 'stream longjump share 1 esp site';
    const helpedEsp = m.map((x) => (x.name.startsWith(ljEsp) ? { ...x, mainNs: 200 + oneHeader + 0.6 * (80 + 40 + 320 / 32 + ASYNC_GLUE['longjump']!.esp) + 0.4 * (80 + 40 + kernelNs['esp-46']!), helped: 40, offloaded: 60 } : x));
    expect(solveCalibration(helpedEsp, counts, 32).asyncOpGlue?.longjump.esp).toBeCloseTo(ASYNC_GLUE['longjump']!.esp, 6);
    // longjump at burst 32 and at burst 1 with different shares of tasks the main thread ran itself:
    // the per-burst cost compares the suspended packets of both, not the mixes
    const lj = (b: number) => streamCases(32).find((c) => c.variant === 'longjump' && c.share === 1 && c.burst === b && c.site === undefined && c.draw === undefined)!.name;
    const suspended = (b: number) => 80 + 320 / b;
    const helpedLj = m.map((x) =>
      x.name === lj(32) ? { ...x, mainNs: 200 + oneHeader + 0.7 * suspended(32) + 0.3 * (80 + 20), helped: 30, offloaded: 70 }
      : x.name === lj(1) ? { ...x, mainNs: 200 + oneHeader + 0.9 * suspended(1) + 0.1 * (80 + 20), helped: 10, offloaded: 90 }
      : x);
    const hs = solveCalibration(helpedLj, counts, 32);
    expect(hs.mainBurstNs).toBeCloseTo(320, 6);
    // a calibration measured before the ESP and AES sites were: no glue (the model takes 0)
    const without = solveCalibration(m.filter((x) => !/ site( draw \d+)?$/.test(x.name)), counts, 32);
    expect(without.opGlue).toBeUndefined();
    expect(without.workerTaskNs).toBeCloseTo(150, 6);
    // the ESP site in three draws whose glue is 40, 190 and 45 ns: the median draw's; a calibration
    // of one draw per site (before the draws) solves from it alone
    const inlineEsp = streamCases(32).filter((c) => c.variant === 'sync-inline' && c.site === 'esp').map((c) => c.name);
    expect(inlineEsp).toEqual(['stream sync-inline share 1 esp site', 'stream sync-inline share 1 esp site draw 2', 'stream sync-inline share 1 esp site draw 3']);
    const siteDraws = m.map((x) => (x.name === inlineEsp[1] ? { ...x, mainNs: x.mainNs + 150 } : x.name === inlineEsp[2] ? { ...x, mainNs: x.mainNs + 5 } : x));
    expect(solveCalibration(siteDraws, counts, 32).opGlue?.esp).toBeCloseTo(45, 6);
    expect(solveCalibration(siteDraws.filter((x) => !/ site draw \d+$/.test(x.name)), counts, 32).opGlue?.esp).toBeCloseTo(40, 6);
    // a context run whose main thread ran a quarter of the tasks itself (at sync-inline's site
    // cost: 80 + the burn task's 20) and suspended the rest (300 + its share of a burst): the
    // solved overhead is the suspended tasks' 300, not the mix's average
    const contextAll = streamCases(32).filter((c) => c.variant === 'context' && c.share === 1 && c.burst === 32 && c.site === undefined).map((c) => c.name);
    expect(contextAll).toHaveLength(3);
    const mixed = m.map((x) => (contextAll.includes(x.name) ? { ...x, mainNs: 200 + oneHeader + 0.75 * (300 + 320 / 32) + 0.25 * (80 + 20), helped: 250, offloaded: 750 } : x));
    expect(solveCalibration(mixed, counts, 32).stream['context'].externOverhead).toBeCloseTo(300, 6);
    // sync-offload (as context and longjump) at share 1 in draws, each a fresh pipeline and
    // co-processor (the round trip differs between them): the median draw's overhead is the cost,
    // every draw is recorded
    const offload = streamCases(32).filter((c) => c.variant === 'sync-offload' && c.share === 1 && c.site === undefined);
    expect(offload.map((c) => c.name)).toEqual(['stream sync-offload share 1', 'stream sync-offload share 1 draw 2', 'stream sync-offload share 1 draw 3']);
    const slower = [900, 2300, 2200];
    const drawn = m.map((x) => {
      const i = offload.findIndex((c) => c.name === x.name);
      return i < 0 ? x : { ...x, mainNs: x.mainNs + slower[i]!, processNs: x.processNs + slower[i]! };
    });
    const d = solveCalibration(drawn, counts, 32).stream['sync-offload'];
    expect(d.externOverhead).toBeCloseTo(100 + 2200, 6);
    expect(d.externOverheadDraws?.map((x) => Math.round(x))).toEqual([1000, 2400, 2300]);
    // a calibration made before the draws: its one measurement, no draws recorded
    const single = solveCalibration(m.filter((x) => !/ draw \d+$/.test(x.name)), counts, 32).stream['sync-offload'];
    expect(single.externOverhead).toBeCloseTo(100, 6);
    expect(single.externOverheadDraws).toBeUndefined();
  });

  it('names a missing measurement', () => {
    expect(() => solveCalibration([], counts, 32)).toThrow(/no measurement 'rtc sync one-header'/);
  });
});
