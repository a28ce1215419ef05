// Only constants, types and instantiations live at the top level; variables live in blocks.
const bit<8> LIMIT = 4;
bit<8> counter;
