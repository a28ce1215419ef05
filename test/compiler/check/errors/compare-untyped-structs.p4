// Two struct initializers without a type: there is no struct type to compare them in.
control c(out bool same) {
    apply {
        same = { x = 8w1 } == { x = 8w1 };
    }
}
