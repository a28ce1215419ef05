// Inside an action body a declaration may not hide the action's (or the block's) parameter.
control c(inout bit<8> x) {
    action bump(bit<8> step) {
        bit<8> step = 1;
        x = x + step;
    }
    apply { bump(2); }
}
