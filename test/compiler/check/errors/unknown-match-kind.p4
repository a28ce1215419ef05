#include <core.p4>
control c(in bit<8> k) {
    table t {
        key = { k: fuzzy; }
        actions = { NoAction; }
    }
    apply { t.apply(); }
}
