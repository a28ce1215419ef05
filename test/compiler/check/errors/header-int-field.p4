header h_t {
    bit<8> kind;
    int unbounded;
}
