// p4ts model of the v1model architecture (the BMv2 "simple_switch" target).
// Written for p4ts; declaration-compatible with the standard v1model.p4, so that programs
// written for that architecture compile unchanged.
//
// Versions: a program may define V1MODEL_VERSION before including this file to select the
// declarations of a given release of the architecture.  Releases differ in whether port
// numbers have their own type name (PortId_t) and whether counters, meters and registers take
// the type of their index as a type parameter.  Without a definition we use the oldest
// declarations, which is what programs that do not say anything about the version are
// written against.  Define V1MODEL_VERSION as 20200408 (or later) for the newer ones.

#ifndef _V1_MODEL_P4_
#define _V1_MODEL_P4_

#include "core.p4"

#ifndef V1MODEL_VERSION
#define V1MODEL_VERSION 20180101
#endif

// Additional match kinds of this architecture.
match_kind {
    range,     // the key lies between two bounds (inclusive)
    optional,  // the key equals the entry, or the entry is a wildcard
    selector   // the key feeds the hash of an action selector
}

// The selected version, visible to the program as a constant.
const bit<32> __v1model_version = V1MODEL_VERSION;

#if V1MODEL_VERSION >= 20200408
// A port number.
typedef bit<9> PortId_t;
#endif

// Metadata the architecture gives to (and takes from) every pipeline stage.
@metadata @name("standard_metadata")
struct standard_metadata_t {
#if V1MODEL_VERSION >= 20200408
    PortId_t ingress_port;         // port the packet arrived on
    PortId_t egress_spec;          // port chosen by ingress (511 drops the packet)
    PortId_t egress_port;          // port the packet leaves on (egress only)
#else
    bit<9> ingress_port;
    bit<9> egress_spec;
    bit<9> egress_port;
#endif
    bit<32> instance_type;         // normal, clone, resubmit, recirculate...
    bit<32> packet_length;         // in bytes
    @alias("queueing_metadata.enq_timestamp")
    bit<32> enq_timestamp;         // when the packet entered the queue (microseconds)
    @alias("queueing_metadata.enq_qdepth")
    bit<19> enq_qdepth;            // queue depth when it entered
    @alias("queueing_metadata.deq_timedelta")
    bit<32> deq_timedelta;         // time spent in the queue (microseconds)
    @alias("queueing_metadata.deq_qdepth")
    bit<19> deq_qdepth;            // queue depth when it left
    @alias("intrinsic_metadata.ingress_global_timestamp")
    bit<48> ingress_global_timestamp;  // arrival time (microseconds)
    @alias("intrinsic_metadata.egress_global_timestamp")
    bit<48> egress_global_timestamp;   // start of egress processing (microseconds)
    @alias("intrinsic_metadata.mcast_grp")
    bit<16> mcast_grp;             // multicast group chosen by ingress (0: none)
    @alias("intrinsic_metadata.egress_rid")
    bit<16> egress_rid;            // replication id of a multicast copy
    bit<1> checksum_error;         // 1 when verify_checksum found a mismatch
    error parser_error;            // the error the parser ended with
    @alias("intrinsic_metadata.priority")
    bit<3> priority;               // queue priority
}

// What a counter counts.
enum CounterType {
    packets,
    bytes,
    packets_and_bytes
}

// What a meter measures.
enum MeterType {
    packets,
    bytes
}

// An array of `size` counters, updated by index.
extern counter
#if V1MODEL_VERSION >= 20200408
<I>
#endif
{
    counter(bit<32> size, CounterType type);
#if V1MODEL_VERSION >= 20200408
    void count(in I index);
#else
    void count(in bit<32> index);
#endif
}

// A counter per entry of the table it is attached to.
extern direct_counter {
    direct_counter(CounterType type);
    void count();
}

// Colours a meter reports.
#define V1MODEL_METER_COLOR_GREEN  0
#define V1MODEL_METER_COLOR_YELLOW 1
#define V1MODEL_METER_COLOR_RED    2

// An array of `size` two-rate three-colour meters.
extern meter
#if V1MODEL_VERSION >= 20200408
<I>
#endif
{
    meter(bit<32> size, MeterType type);
#if V1MODEL_VERSION >= 20200408
    void execute_meter<T>(in I index, out T result);
#else
    void execute_meter<T>(in bit<32> index, out T result);
#endif
}

// A meter per entry of the table it is attached to.
extern direct_meter<T> {
    direct_meter(MeterType type);
    void read(out T result);
}

// An array of `size` values of type T that persist across packets.
#if V1MODEL_VERSION >= 20200408
extern register<T, I>
#else
extern register<T>
#endif
{
    register(bit<32> size);
    @noSideEffects
#if V1MODEL_VERSION >= 20200408
    void read(out T result, in I index);
#else
    void read(out T result, in bit<32> index);
#endif
#if V1MODEL_VERSION >= 20200408
    void write(in I index, in T value);
#else
    void write(in bit<32> index, in T value);
#endif
}

// A table implementation whose actions are shared by the entries (indirection).
extern action_profile {
    action_profile(bit<32> size);
}

// A uniformly distributed value in [lo, hi].
extern void random<T>(out T result, in T lo, in T hi);

// Sends `data` to the control plane (receiver selects the channel).
extern void digest<T>(in bit<32> receiver, in T data);

// Hash functions known to the architecture.
enum HashAlgorithm {
    crc32,
    crc32_custom,
    crc16,
    crc16_custom,
    random,
    identity,
    csum16,
    xor16
}

// Drops the packet at the end of the current pipeline stage.
@deprecated("Please use mark_to_drop(standard_metadata) instead.")
extern void mark_to_drop();
@pure
extern void mark_to_drop(inout standard_metadata_t standard_metadata);

// result = base + (hash of data) mod max  (max 0 leaves the hash unreduced).
@pure
extern void hash<O, T, D, M>(out O result, in HashAlgorithm algo, in T base, in D data, in M max);

// An action profile that picks a member of a group by hashing the selector fields.
extern action_selector {
    action_selector(HashAlgorithm algorithm, bit<32> size, bit<32> outputWidth);
}

// Where a clone is taken: after ingress (I2E) or after egress (E2E).
enum CloneType {
    I2E,
    E2E
}

// A 16-bit ones'-complement checksum unit (older programs).
@deprecated("Please use verify_checksum/update_checksum instead.")
extern Checksum16 {
    Checksum16();
    bit<16> get<D>(in D data);
}

// In VerifyChecksum: when condition holds, compare the checksum of data with `checksum`;
// a mismatch sets standard_metadata.checksum_error.
extern void verify_checksum<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);

// In ComputeChecksum: when condition holds, store the checksum of data in `checksum`.
@pure
extern void update_checksum<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);

// As verify_checksum, with the packet payload appended to data.
extern void verify_checksum_with_payload<T, O>(in bool condition, in T data, in O checksum, HashAlgorithm algo);

// As update_checksum, with the packet payload appended to data.
@noSideEffects
extern void update_checksum_with_payload<T, O>(in bool condition, in T data, inout O checksum, HashAlgorithm algo);

// Sends a copy of the packet to the clone session `session`.
extern void clone(in CloneType type, in bit<32> session);

// Sends the packet through ingress again once ingress ends.
@deprecated("Please use 'resubmit_preserving_field_list' instead")
extern void resubmit<T>(in T data);
// Same, keeping the user metadata fields marked @field_list(index).
extern void resubmit_preserving_field_list(bit<8> index);

// Sends the packet back into the parser once the deparser is done.
@deprecated("Please use 'recirculate_preserving_field_list' instead")
extern void recirculate<T>(in T data);
// Same, keeping the user metadata fields marked @field_list(index).
extern void recirculate_preserving_field_list(bit<8> index);

// clone() that also carries fields to the copy.
@deprecated("Please use 'clone_preserving_field_list' instead")
extern void clone3<T>(in CloneType type, in bit<32> session, in T data);
// clone() keeping the user metadata fields marked @field_list(index).
extern void clone_preserving_field_list(in CloneType type, in bit<32> session, bit<8> index);

// Cuts the outgoing packet to at most `length` bytes.
extern void truncate(in bit<32> length);

// Aborts (in debug builds of the target) when check is false.
extern void assert(in bool check);

// Tells verification tools that check holds; aborts like assert when it does not.
extern void assume(in bool check);

// Writes a message to the target's log; `{}` in msg are replaced by the fields of data.
extern void log_msg(string msg);
extern void log_msg<T>(string msg, in T data);

// The programmable blocks of the pipeline, in the order packets go through them.
// H: the headers struct; M: the user metadata struct.

parser Parser<H, M>(packet_in b,
                    out H parsedHdr,
                    inout M meta,
                    inout standard_metadata_t standard_metadata);

control VerifyChecksum<H, M>(inout H hdr,
                             inout M meta);

@pipeline
control Ingress<H, M>(inout H hdr,
                      inout M meta,
                      inout standard_metadata_t standard_metadata);

@pipeline
control Egress<H, M>(inout H hdr,
                     inout M meta,
                     inout standard_metadata_t standard_metadata);

control ComputeChecksum<H, M>(inout H hdr,
                              inout M meta);

@deparser
control Deparser<H>(packet_out b, in H hdr);

// The switch: a program instantiates it as `main`.
package V1Switch<H, M>(Parser<H, M> p,
                       VerifyChecksum<H, M> vr,
                       Ingress<H, M> ig,
                       Egress<H, M> eg,
                       ComputeChecksum<H, M> ck,
                       Deparser<H> dep);

// The releases this file declares: from 20180101 (the first) to 20200408 (the latest).
#if V1MODEL_VERSION < 20180101 || V1MODEL_VERSION > 20200408
#error V1MODEL_VERSION is not a version of v1model: the first is 20180101, the latest 20200408
#endif

#endif  // _V1_MODEL_P4_
