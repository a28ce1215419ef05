/**
 * The table-write property of robustness.test.ts on a PSA program: random Write batches under each
 * atomicity against a model of the entries of psa-tables.p4's tables (ternary and optional, range,
 * lpm, exact; @tableonly and @defaultonly actions). Same generators and seed as on conformance.p4,
 * 160 batches per atomicity (80 left some kind of invalid update untried, and too few atomic batches
 * whole); here every kind of invalid update applies (`pairs` has an exact field).
 */
import { describeTableWriteProperty } from './table-write-property.ts';

const root = new URL('../../../', import.meta.url).pathname;

describeTableWriteProperty('PSA psa-tables.p4', `${root}test/fixtures/p4runtime/psa-tables.p4`, 5, [], 160);
