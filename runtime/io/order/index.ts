/** Output order: packets of one flow (or port) leave the switch in arrival order, in the asynchronous modes too. */
export { flowHash } from './flow-key.ts';
export { OutputOrder, OutputOrderStats, type OrderedOutput, type OrderKey, type OutputOrderOptions } from './output-order.ts';
