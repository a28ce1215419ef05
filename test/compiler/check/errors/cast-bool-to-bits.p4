control c(inout bit<8> x, in bool flag) {
    apply {
        x = (bit<8>)flag;
    }
}
