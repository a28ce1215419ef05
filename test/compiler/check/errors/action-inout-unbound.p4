#include <core.p4>
control c(inout bit<8> x) {
    action add(inout bit<8> acc) { acc = acc + 1; }
    table t {
        key = { x: exact; }
        actions = { add; }
    }
    apply { t.apply(); }
}
