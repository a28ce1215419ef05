/**
 * Switch ports: `--port N:SPEC` specs, the ports they make (pcap file pairs, VXLAN and raw
 * Ethernet over UDP), their counters, and the driver that connects them to a `V1Switch`.
 */
export { checkPortSpecs, DEFAULT_VNI, formatEndpoint, formatPortSpec, MAX_PORT_NUMBER, parseEndpoint, parsePortSpec, type PortKind, type PortSpec, type UdpEndpoint } from './spec.ts';
export { formatPortCounters, PortCounters, type PortCounterValues } from './counters.ts';
export type { Port, PortReceiver } from './port.ts';
export { pcapCodec, type FrameFileCodec, type FrameFileReader, type FrameFileRecord, type FrameFileWriter } from './frame-files.ts';
export { PcapPort } from './pcap-port.ts';
export { DatagramPort } from './datagram-port.ts';
export { CapturingPort } from './capture.ts';
export { readVxlanVni, VXLAN_HEADER_LEN, VXLAN_UDP_PORT, writeVxlanHeader } from './vxlan.ts';
export { createPort, PortDriver, type PortDriverOptions } from './driver.ts';
