// The PSA include as DPDK programs name it (`#include <dpdk/psa.p4>`): the declarations of
// psa.p4 plus DPDK's extra forms of Counter.count and Meter.execute that take the packet
// length to count or measure.
#define __PSA_DPDK_EXTENSIONS__
#include "../psa.p4"
