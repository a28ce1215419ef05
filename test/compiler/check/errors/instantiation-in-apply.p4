extern Counter { Counter(bit<32> size); void count(in bit<32> index); }
control c() {
    apply {
        Counter(16) hits;
    }
}
