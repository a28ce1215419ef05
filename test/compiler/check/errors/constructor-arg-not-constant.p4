extern Counter { Counter(bit<32> size); }
control c(in bit<32> n) {
    Counter(n) hits;
    apply { }
}
