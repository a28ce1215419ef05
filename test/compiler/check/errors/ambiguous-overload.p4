// Overloads differ in their number of parameters or their names: called by position, these two
// cannot be told apart.
extern Store {
    Store();
    void put(in bit<8> key);
    void put(in bit<8> value);
}
control c() {
    Store() s;
    apply { s.put(8w1); }
}
