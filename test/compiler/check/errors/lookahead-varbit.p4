#include <core.p4>
// lookahead copies a fixed number of bits; a header with a varbit field has no fixed size.
header Option { bit<8> kind; varbit<64> data; }
parser p(packet_in pkt, out Option o) {
    state start {
        o = pkt.lookahead<Option>();
        transition accept;
    }
}
