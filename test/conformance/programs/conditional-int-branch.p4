// In `c ? 2 : 3w1` the untyped integer takes the other branch's type: the conditional is a
// bit<3>, so negating it wraps at 3 bits before the widening cast.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> sel; bit<8> r; bit<8> s; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        hdr.h.r = (bit<8>)-((hdr.h.sel == 1) ? 2 : 3w1);
        hdr.h.s = (bit<8>)((hdr.h.sel == 1) ? 4w9 : 20);
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
