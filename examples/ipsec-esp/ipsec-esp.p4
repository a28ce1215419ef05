/*
 * ipsec-esp: an IPsec VPN gateway in ESP tunnel mode (RFC 4303), the paper's main use case.
 *
 * IPv4 traffic arriving on one port is forwarded to the other. The `esp_policy` table decides,
 * per packet, whether it is encapsulated (with which security association), decapsulated, or
 * forwarded unchanged. Its key includes a flow number (the low byte of the IPv4 destination),
 * so a share of the traffic can be picked by a range entry: flows 0..49 are 50% of traffic
 * whose destinations cycle over 100 addresses.
 *
 * The parser only looks at the IPv4 header (lookahead) and does not extract it: the whole IPv4
 * packet stays payload, which is what ESP encrypts. The encapsulation and decapsulation are
 * p4ts extern sites: in the async modes the packet waits for the co-processor while others
 * are served.
 */
#include <core.p4>
#include <v1model.p4>
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
    bit<32> dst_addr;
}

const bit<16> ETHERTYPE_IPV4 = 0x0800;

parser GatewayParser(packet_in pkt, out headers_t hdr, inout gateway_meta_t meta,
                     inout standard_metadata_t std_meta) {
    state start {
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
        meta.dst_addr = ip.dst_addr;
        meta.flow = ip.dst_addr[7:0];
        transition accept;
    }
}

control GatewayVerifyChecksum(inout headers_t hdr, inout gateway_meta_t meta) {
    apply { }
}

control GatewayIngress(inout headers_t hdr, inout gateway_meta_t meta,
                       inout standard_metadata_t std_meta) {
    counter(4, CounterType.packets) policy_hits;

    action encapsulate(bit<32> sa, bit<9> port) {
        policy_hits.count(0);
        esp_encapsulate(sa);
        std_meta.egress_spec = port;
    }

    action decapsulate(bit<9> port) {
        policy_hits.count(1);
        esp_decapsulate();
        std_meta.egress_spec = port;
    }

    action forward(bit<9> port) {
        policy_hits.count(2);
        std_meta.egress_spec = port;
    }

    action drop() {
        mark_to_drop(std_meta);
    }

    table esp_policy {
        key = {
            std_meta.ingress_port : ternary;
            meta.protocol         : ternary;
            meta.flow             : range;
        }
        actions = { encapsulate; decapsulate; forward; drop; }
        default_action = drop();
        size = 1024;
    }

    apply {
        if (!meta.is_ipv4) {
            drop();
            return;
        }
        esp_policy.apply();
    }
}

control GatewayEgress(inout headers_t hdr, inout gateway_meta_t meta,
                      inout standard_metadata_t std_meta) {
    apply { }
}

control GatewayComputeChecksum(inout headers_t hdr, inout gateway_meta_t meta) {
    apply { }
}

control GatewayDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
    }
}

V1Switch(GatewayParser(), GatewayVerifyChecksum(), GatewayIngress(), GatewayEgress(),
         GatewayComputeChecksum(), GatewayDeparser()) main;
