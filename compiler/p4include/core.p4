// p4ts core library: the declarations every P4-16 program can rely on.
// Written for p4ts; declaration-compatible with the standard core library described in the
// P4-16 language specification.

#ifndef _CORE_P4_
#define _CORE_P4_

// Error codes raised by the parser primitives (extract, lookahead, advance,
// select, verify) and by header stack accesses.
error {
    NoError,               // nothing went wrong
    PacketTooShort,        // the packet ended before the requested bits
    NoMatch,               // no case of a select expression applied
    StackOutOfBounds,      // a header stack index was outside the stack
    HeaderTooShort,        // a varbit field was given more bits than it can hold
    ParserTimeout,         // the parser ran past the target's time budget
    ParserInvalidArgument  // a parser primitive got an argument it cannot use
}

// The incoming packet, as seen by a parser.
extern packet_in {
    // Copies the next bits of the packet into a fixed-size header and makes it valid.
    void extract<T>(out T hdr);
    // Same, for a header ending in a varbit field of the given size (in bits).
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    // Reads the next bits of the packet without consuming them.
    T lookahead<T>();
    // Skips bits of the packet.
    void advance(in bit<32> sizeInBits);
    // Total length of the packet in bytes.
    bit<32> length();
}

// The outgoing packet, as built by a deparser.
extern packet_out {
    // Appends a header (if valid), or each valid header of a stack, struct or union.
    void emit<T>(in T hdr);
}

// In a parser: if check is false, stop parsing with the error toSignal.
extern void verify(in bool check, in error toSignal);

// The action that does nothing; the usual default action of tables.
@noWarn("unused")
action NoAction() {}

// Match kinds every target understands.
match_kind {
    exact,    // the key equals the entry
    ternary,  // the key equals the entry on the bits of a mask
    lpm       // longest prefix match
}

// Compile-time assertions: a false check is a compile error (with the message if given).
extern bool static_assert(bool check, string message);
extern bool static_assert(bool check);

#endif  // _CORE_P4_
