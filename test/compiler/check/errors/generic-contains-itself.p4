// A generic type specialized with itself (directly, or through a control's parameters).
extern Box<T> {
    Box();
    void put(in T v);
}
control user(Box<bit<8>> b) { apply { } }
control top() {
    Box<Box<bit<8>>>() nested;
    Box<user>() wrapped;
    apply { }
}
