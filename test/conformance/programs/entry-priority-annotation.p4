// bmv2's @priority(N) on const entries: a smaller number wins, and an entry without the
// annotation at (0-based) position i has priority i + 1. Byte 0 is the key; the winning entry's
// argument goes out as the egress port.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> tag; }
struct headers_t { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action to(bit<9> port) { sm.egress_spec = port; hdr.h.tag = (bit<8>)port; }
    table t {
        key = { hdr.h.k : ternary; }
        actions = { to; }
        const entries = {
            0x01 &&& 0x0F : to(1) @priority(5);   // low nibble 1
            0x10 &&& 0xF0 : to(2);                // high nibble 1: priority 2
            0x11 &&& 0xFF : to(3) @priority(1);   // exactly 0x11: beats both
            0x00 &&& 0x00 : to(4) @priority(9);   // anything: last resort
        }
        default_action = to(7);
    }
    apply { t.apply(); }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
