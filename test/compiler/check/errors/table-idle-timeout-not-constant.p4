#include <core.p4>
enum PSA_IdleTimeout_t { NO_TIMEOUT, NOTIFY_CONTROL }
enum Other_t { NOTIFY_CONTROL }
control c(in bit<8> k) {
    table v1 {
        key = { k : exact; }
        actions = { NoAction; }
        support_timeout = 1;
    }
    table psa_int {
        key = { k : exact; }
        actions = { NoAction; }
        psa_idle_timeout = 1;
    }
    table psa_other_enum {
        key = { k : exact; }
        actions = { NoAction; }
        psa_idle_timeout = Other_t.NOTIFY_CONTROL;
    }
    table fine {
        key = { k : exact; }
        actions = { NoAction; }
        psa_idle_timeout = PSA_IdleTimeout_t.NOTIFY_CONTROL;
        support_timeout = false;
    }
    apply { v1.apply(); psa_int.apply(); psa_other_enum.apply(); fine.apply(); }
}
