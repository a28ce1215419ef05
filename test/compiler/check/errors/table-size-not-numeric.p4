#include <core.p4>
control c(in bit<8> k) {
    table t {
        key = { k : exact; }
        actions = { NoAction; }
        size = false;
    }
    apply { t.apply(); }
}
