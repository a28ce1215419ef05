#include <core.p4>
// Entries without a priority count down from the previous one by priority_delta: 3, 1, then -1.
control c(in bit<8> k) {
    table t {
        key = { k : ternary; }
        actions = { NoAction; }
        priority_delta = 2;
        entries = {
            priority = 3 : 8w1 &&& 8w0xF : NoAction();
            8w2 &&& 8w0xF : NoAction();
            8w3 &&& 8w0xF : NoAction();
        }
    }
    apply { t.apply(); }
}
