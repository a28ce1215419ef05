// A generic header is checked with its type argument in place: `int` is not a header field type.
header wrapper_h<T> {
    T value;
}
struct ok_t { wrapper_h<bit<8>> a; }
struct bad_t { wrapper_h<int> b; }
