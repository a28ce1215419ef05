// p4ts model of the Portable Switch Architecture (PSA), version 1.2 of the P4.org specification.
// Written for p4ts; declaration-compatible with the specification's psa.p4, so that programs
// written for PSA compile unchanged. The widths of the target-specific types are those of the
// BMv2 psa_switch target (docs/psa.md says what p4ts does with each of them).
//
// The p4ts runtime relies on the widths below: a program that redefines them is rejected.

#ifndef __PSA_P4__
#define __PSA_P4__

#include "core.p4"

// ---------------------------------------------------------------------------------------------
// Data-plane types
// ---------------------------------------------------------------------------------------------

// Plain bit<W> names: arithmetic works on these directly. Each has the width of the `type` of
// the same name without "Uint" below.
typedef bit<32> PortIdUint_t;
typedef bit<32> MulticastGroupUint_t;
typedef bit<16> CloneSessionIdUint_t;
typedef bit<8>  ClassOfServiceUint_t;
typedef bit<16> PacketLengthUint_t;
typedef bit<16> EgressInstanceUint_t;
typedef bit<64> TimestampUint_t;      // microseconds since the switch started

// New types: the control-plane API sees values of these types as such (and may translate
// them); a program casts to the Uint type above to compute with them.
@p4runtime_translation("p4.org/psa/v1/PortId_t", 32)
type PortIdUint_t         PortId_t;
@p4runtime_translation("p4.org/psa/v1/MulticastGroup_t", 32)
type MulticastGroupUint_t MulticastGroup_t;
@p4runtime_translation("p4.org/psa/v1/CloneSessionId_t", 16)
type CloneSessionIdUint_t CloneSessionId_t;
@p4runtime_translation("p4.org/psa/v1/ClassOfService_t", 8)
type ClassOfServiceUint_t ClassOfService_t;
@p4runtime_translation("p4.org/psa/v1/PacketLength_t", 16)
type PacketLengthUint_t   PacketLength_t;
@p4runtime_translation("p4.org/psa/v1/EgressInstance_t", 16)
type EgressInstanceUint_t EgressInstance_t;
@p4runtime_translation("p4.org/psa/v1/Timestamp_t", 64)
type TimestampUint_t      Timestamp_t;
typedef error ParserError_t;

// The two special ports: packets sent to PSA_PORT_RECIRCULATE go back to the ingress parser
// after egress; PSA_PORT_CPU is the port to and from the control plane.
const PortId_t PSA_PORT_RECIRCULATE = (PortId_t) 0xfffffffa;
const PortId_t PSA_PORT_CPU = (PortId_t) 0xfffffffd;

// A clone session that exists from the start: one copy to PSA_PORT_CPU, instance 0.
const CloneSessionId_t PSA_CLONE_SESSION_TO_CPU = (CloneSessionId_t) 0;

// ---------------------------------------------------------------------------------------------
// Types for values carried in packet headers (to and from the CPU, between devices). Their
// widths are whole bytes and the same on every PSA target.
// ---------------------------------------------------------------------------------------------

typedef bit<32> PortIdInHeaderUint_t;
typedef bit<32> MulticastGroupInHeaderUint_t;
typedef bit<16> CloneSessionIdInHeaderUint_t;
typedef bit<8>  ClassOfServiceInHeaderUint_t;
typedef bit<16> PacketLengthInHeaderUint_t;
typedef bit<16> EgressInstanceInHeaderUint_t;
typedef bit<64> TimestampInHeaderUint_t;

@p4runtime_translation("p4.org/psa/v1/PortIdInHeader_t", 32)
type PortIdInHeaderUint_t         PortIdInHeader_t;
@p4runtime_translation("p4.org/psa/v1/MulticastGroupInHeader_t", 32)
type MulticastGroupInHeaderUint_t MulticastGroupInHeader_t;
@p4runtime_translation("p4.org/psa/v1/CloneSessionIdInHeader_t", 16)
type CloneSessionIdInHeaderUint_t CloneSessionIdInHeader_t;
@p4runtime_translation("p4.org/psa/v1/ClassOfServiceInHeader_t", 8)
type ClassOfServiceInHeaderUint_t ClassOfServiceInHeader_t;
@p4runtime_translation("p4.org/psa/v1/PacketLengthInHeader_t", 16)
type PacketLengthInHeaderUint_t   PacketLengthInHeader_t;
@p4runtime_translation("p4.org/psa/v1/EgressInstanceInHeader_t", 16)
type EgressInstanceInHeaderUint_t EgressInstanceInHeader_t;
@p4runtime_translation("p4.org/psa/v1/TimestampInHeader_t", 64)
type TimestampInHeaderUint_t      TimestampInHeader_t;

// Conversions between a data-plane value and its in-header form: through the two Uint types,
// zero-extending or dropping the high bits as the widths require.
PortId_t psa_PortId_header_to_int(in PortIdInHeader_t x) {
    return (PortId_t) (PortIdUint_t) (PortIdInHeaderUint_t) x;
}
MulticastGroup_t psa_MulticastGroup_header_to_int(in MulticastGroupInHeader_t x) {
    return (MulticastGroup_t) (MulticastGroupUint_t) (MulticastGroupInHeaderUint_t) x;
}
CloneSessionId_t psa_CloneSessionId_header_to_int(in CloneSessionIdInHeader_t x) {
    return (CloneSessionId_t) (CloneSessionIdUint_t) (CloneSessionIdInHeaderUint_t) x;
}
ClassOfService_t psa_ClassOfService_header_to_int(in ClassOfServiceInHeader_t x) {
    return (ClassOfService_t) (ClassOfServiceUint_t) (ClassOfServiceInHeaderUint_t) x;
}
PacketLength_t psa_PacketLength_header_to_int(in PacketLengthInHeader_t x) {
    return (PacketLength_t) (PacketLengthUint_t) (PacketLengthInHeaderUint_t) x;
}
EgressInstance_t psa_EgressInstance_header_to_int(in EgressInstanceInHeader_t x) {
    return (EgressInstance_t) (EgressInstanceUint_t) (EgressInstanceInHeaderUint_t) x;
}
Timestamp_t psa_Timestamp_header_to_int(in TimestampInHeader_t x) {
    return (Timestamp_t) (TimestampUint_t) (TimestampInHeaderUint_t) x;
}

PortIdInHeader_t psa_PortId_int_to_header(in PortId_t x) {
    return (PortIdInHeader_t) (PortIdInHeaderUint_t) (PortIdUint_t) x;
}
MulticastGroupInHeader_t psa_MulticastGroup_int_to_header(in MulticastGroup_t x) {
    return (MulticastGroupInHeader_t) (MulticastGroupInHeaderUint_t) (MulticastGroupUint_t) x;
}
CloneSessionIdInHeader_t psa_CloneSessionId_int_to_header(in CloneSessionId_t x) {
    return (CloneSessionIdInHeader_t) (CloneSessionIdInHeaderUint_t) (CloneSessionIdUint_t) x;
}
ClassOfServiceInHeader_t psa_ClassOfService_int_to_header(in ClassOfService_t x) {
    return (ClassOfServiceInHeader_t) (ClassOfServiceInHeaderUint_t) (ClassOfServiceUint_t) x;
}
PacketLengthInHeader_t psa_PacketLength_int_to_header(in PacketLength_t x) {
    return (PacketLengthInHeader_t) (PacketLengthInHeaderUint_t) (PacketLengthUint_t) x;
}
EgressInstanceInHeader_t psa_EgressInstance_int_to_header(in EgressInstance_t x) {
    return (EgressInstanceInHeader_t) (EgressInstanceInHeaderUint_t) (EgressInstanceUint_t) x;
}
TimestampInHeader_t psa_Timestamp_int_to_header(in Timestamp_t x) {
    return (TimestampInHeader_t) (TimestampInHeaderUint_t) (TimestampUint_t) x;
}

// Whether a table keeps an idle time per entry (table property psa_idle_timeout).
enum PSA_IdleTimeout_t {
    NO_TIMEOUT,
    NOTIFY_CONTROL
}

// ---------------------------------------------------------------------------------------------
// Metadata the architecture gives to and takes from each programmable block
// ---------------------------------------------------------------------------------------------

// How a packet reached the block that sees this value.
enum PSA_PacketPath_t {
    NORMAL,            // ingress: from a port (or the CPU port)
    NORMAL_UNICAST,    // egress: sent by ingress to one port
    NORMAL_MULTICAST,  // egress: one copy of a multicast group
    CLONE_I2E,         // egress: a clone made at the end of ingress
    CLONE_E2E,         // egress: a clone made at the end of egress
    RESUBMIT,          // ingress: resubmitted by the end of ingress
    RECIRCULATE        // ingress: recirculated at the end of egress
}

struct psa_ingress_parser_input_metadata_t {
    PortId_t         ingress_port;
    PSA_PacketPath_t packet_path;
}

struct psa_egress_parser_input_metadata_t {
    PortId_t         egress_port;
    PSA_PacketPath_t packet_path;
}

struct psa_ingress_input_metadata_t {
    PortId_t         ingress_port;       // as the ingress parser saw it
    PSA_PacketPath_t packet_path;        // as the ingress parser saw it
    Timestamp_t      ingress_timestamp;  // when this pass began in the ingress parser
    ParserError_t    parser_error;       // error.NoError unless the ingress parser failed
}

// What ingress decides; the values ingress starts with are in the comments.
struct psa_ingress_output_metadata_t {
    ClassOfService_t class_of_service;   // 0
    bool             clone;              // false
    CloneSessionId_t clone_session_id;   // undefined
    bool             drop;               // true: a packet goes nowhere unless ingress says so
    bool             resubmit;           // false
    MulticastGroup_t multicast_group;    // 0 (no multicast)
    PortId_t         egress_port;        // undefined
}

struct psa_egress_input_metadata_t {
    ClassOfService_t class_of_service;
    PortId_t         egress_port;
    PSA_PacketPath_t packet_path;
    EgressInstance_t instance;           // from the replication engine (0 for unicast)
    Timestamp_t      egress_timestamp;   // when this copy began in the egress parser
    ParserError_t    parser_error;       // error.NoError unless the egress parser failed
}

struct psa_egress_deparser_input_metadata_t {
    PortId_t         egress_port;
}

// What egress decides; the values egress starts with are in the comments.
struct psa_egress_output_metadata_t {
    bool             clone;              // false
    CloneSessionId_t clone_session_id;   // undefined
    bool             drop;               // false
}

// Questions a deparser asks about the packet it deparses: whether an ingress-to-egress clone
// is made (clone), whether the packet is resubmitted (!drop && resubmit), whether it goes to
// egress normally (!drop && !resubmit), whether an egress-to-egress clone is made (clone), and
// whether it is recirculated (!drop && egress_port == PSA_PORT_RECIRCULATE). A deparser
// assigns a bridged-metadata out parameter only under the matching question.
@pure
extern bool psa_clone_i2e(in psa_ingress_output_metadata_t istd);
@pure
extern bool psa_resubmit(in psa_ingress_output_metadata_t istd);
@pure
extern bool psa_normal(in psa_ingress_output_metadata_t istd);
@pure
extern bool psa_clone_e2e(in psa_egress_output_metadata_t istd);
@pure
extern bool psa_recirculate(in psa_egress_output_metadata_t istd,
                            in psa_egress_deparser_input_metadata_t edstd);

// A false check stops the packet (p4ts drops it and counts the failure).
extern void assert(in bool check);
// The same as assert when the program runs; a hint for verification tools.
extern void assume(in bool check);

// Match kinds beyond the core ones.
match_kind {
    range,     // the key lies between two bounds (inclusive)
    selector,  // the key feeds the hash of an ActionSelector
    optional   // the key equals the entry's value, or the entry matches any value
}

// ---------------------------------------------------------------------------------------------
// Actions that set the output metadata; nothing happens until the block ends.
// ---------------------------------------------------------------------------------------------

// Unicast to one port (does not change clone or resubmit).
@noWarn("unused")
action send_to_port(inout psa_ingress_output_metadata_t meta, in PortId_t egress_port) {
    meta.drop = false;
    meta.multicast_group = (MulticastGroup_t) 0;
    meta.egress_port = egress_port;
}

// One copy per member of a multicast group (does not change clone or resubmit).
@noWarn("unused")
action multicast(inout psa_ingress_output_metadata_t meta, in MulticastGroup_t multicast_group) {
    meta.drop = false;
    meta.multicast_group = multicast_group;
}

// No normal copy to egress (clones are still made).
@noWarn("unused")
action ingress_drop(inout psa_ingress_output_metadata_t meta) {
    meta.drop = true;
}

// Not transmitted, not recirculated (clones are still made).
@noWarn("unused")
action egress_drop(inout psa_egress_output_metadata_t meta) {
    meta.drop = true;
}

// The fixed-function blocks: configured by the control plane, instantiated once in main.
extern PacketReplicationEngine {
    PacketReplicationEngine();
}

extern BufferingQueueingEngine {
    BufferingQueueingEngine();
}

// ---------------------------------------------------------------------------------------------
// Externs
// ---------------------------------------------------------------------------------------------

enum PSA_HashAlgorithm_t {
    IDENTITY,
    CRC32,
    CRC32_CUSTOM,
    CRC16,
    CRC16_CUSTOM,
    ONES_COMPLEMENT16,  // the 16-bit one's complement sum of IPv4, TCP and UDP
    TARGET_DEFAULT      // p4ts: CRC16, as BMv2
}

extern Hash<O> {
    Hash(PSA_HashAlgorithm_t algo);
    // The hash of data.
    @pure
    O get_hash<D>(in D data);
    // base + (the hash of data) % max.
    @pure
    O get_hash<T, D>(in T base, in D data, in T max);
}

// A checksum with any of the hash algorithms; starts cleared each time its block runs.
extern Checksum<W> {
    Checksum(PSA_HashAlgorithm_t hash);
    void clear();
    void update<T>(in T data);
    @noSideEffects
    W get();
}

// The Internet checksum (RFC 1071), updatable in place (RFC 1624); starts cleared each time
// its block runs. Data added or subtracted is a whole number of 16-bit words.
extern InternetChecksum {
    InternetChecksum();
    void clear();
    void add<T>(in T data);
    void subtract<T>(in T data);
    // The checksum: the one's complement of the sum.
    @noSideEffects
    bit<16> get();
    // The sum itself, to hand to set_state later (of this instance or another one).
    @noSideEffects
    bit<16> get_state();
    void set_state(in bit<16> checksum_state);
}

enum PSA_CounterType_t {
    PACKETS,
    BYTES,
    PACKETS_AND_BYTES
}

// n_counters counters, each W bits wide, addressed by an index of type S.
@noWarn("unused")
extern Counter<W, S> {
    Counter(bit<32> n_counters, PSA_CounterType_t type);
    void count(in S index);
#ifdef __PSA_DPDK_EXTENSIONS__
    // DPDK's form: bytes counted are pkt_len instead of the packet's length.
    void count(in S index, in bit<32> pkt_len);
#endif
}

// One counter per entry of the table naming it in psa_direct_counter; count() is called from
// that table's actions.
@noWarn("unused")
extern DirectCounter<W> {
    DirectCounter(PSA_CounterType_t type);
    void count();
#ifdef __PSA_DPDK_EXTENSIONS__
    void count(in bit<32> pkt_len);
#endif
}

enum PSA_MeterType_t {
    PACKETS,
    BYTES
}

enum PSA_MeterColor_t { RED, GREEN, YELLOW }

// Two-rate three-colour meters (RFC 2698): execute with a colour is colour-aware, without one
// colour-blind.
extern Meter<S> {
    Meter(bit<32> n_meters, PSA_MeterType_t type);
    PSA_MeterColor_t execute(in S index, in PSA_MeterColor_t color);
    PSA_MeterColor_t execute(in S index);
#ifdef __PSA_DPDK_EXTENSIONS__
    // DPDK's forms: a byte meter measures pkt_len instead of the packet's length.
    PSA_MeterColor_t dpdk_execute(in S index, in PSA_MeterColor_t color, in bit<32> pkt_len);
    PSA_MeterColor_t dpdk_execute(in S index, in bit<32> pkt_len);
#endif
}

// One meter per entry of the table naming it in psa_direct_meter.
extern DirectMeter {
    DirectMeter(PSA_MeterType_t type);
    PSA_MeterColor_t execute(in PSA_MeterColor_t color);
    PSA_MeterColor_t execute();
#ifdef __PSA_DPDK_EXTENSIONS__
    PSA_MeterColor_t dpdk_execute(in PSA_MeterColor_t color, in bit<32> pkt_len);
    PSA_MeterColor_t dpdk_execute(in bit<32> pkt_len);
#endif
}

// size values of type T, addressed by an index of type S; 0 or initial_value to start with.
extern Register<T, S> {
    Register(bit<32> size);
    Register(bit<32> size, T initial_value);
    @noSideEffects
    T read(in S index);
    void write(in S index, in T value);
}

// Uniformly distributed values in [min, max].
extern Random<T> {
    Random(T min, T max);
    T read();
}

// Table implementation (psa_implementation): entries refer to members of at most size actions.
extern ActionProfile {
    ActionProfile(bit<32> size);
}

// Table implementation (psa_implementation): entries refer to members or to groups of members;
// a group's member is chosen by hashing the table's selector keys with algo (outputWidth bits).
extern ActionSelector {
    ActionSelector(PSA_HashAlgorithm_t algo, bit<32> size, bit<32> outputWidth);
}

// A stream of messages to the control plane; pack is called at most once per packet, in the
// ingress deparser.
extern Digest<T> {
    Digest();
    void pack(in T data);
}

// ---------------------------------------------------------------------------------------------
// The programmable blocks and the packages that connect them
// ---------------------------------------------------------------------------------------------

parser IngressParser<H, M, RESUBM, RECIRCM>(
    packet_in buffer,
    out H parsed_hdr,
    inout M user_meta,
    in psa_ingress_parser_input_metadata_t istd,
    in RESUBM resubmit_meta,
    in RECIRCM recirculate_meta);

control Ingress<H, M>(
    inout H hdr,
    inout M user_meta,
    in psa_ingress_input_metadata_t istd,
    inout psa_ingress_output_metadata_t ostd);

control IngressDeparser<H, M, CI2EM, RESUBM, NM>(
    packet_out buffer,
    out CI2EM clone_i2e_meta,
    out RESUBM resubmit_meta,
    out NM normal_meta,
    inout H hdr,
    in M meta,
    in psa_ingress_output_metadata_t istd);

parser EgressParser<H, M, NM, CI2EM, CE2EM>(
    packet_in buffer,
    out H parsed_hdr,
    inout M user_meta,
    in psa_egress_parser_input_metadata_t istd,
    in NM normal_meta,
    in CI2EM clone_i2e_meta,
    in CE2EM clone_e2e_meta);

control Egress<H, M>(
    inout H hdr,
    inout M user_meta,
    in psa_egress_input_metadata_t istd,
    inout psa_egress_output_metadata_t ostd);

control EgressDeparser<H, M, CE2EM, RECIRCM>(
    packet_out buffer,
    out CE2EM clone_e2e_meta,
    out RECIRCM recirculate_meta,
    inout H hdr,
    in M meta,
    in psa_egress_output_metadata_t istd,
    in psa_egress_deparser_input_metadata_t edstd);

package IngressPipeline<IH, IM, NM, CI2EM, RESUBM, RECIRCM>(
    IngressParser<IH, IM, RESUBM, RECIRCM> ip,
    Ingress<IH, IM> ig,
    IngressDeparser<IH, IM, CI2EM, RESUBM, NM> id);

package EgressPipeline<EH, EM, NM, CI2EM, CE2EM, RECIRCM>(
    EgressParser<EH, EM, NM, CI2EM, CE2EM> ep,
    Egress<EH, EM> eg,
    EgressDeparser<EH, EM, CE2EM, RECIRCM> ed);

package PSA_Switch<IH, IM, EH, EM, NM, CI2EM, CE2EM, RESUBM, RECIRCM>(
    IngressPipeline<IH, IM, NM, CI2EM, RESUBM, RECIRCM> ingress,
    PacketReplicationEngine pre,
    EgressPipeline<EH, EM, NM, CI2EM, CE2EM, RECIRCM> egress,
    BufferingQueueingEngine bqe);

#endif  // __PSA_P4__
