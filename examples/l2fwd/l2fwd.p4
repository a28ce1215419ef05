/*
 * l2fwd: the paper's baseline program. Forwards Ethernet frames by destination MAC address
 * through an exact-match table; frames to unknown addresses are flooded to multicast group 1,
 * or dropped when the table says so.
 */
#include <core.p4>
#include <v1model.p4>

typedef bit<48> mac_addr_t;
typedef bit<9>  port_t;

header ethernet_h {
    mac_addr_t dst;
    mac_addr_t src;
    bit<16>    ether_type;
}

struct headers_t {
    ethernet_h ethernet;
}

struct local_meta_t { }

parser L2Parser(packet_in pkt, out headers_t hdr, inout local_meta_t meta,
                inout standard_metadata_t std_meta) {
    state start {
        pkt.extract(hdr.ethernet);
        transition accept;
    }
}

control L2VerifyChecksum(inout headers_t hdr, inout local_meta_t meta) {
    apply { }
}

control L2Ingress(inout headers_t hdr, inout local_meta_t meta,
                  inout standard_metadata_t std_meta) {
    action forward(port_t port) {
        std_meta.egress_spec = port;
    }

    action flood() {
        std_meta.mcast_grp = 1;
    }

    action drop() {
        mark_to_drop(std_meta);
    }

    table mac_table {
        key = { hdr.ethernet.dst : exact; }
        actions = { forward; flood; drop; }
        default_action = flood();
        size = 4096;
    }

    apply {
        mac_table.apply();
    }
}

control L2Egress(inout headers_t hdr, inout local_meta_t meta,
                 inout standard_metadata_t std_meta) {
    apply {
        // Never send a flooded frame back out of the port it came in on.
        if (std_meta.mcast_grp != 0 && std_meta.egress_port == std_meta.ingress_port) {
            mark_to_drop(std_meta);
        }
    }
}

control L2ComputeChecksum(inout headers_t hdr, inout local_meta_t meta) {
    apply { }
}

control L2Deparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
    }
}

V1Switch(L2Parser(), L2VerifyChecksum(), L2Ingress(), L2Egress(),
         L2ComputeChecksum(), L2Deparser()) main;
