control c() {
    action set(bit<8> value, inout bit<8> target) {
        target = value;
    }
    apply { }
}
