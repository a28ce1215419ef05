/*
 * ipsec-esp-psa: the IPsec VPN gateway of examples/ipsec-esp (ESP tunnel mode, RFC 4303) written
 * for the Portable Switch Architecture.
 *
 * IPv4 traffic arriving on one port is forwarded to the other. The `esp_policy` table of ingress
 * decides, per packet, whether it is encapsulated (with which security association),
 * decapsulated, or forwarded unchanged; its key has a flow number (the low byte of the IPv4
 * destination) so a share of the traffic can be picked by a range entry. The ingress parser only
 * looks at the IPv4 header (lookahead): the whole IPv4 packet stays payload, which is what ESP
 * encrypts. The encapsulation and decapsulation are p4ts extern sites: in the async modes the
 * packet waits for the co-processor while others are served.
 *
 * PSA adds what v1model does not have: ingress tells egress what it did through `normal_meta`
 * (the bridged metadata), and egress counts the packets of each kind per port with an indexed
 * `Counter`; a packet ingress does not direct is dropped (PSA's `ostd.drop` starts true).
 */
#include <core.p4>
#include <psa.p4>
#include <p4ts.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  diffserv;
    bit<16> total_len;
    bit<16> identification;
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> hdr_checksum;
    bit<32> src_addr;
    bit<32> dst_addr;
}

struct headers_t {
    ethernet_h ethernet;
}

struct gateway_meta_t {
    bool    is_ipv4;
    bit<8>  protocol;
    bit<8>  flow;
}

/** What ingress did to the packet, for egress: 0 forwarded, 1 encapsulated, 2 decapsulated. */
struct bridge_t {
    bit<8> kind;
}

struct empty_t { }

const bit<16> ETHERTYPE_IPV4 = 0x0800;

parser GatewayIngressParser(packet_in pkt, out headers_t hdr, inout gateway_meta_t meta,
                            in psa_ingress_parser_input_metadata_t istd,
                            in empty_t resubmit_meta, in empty_t recirculate_meta) {
    state start {
        meta.is_ipv4 = false;
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: classify_ipv4;
            default: accept;
        }
    }

    state classify_ipv4 {
        ipv4_h ip = pkt.lookahead<ipv4_h>();
        meta.is_ipv4 = true;
        meta.protocol = ip.protocol;
        meta.flow = ip.dst_addr[7:0];
        transition accept;
    }
}

control GatewayIngress(inout headers_t hdr, inout gateway_meta_t meta,
                       in psa_ingress_input_metadata_t istd,
                       inout psa_ingress_output_metadata_t ostd) {
    bit<8> kind = 0;

    action encapsulate(bit<32> sa, PortId_t port) {
        esp_encapsulate(sa);
        send_to_port(ostd, port);
        kind = 1;
    }

    action decapsulate(PortId_t port) {
        esp_decapsulate();
        send_to_port(ostd, port);
        kind = 2;
    }

    action forward(PortId_t port) {
        send_to_port(ostd, port);
        kind = 0;
    }

    action drop() {
        ingress_drop(ostd);
    }

    table esp_policy {
        key = {
            istd.ingress_port : ternary;
            meta.protocol     : ternary;
            meta.flow         : range;
        }
        actions = { encapsulate; decapsulate; forward; drop; }
        default_action = drop();
        size = 1024;
    }

    apply {
        if (meta.is_ipv4) {
            esp_policy.apply();
        }
        // the kind of packet, for the egress counters (through normal_meta)
        meta.protocol = kind;
    }
}

control GatewayIngressDeparser(packet_out pkt, out empty_t clone_i2e_meta, out empty_t resubmit_meta,
                               out bridge_t normal_meta, inout headers_t hdr, in gateway_meta_t meta,
                               in psa_ingress_output_metadata_t istd) {
    apply {
        if (psa_normal(istd)) {
            normal_meta.kind = meta.protocol;
        }
        pkt.emit(hdr.ethernet);
    }
}

parser GatewayEgressParser(packet_in pkt, out headers_t hdr, inout bridge_t meta,
                           in psa_egress_parser_input_metadata_t istd,
                           in bridge_t normal_meta, in empty_t clone_i2e_meta, in empty_t clone_e2e_meta) {
    state start {
        meta = normal_meta;
        transition accept;
    }
}

control GatewayEgress(inout headers_t hdr, inout bridge_t meta,
                      in psa_egress_input_metadata_t istd,
                      inout psa_egress_output_metadata_t ostd) {
    // packets sent per port (0..63) and kind: index port * 4 + kind
    Counter<bit<32>, bit<8>>(256, PSA_CounterType_t.PACKETS_AND_BYTES) sent;

    apply {
        sent.count(((PortIdUint_t) istd.egress_port)[5:0] ++ meta.kind[1:0]);
    }
}

control GatewayEgressDeparser(packet_out pkt, out empty_t clone_e2e_meta, out empty_t recirculate_meta,
                              inout headers_t hdr, in bridge_t meta,
                              in psa_egress_output_metadata_t istd,
                              in psa_egress_deparser_input_metadata_t edstd) {
    apply { }
}

IngressPipeline(GatewayIngressParser(), GatewayIngress(), GatewayIngressDeparser()) ip;
EgressPipeline(GatewayEgressParser(), GatewayEgress(), GatewayEgressDeparser()) ep;
PSA_Switch(ip, PacketReplicationEngine(), ep, BufferingQueueingEngine()) main;
