struct pair_t<T> { T first; T second; }
control c() {
    apply {
        pair_t p;
    }
}
