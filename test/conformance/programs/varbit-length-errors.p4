// extract(h, bits) with a varbit field: a length that is not whole bytes is
// error.ParserInvalidArgument; a length past the field's maximum is error.HeaderTooShort.
// Ingress writes the error it sees into the first byte.
#include <core.p4>
#include <v1model.p4>

header len_t { bit<8> code; bit<8> bits; }
header opt_t { varbit<16> data; }
struct headers_t { len_t len; opt_t opt; }
struct meta_t { }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.len);
        pkt.extract(hdr.opt, (bit<32>)hdr.len.bits);
        transition accept;
    }
}
control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }
control MyIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        if (sm.parser_error == error.NoError) { hdr.len.code = 0; }
        else if (sm.parser_error == error.ParserInvalidArgument) { hdr.len.code = 1; }
        else if (sm.parser_error == error.HeaderTooShort) { hdr.len.code = 2; }
        else if (sm.parser_error == error.PacketTooShort) { hdr.len.code = 3; }
        else { hdr.len.code = 9; }
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }
control Deparse(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }

V1Switch(P(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), Deparse()) main;
