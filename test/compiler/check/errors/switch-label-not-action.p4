#include <core.p4>
control c(inout bit<8> x) {
    action one() { x = 1; }
    action two() { x = 2; }
    table t {
        key = { x: exact; }
        actions = { one; }
    }
    apply {
        switch (t.apply().action_run) {
            one: { }
            two: { }
        }
    }
}
