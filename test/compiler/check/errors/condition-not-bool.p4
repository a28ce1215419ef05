control c(in bit<4> flags) {
    apply {
        if (flags) {
        }
    }
}
