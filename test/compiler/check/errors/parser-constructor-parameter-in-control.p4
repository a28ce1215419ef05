#include <core.p4>
// A control cannot take a parser as a constructor argument: that would instantiate it in the control.
parser inner_p(packet_in pkt);
control c(packet_in pkt)(inner_p sub) {
    apply { }
}
