header eth_t { bit<48> dst; bit<48> src; }
control c(inout eth_t e) {
    apply {
        e.type = 16w0x800;
    }
}
