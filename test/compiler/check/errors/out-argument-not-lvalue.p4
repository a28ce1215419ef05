extern void fill(out bit<8> v);
control c() {
    apply {
        fill(8w1);
    }
}
