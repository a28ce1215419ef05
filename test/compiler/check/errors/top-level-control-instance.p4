control c() {
    apply { }
}
c() instance;
