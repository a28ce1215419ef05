control c(in bit<8> w) {
    apply {
        bit<w> dynamic;
    }
}
