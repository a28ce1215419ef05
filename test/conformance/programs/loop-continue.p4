// for-loops: `continue` leaves the body but still runs the update statement; `break` leaves
// the loop. Byte 0 is n; byte 1 gets the number of odd i in 0..n-1 (continue on even i),
// byte 2 the first i whose square exceeds n (break), byte 3 the number of iterations run.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> n; bit<8> odd; bit<8> root; bit<8> iterations; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        hdr.h.odd = 0;
        hdr.h.iterations = 0;
        for (bit<8> i = 0; i < hdr.h.n; i = i + 1) {
            hdr.h.iterations = hdr.h.iterations + 1;
            if (i[0:0] == 0) {
                continue;
            }
            hdr.h.odd = hdr.h.odd + 1;
        }
        hdr.h.root = 0;
        for (bit<8> j = 1; j < 16; j = j + 1) {
            if (j * j > hdr.h.n) {
                hdr.h.root = j;
                break;
            }
        }
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
