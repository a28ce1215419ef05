type bit<32> PortId;
control c(inout PortId p) {
    apply {
        p = 32w7;
    }
}
