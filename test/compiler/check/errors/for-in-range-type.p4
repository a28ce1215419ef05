extern void use(in bit<4> v);
// The range's elements are bit<8>: they do not fit the loop variable's bit<4>.
control c() {
    apply {
        for (bit<4> i in 8w1 .. 8w9) {
            use(i);
        }
    }
}
