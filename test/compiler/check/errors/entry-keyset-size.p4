#include <core.p4>
control c(inout bit<8> x, in bit<8> y) {
    action nop() {}
    table t {
        key = { x: exact; y: exact; }
        actions = { nop; }
        const entries = {
            (1, 2, 3): nop();
        }
    }
    apply { t.apply(); }
}
