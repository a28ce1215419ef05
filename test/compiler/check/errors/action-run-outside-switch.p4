#include <core.p4>
control c(inout bit<8> x) {
    action one() { x = 1; }
    table t {
        key = { x: exact; }
        actions = { one; }
    }
    apply {
        if (t.apply().action_run == t.apply().action_run) { }
    }
}
