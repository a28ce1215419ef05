const bit<8> K = 3;
control c() {
    apply {
        K = 4;
    }
}
