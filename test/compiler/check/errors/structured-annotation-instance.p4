// An extern instance is an object, not a compile-time value for a structured annotation.
extern Counter {
    Counter();
}
Counter() hits;
@note[hits]
const bit<8> K = 1;
