#include <core.p4>
parser p(packet_in pkt, out bit<32> word) {
    state start {
        pkt.extract(word);
        transition accept;
    }
}
