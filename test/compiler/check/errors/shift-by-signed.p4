control c(inout bit<8> x, in int<8> amount) {
    apply {
        x = x << amount;
    }
}
