control c(inout bit<8> small, in bit<16> big) {
    apply {
        small = big;
    }
}
