// A default value stands in for a missing argument: it must be a compile-time constant.
bit<8> twice(in bit<8> v) { return v + v; }
bit<8> scaled(in bit<8> v, in bit<8> factor = twice(2)) { return v * factor; }
