control c() {
    apply {
        int counter = 0;
    }
}
