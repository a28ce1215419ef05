header tag_t { bit<16> id; }
control c() {
    apply {
        tag_t[2] tags;
        tags[2].id = 1;
    }
}
