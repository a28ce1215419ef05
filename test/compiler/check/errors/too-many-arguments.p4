extern void notify(in bit<8> code);
control c() {
    apply {
        notify(1, 2);
    }
}
