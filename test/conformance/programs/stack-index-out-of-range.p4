// A header-stack index known only at run time may be out of range: the read gives an invalid
// element (fields read as 0 here), a write changes nothing, and nothing crashes. Byte 0 is the
// index; two 1-byte elements follow; byte 3 receives what was read (+1 if it was valid).
#include <core.p4>
#include <v1model.p4>

header i_t { bit<8> index; }
header e_t { bit<8> v; }
header r_t { bit<8> got; }
struct headers_t { i_t i; e_t[2] s; r_t r; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.i); pkt.extract(hdr.s[0]); pkt.extract(hdr.s[1]); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action bump(inout bit<8> x) { x = x + 0x10; }
    apply {
        hdr.r.setValid();
        hdr.r.got = 0;
        bit<8> seen = hdr.s[hdr.i.index].v;
        if (hdr.s[hdr.i.index].isValid()) { hdr.r.got = seen + 1; }
        bump(hdr.s[hdr.i.index].v);
        hdr.s[hdr.i.index].setInvalid();
        hdr.s[hdr.i.index].setValid();
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
