#include <core.p4>
control c(inout bit<8> x) {
    action bump() { x = x + 1; }
    table t {
        key = { x: exact; }
        actions = { bump; }
        default_action = NoAction();
    }
    apply { t.apply(); }
}
