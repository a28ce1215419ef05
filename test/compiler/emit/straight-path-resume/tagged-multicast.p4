/*
 * A test program for the straight path's resume functions (longjump): extern sites in ingress
 * and in egress with locals live across them, multicast copies that park in egress, and headers
 * the program never changes (the deparser writes them only if they moved), one of them optional
 * so that the headers' positions differ from packet to packet.
 */
#include <core.p4>
#include <v1model.p4>
#include <p4ts.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header tag_h {
    bit<8>  kind;
    bit<8>  port;
    bit<16> ether_type;
}

struct headers_t {
    ethernet_h ethernet;
    tag_h      tag;
}

struct meta_t {
    bit<8> kind;
}

parser TagParser(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x88b5: parse_tag;
            default: accept;
        }
    }
    state parse_tag {
        pkt.extract(hdr.tag);
        meta.kind = hdr.tag.kind;
        transition accept;
    }
}

control TagVerifyChecksum(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control TagIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        bit<9> port = (bit<9>) hdr.ethernet.dst[3:0];
        if (meta.kind == 1) {
            sm.mcast_grp = 1;
        } else if (meta.kind == 2) {
            mark_to_drop(sm);
        } else {
            burn(1);
            if (port == 7) {
                mark_to_drop(sm);
            } else {
                sm.egress_spec = port;
            }
        }
    }
}

control TagEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        bit<16> rid = sm.egress_rid;
        if (rid != 0) {
            burn(1);
            if (rid == 3) {
                mark_to_drop(sm);
            }
        }
    }
}

control TagComputeChecksum(inout headers_t hdr, inout meta_t meta) {
    apply { }
}

control TagDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.tag);
    }
}

V1Switch(TagParser(), TagVerifyChecksum(), TagIngress(), TagEgress(), TagComputeChecksum(), TagDeparser()) main;
