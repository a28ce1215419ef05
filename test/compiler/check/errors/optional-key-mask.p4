#include <core.p4>
match_kind { optional }
// An optional key matches one value or anything: a mask means nothing there.
control c(in bit<8> k) {
    table t {
        key = { k : optional; }
        actions = { NoAction; }
        entries = {
            8w1 : NoAction();
            _ : NoAction();
            8w2 &&& 8w0xF0 : NoAction();
        }
    }
    apply { t.apply(); }
}
