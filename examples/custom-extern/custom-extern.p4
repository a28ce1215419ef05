/*
 * custom-extern: the paper's "other external functions" case (Section IV.C). A task of a
 * given cost stands for any function a co-processor could run: burn(cycles) takes about
 * `cycles` CPU cycles (at a nominal 3 GHz) and leaves the packet unchanged.
 *
 * The `work` table picks, per packet, how many cycles its task costs, from the action's
 * parameter: so the cost (500 to 20,000 cycles in the paper) and the share of packets that
 * get a task (flows 0..19 are 20% of traffic whose IPv4 destinations cycle over 100
 * addresses) are table entries, not program changes. Every packet goes out of the port the
 * entry names; the burn is an extern site.
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
    ipv4_h     ipv4;
}

struct work_meta_t {
    bit<8> flow;
}

parser WorkParser(packet_in pkt, out headers_t hdr, inout work_meta_t meta,
                  inout standard_metadata_t std_meta) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            0x0800: parse_ipv4;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        meta.flow = hdr.ipv4.dst_addr[7:0];
        transition accept;
    }
}

control WorkVerifyChecksum(inout headers_t hdr, inout work_meta_t meta) {
    apply { }
}

control WorkIngress(inout headers_t hdr, inout work_meta_t meta,
                    inout standard_metadata_t std_meta) {
    counter(2, CounterType.packets) work_hits;

    action work(bit<32> cycles, bit<9> port) {
        work_hits.count(0);
        burn(cycles);
        std_meta.egress_spec = port;
    }

    action forward(bit<9> port) {
        work_hits.count(1);
        std_meta.egress_spec = port;
    }

    action drop() {
        mark_to_drop(std_meta);
    }

    table work_policy {
        key = {
            std_meta.ingress_port : exact;
            meta.flow             : range;
        }
        actions = { work; forward; drop; }
        default_action = drop();
        size = 64;
    }

    apply {
        if (!hdr.ipv4.isValid()) {
            drop();
            return;
        }
        work_policy.apply();
    }
}

control WorkEgress(inout headers_t hdr, inout work_meta_t meta,
                   inout standard_metadata_t std_meta) {
    apply { }
}

control WorkComputeChecksum(inout headers_t hdr, inout work_meta_t meta) {
    apply { }
}

control WorkDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
        pkt.emit(hdr.ipv4);
    }
}

V1Switch(WorkParser(), WorkVerifyChecksum(), WorkIngress(), WorkEgress(),
         WorkComputeChecksum(), WorkDeparser()) main;
