extern void notify(in bit<8> code, in bit<8> detail);
control c() {
    apply {
        notify(code = 1, 2);
    }
}
