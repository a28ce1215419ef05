// The PSA include as BMv2 programs name it (`#include <bmv2/psa.p4>`): the same declarations
// as psa.p4, whose widths are already those of BMv2's psa_switch.
#include "../psa.p4"
