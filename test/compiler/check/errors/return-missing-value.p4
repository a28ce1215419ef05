bit<8> twice(in bit<8> v) {
    return;
}
