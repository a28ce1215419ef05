// Operands are evaluated left to right: in `x + f(x)` with f changing x through an inout
// parameter, the left `x` is the value from before the call. A stack indexed by a call is a
// location, not a value: `st[f(i)].v = ...` writes the stack itself.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> x; bit<8> sum; bit<8> cat; }
header e_t { bit<8> v; }
struct headers_t { h_t h; e_t[2] st; }
struct meta_t { }

bit<8> bump(inout bit<8> v) {
    v = v + 0x10;
    return 1;
}

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); pkt.extract(hdr.st[0]); pkt.extract(hdr.st[1]); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        bit<8> x = hdr.h.x;
        hdr.h.sum = x + bump(x);
        hdr.h.cat = x[7:4] ++ bump(x)[3:0];
        hdr.h.x = x;
        hdr.st[bump(hdr.st[0].v)].v = hdr.st[1].v + 1;
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
