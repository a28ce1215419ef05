#include <core.p4>
// `@name(".set")` gives both actions the absolute control-plane name `.set`.
action set_top() { }
control c(inout bit<8> x) {
    @name(".set") action set_one() { x = 1; }
    @name(".set") action set_two() { x = 2; }
    @name("keep") action keep() { }
    table t {
        key = { x: exact; }
        actions = { set_one; set_two; keep; }
    }
    apply { t.apply(); }
}
