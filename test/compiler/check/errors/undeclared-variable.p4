control c(inout bit<8> x) {
    apply {
        x = y + 1;
    }
}
