enum bit<8> Proto { TCP = 6, UDP = 17 }
control c(inout Proto p, in bit<8> raw) {
    apply {
        p = raw;
    }
}
