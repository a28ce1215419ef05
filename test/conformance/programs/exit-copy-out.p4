// `exit` still copies out the `out`/`inout` parameters of the actions and controls it leaves,
// innermost first. Byte 0 selects the path; bytes 1..3 receive what was copied out.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> sel; bit<8> a; bit<8> b; bit<8> c; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control Inner(out bit<8> x, inout bit<8> y) {
    action leave(inout bit<8> z) { z = z + 1; exit; }
    apply {
        x = 0x33;
        y = 0x44;
        leave(y);
    }
}

control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    Inner() inner;
    action set_and_leave(inout bit<8> v, out bit<8> w) {
        v = 0x11;
        w = 0x22;
        exit;
    }
    apply {
        sm.egress_spec = 1;
        if (hdr.h.sel == 1) {
            set_and_leave(hdr.h.a, hdr.h.b);
        } else if (hdr.h.sel == 2) {
            inner.apply(hdr.h.b, hdr.h.c);
        }
        hdr.h.a = 0xff;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
