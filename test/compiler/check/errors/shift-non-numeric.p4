control c(inout bool flag) {
    apply {
        flag = flag << 1;
    }
}
