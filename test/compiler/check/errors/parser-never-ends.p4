#include <core.p4>
// Every path from start loops among a and b: the parser can never accept or reject.
parser p(packet_in pkt) {
    state start {
        transition a;
    }
    state a {
        transition b;
    }
    state b {
        transition select(pkt.lookahead<bit<1>>()) {
            0: a;
            default: b;
        }
    }
}
