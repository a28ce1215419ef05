/** A calibration of the local target with round numbers, for tests (what `--calibrate` writes, without measuring). */
import type { LocalCalibration, LocalOpCosts } from '../../../runtime/model/index.ts';

const OPS: LocalOpCosts = { parseHeader: 6, parseByte: 0.25, emitHeader: 4, emitByte: 0.5, lookup: { exact: 20, lpm: 30, ternary: 45, range: 60 }, primitive: 1.5 };

export const CALIBRATION: LocalCalibration = {
  version: 2,
  machine: { cpuModel: 'test', cpus: 2, node: 'v20', loadAverage: [0, 0, 0], date: '2026-01-01T00:00:00Z' },
  settings: { roundSeconds: 0.4, rounds: 5 },
  ops: { sync: OPS, context: OPS, longjump: OPS },
  rtcBase: { sync: 100, context: 110, longjump: 120 },
  stream: {
    'sync-inline': { plainBase: 200, externOverhead: 30 },
    'sync-offload': { plainBase: 200, externOverhead: 700 },
    context: { plainBase: 210, externOverhead: 300 },
    longjump: { plainBase: 220, externOverhead: 200 },
  },
  workerTaskNs: 150,
  mainBurstNs: 300,
  workerBurstNs: 600,
  kernels: { esp: { fixedNs: 300, aesBlockNs: 100, md5BlockNs: 150 }, aes: { fixedNs: 50, blockNs: 100 }, burnCallNs: 20, burnNsPerCycle: 1 / 3 },
  ring: { spinningNs: 2000, sleepingNs: 40_000, spinWindowNs: 50_000 },
  measurements: [],
};

