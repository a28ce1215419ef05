control c(in bit<4> opcode, inout bit<8> r) {
    apply {
        switch (opcode) {
            1: { r = 1; }
            1: { r = 2; }
        }
    }
}
