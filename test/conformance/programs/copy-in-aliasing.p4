// An `in` header argument is a copy taken at the call: the callee writing the header it came
// from (through the enclosing control's parameter, or through an inout argument of the same
// call) does not change what it reads from the parameter.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; bit<8> d; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control Sub(in h_t src, inout h_t dst) {
    apply {
        dst.c = 0x77;
        dst.d = src.c;
    }
}

control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    Sub() sub;
    action through_outer(in h_t v) {
        hdr.h.a = 0x55;
        hdr.h.b = v.a;
    }
    apply {
        through_outer(hdr.h);
        sub.apply(hdr.h, hdr.h);
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
