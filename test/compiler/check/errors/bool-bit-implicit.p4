control c(inout bool b) {
    apply {
        b = 1w1;
    }
}
