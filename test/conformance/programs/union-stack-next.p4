// Extracting into `stack.next.member` of a stack of header unions moves `next` on, and
// extracting one member of a union invalidates the others. Byte 0 selects what is parsed;
// ingress stamps each valid member with its size so the output shows which are valid.
#include <core.p4>
#include <v1model.p4>

header sel_t { bit<8> t; }
header one_t { bit<8> v; }
header two_t { bit<16> v; }
header_union u_t { one_t one; two_t two; }
struct headers_t { sel_t sel; u_t[2] u; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.sel);
        transition select(hdr.sel.t) {
            1: one_two;
            2: replace;
            default: accept;
        }
    }
    state one_two { pkt.extract(hdr.u.next.one); pkt.extract(hdr.u.next.two); transition accept; }
    state replace { pkt.extract(hdr.u[0].one); pkt.extract(hdr.u[0].two); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (hdr.u[0].one.isValid()) { hdr.u[0].one.v = 0x11; }
        if (hdr.u[0].two.isValid()) { hdr.u[0].two.v = 0x2222; }
        if (hdr.u[1].one.isValid()) { hdr.u[1].one.v = 0x11; }
        if (hdr.u[1].two.isValid()) { hdr.u[1].two.v = 0x2222; }
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
