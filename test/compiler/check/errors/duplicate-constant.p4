const bit<8> LIMIT = 10;
const bit<16> LIMIT = 20;
