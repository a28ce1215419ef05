// Inside control c<T>, T is whatever the instantiation says: a generic function called with a
// T-typed object and a match_kind would need T to be match_kind.
#include <core.p4>
extern Cell<T> {
    Cell();
    void write(in T value);
}
void store<V>(Cell<V> cell, in V value) {
    cell.write(value);
}
control c<T>() {
    Cell<T>() cell;
    apply { store(cell, exact); }
}
