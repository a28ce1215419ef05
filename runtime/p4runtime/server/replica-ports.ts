/**
 * The ports a replica of the packet replication engine (a multicast group's or a clone session's)
 * may name, per architecture: the width `Replica.port` byte strings are read with (wider:
 * `OUT_OF_RANGE`) and the ports of the switch (others: `INVALID_ARGUMENT`). The deprecated
 * `Replica.egress_port` (uint32) is checked against the same ports. p4ts translates no port: the
 * P4Runtime (SDN) port is the data plane's port.
 *
 * - v1model: `egress_spec` is bit<9>; ports 0..510 (511 is the switch's drop port).
 * - PSA: `PortId_t` is bit<32> (psa.p4 translates it as `p4.org/psa/v1/PortId_t`, 32 bits); the
 *   switch's ports 0..511, `PSA_PORT_CPU` (0xfffffffd, the specification's `SDN_PORT_CPU`) and
 *   `PSA_PORT_RECIRCULATE` (0xfffffffa, `SDN_PORT_RECIRCULATE`).
 */
import { PSA_PORT_CPU, PSA_PORT_RECIRCULATE } from '../../psa/constants.ts';
import { isPsaPort, PsaSwitch } from '../../psa/switch.ts';
import type { AnySwitch } from '../../switch/index.ts';

export interface ReplicaPorts {
  /** The bit width of a port (`Replica.port` byte strings must fit). */
  readonly width: number;
  /** Whether a replica may go to `port`. */
  isPort(port: number): boolean;
  /** The valid ports, for error messages. */
  readonly ports: string;
}

const V1MODEL_REPLICA_PORTS: ReplicaPorts = {
  width: 9,
  isPort: (port) => Number.isInteger(port) && port >= 0 && port <= 510,
  ports: '0..510',
};

const PSA_REPLICA_PORTS: ReplicaPorts = {
  width: 32,
  isPort: isPsaPort,
  ports: `0..511, PSA_PORT_CPU 0x${PSA_PORT_CPU.toString(16)}, PSA_PORT_RECIRCULATE 0x${PSA_PORT_RECIRCULATE.toString(16)}`,
};

/** The replica ports of the architecture `sw` runs. */
export function replicaPortsOf(sw: AnySwitch<unknown>): ReplicaPorts {
  return sw instanceof PsaSwitch ? PSA_REPLICA_PORTS : V1MODEL_REPLICA_PORTS;
}
