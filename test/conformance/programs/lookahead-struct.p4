// lookahead<S>() of a struct reads its fields in order from the packet without consuming
// anything (a signed field sign-extends); the header extracted next starts at the same place.
#include <core.p4>
#include <v1model.p4>

struct peek_t { bit<4> hi; int<4> lo; bit<8> next; }
header h_t { bit<8> a; bit<8> b; bit<8> hi; bit<8> lo; }
struct headers_t { h_t h; }
struct meta_t { peek_t p; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        meta.p = pkt.lookahead<peek_t>();
        pkt.extract(hdr.h);
        transition accept;
    }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        hdr.h.hi = (bit<8>)meta.p.hi;
        hdr.h.lo = (bit<8>)(int<8>)meta.p.lo;
        hdr.h.b = hdr.h.b + meta.p.next;
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
