#include <core.p4>
// An lpm key's mask must be a prefix mask: 0xF0 is /4, 0xE1 is not a prefix.
control c(inout bit<8> x) {
    action set(bit<8> v) { x = v; }
    table t {
        key = { x: lpm; }
        actions = { set; }
        const entries = {
            0x10 &&& 0xF0 : set(1);
            0x11 &&& 0xE1 : set(2);
        }
    }
    apply { t.apply(); }
}
