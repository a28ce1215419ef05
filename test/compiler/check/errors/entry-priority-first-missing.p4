#include <core.p4>
// Once an entry gives a priority, the first entry must give one too.
control c(in bit<8> k) {
    table t {
        key = { k : ternary; }
        actions = { NoAction; }
        entries = {
            8w1 &&& 8w0xF : NoAction();
            priority = 5 : 8w2 &&& 8w0xF : NoAction();
        }
    }
    apply { t.apply(); }
}
