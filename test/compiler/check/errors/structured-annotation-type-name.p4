// Structured annotation values are compile-time values: a type parameter is not one.
@limits[low = 1, high = 2 + T]
control c<T>(in T x) {
    apply { }
}
