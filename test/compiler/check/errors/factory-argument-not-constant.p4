// A factory makes its object when the program is instantiated: its arguments must be known then.
extern Pool { }
extern Pool makePool(bit<8> size);
control inner(inout bit<8> x)(Pool p) { apply { } }
control outer(inout bit<8> x) {
    inner(makePool(x)) i;
    apply { i.apply(x); }
}
