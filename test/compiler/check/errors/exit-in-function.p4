bit<8> clamp(in bit<8> v) {
    if (v > 100) {
        exit;
    }
    return v;
}
