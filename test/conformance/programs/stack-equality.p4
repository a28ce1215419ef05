// `==` on header stacks compares the elements only: a stack filled by the parser (nextIndex 2)
// equals a local stack given the same elements by assignment (nextIndex 0).
#include <core.p4>
#include <v1model.p4>

header e_t { bit<8> v; }
header r_t { bit<8> same; }
struct headers_t { e_t[2] a; r_t r; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.a.next); pkt.extract(hdr.a.next); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        e_t[2] copy;
        copy[0] = hdr.a[0];
        copy[1] = hdr.a[1];
        e_t[2] other;
        other[0] = hdr.a[1];
        other[1] = hdr.a[0];
        hdr.r.setValid();
        hdr.r.same = 0;
        if (copy == hdr.a) { hdr.r.same = hdr.r.same | 1; }
        if (other == hdr.a) { hdr.r.same = hdr.r.same | 2; }
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
