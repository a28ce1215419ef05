control c(inout bit<8> x) {
    apply {
        x[9:2] = 0;
    }
}
