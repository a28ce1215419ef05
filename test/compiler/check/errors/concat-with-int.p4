control c(inout bit<16> x, in bit<8> y) {
    apply {
        x = y ++ 5;
    }
}
