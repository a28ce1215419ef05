/**
 * Meter configurations over P4Runtime: a `p4.v1.MeterConfig` checked and turned into the
 * runtime's rates, and the direct meter of a table entry set or reset together with the
 * configuration the server keeps for Read (the runtime keeps rates, not what was written).
 */
import type { TableResult } from '../../control/runtime-table.ts';
import type { MeterRate } from '../../v1model/externs/meter.ts';
import type * as M from './messages.ts';
import type { TableInfo } from './pipeline.ts';
import { Code, fail } from './status.ts';

/** [committed, peak] in the runtime's units: per microsecond. */
export type MeterRates = readonly [MeterRate, MeterRate];

/** A configuration checked: what the runtime is given and what a Read returns. */
export interface CheckedMeterConfig {
  readonly config: M.MeterConfig;
  readonly rates: MeterRates;
}

/** Where the configurations written are kept (the device's map, by `directMeterKey` or `meter:index`). */
export interface MeterConfigStore {
  readonly device: { readonly meterConfigs: Map<string, M.MeterConfig> };
}

/**
 * A meter configuration checked (INVALID_ARGUMENT: eburst set — v1model meters are two-rate
 * three-colour markers —, a negative value, cir above pir). P4Runtime rates are units per
 * second; the runtime's meters count units per microsecond.
 */
export function meterRates(config: M.MeterConfig): MeterRates {
  const n = (v: M.Int64 | undefined) => Number(v ?? 0);
  if (config.eburst !== undefined && n(config.eburst) !== 0) fail(Code.INVALID_ARGUMENT, 'meter config: v1model meters are two-rate three-color markers: eburst must be unset');
  if ([config.cir, config.cburst, config.pir, config.pburst].some((v) => n(v) < 0)) fail(Code.INVALID_ARGUMENT, 'meter config: negative rate or burst');
  if (n(config.cir) > n(config.pir)) fail(Code.INVALID_ARGUMENT, `meter config: cir ${n(config.cir)} above pir ${n(config.pir)}`);
  return [
    { rate: n(config.cir) / 1e6, burst: n(config.cburst) },
    { rate: n(config.pir) / 1e6, burst: n(config.pburst) },
  ];
}

/** `meterRates` with the configuration it came from. */
export function checkedMeterConfig(config: M.MeterConfig): CheckedMeterConfig {
  return { config, rates: meterRates(config) };
}

/** The key of a table entry's direct meter configuration in the device's map. */
export function directMeterKey(t: TableInfo, r: TableResult): string {
  return `${t.info.preamble.id}:${r.handle}`;
}

/** The configuration written for an entry's direct meter (undefined: the default). */
export function directMeterConfig(c: MeterConfigStore, t: TableInfo, r: TableResult): CheckedMeterConfig | undefined {
  const config = c.device.meterConfigs.get(directMeterKey(t, r));
  // kept configurations were checked when written: meterRates does not throw for them
  return config === undefined ? undefined : checkedMeterConfig(config);
}

/** Sets an entry's direct meter to a configuration already checked (the table has a direct meter). */
export function setDirectMeter(c: MeterConfigStore, t: TableInfo, r: TableResult, checked: CheckedMeterConfig): void {
  t.directMeter!.object.setRates(r.handle, checked.rates[0], checked.rates[1]);
  c.device.meterConfigs.set(directMeterKey(t, r), checked.config);
}

/** An entry's direct meter back to its default configuration (every packet GREEN). */
export function resetDirectMeter(c: MeterConfigStore, t: TableInfo, r: TableResult): void {
  t.directMeter?.object.resetEntry(r.handle);
  c.device.meterConfigs.delete(directMeterKey(t, r));
}

/** Puts an entry's direct meter to a configuration kept earlier (undefined: the default). */
export function restoreDirectMeter(c: MeterConfigStore, t: TableInfo, r: TableResult, before: CheckedMeterConfig | undefined): void {
  if (before !== undefined) setDirectMeter(c, t, r, before);
  else resetDirectMeter(c, t, r);
}
