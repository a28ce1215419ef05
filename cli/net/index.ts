/** `p4ts net`: host namespaces wired to a p4ts switch through kernel VXLAN devices. */
export { DEFAULT_UDP_PORT, DEFAULT_UNDERLAY, MAX_HOSTS, parseTopology, type Topology, type TopologyHost, type TopologyResult } from './topology.ts';
export { downCommands, hostNamespace, namespaces, portSpecs, switchNamespace, underlayAddresses, upCommands, type Command } from './plan.ts';
export { existingNamespaces, missingTools, runCommands, type CommandFailure } from './apply.ts';
export { netDown, netUp, type NetResult } from './net.ts';
