extern void observe<T>(in T value);
control c() {
    apply {
        observe(42);
    }
}
