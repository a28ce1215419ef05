/** The scenarios `npm run bench` knows, in the order they run. Add new ones here. */
import type { Scenario } from '../harness/scenario.ts';
import { l2fwdScenario } from './l2fwd.ts';
import { burstScenario, ipsecScenario } from './ipsec.ts';
import { encryptScenario } from './encrypt.ts';
import { burnScenario } from './burn.ts';
import { orderScenario } from './order.ts';
import { runPcapScenario } from './run-pcap.ts';

export const SCENARIOS: Scenario[] = [l2fwdScenario, ipsecScenario, encryptScenario, burnScenario, burstScenario, orderScenario, runPcapScenario];

/** Lets another module add scenarios at run time (before `main` runs them). */
export function registerScenario(s: Scenario): void {
  if (SCENARIOS.some((x) => x.name === s.name)) throw new Error(`scenario '${s.name}' is already registered`);
  SCENARIOS.push(s);
}
