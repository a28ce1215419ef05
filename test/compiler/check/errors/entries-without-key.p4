#include <core.p4>
control c() {
    action nop() {}
    table keyless {
        actions = { nop; }
        const entries = {
            _: nop();
        }
    }
    apply { keyless.apply(); }
}
