const bit<8> RATIO = 8w10 / 0;
