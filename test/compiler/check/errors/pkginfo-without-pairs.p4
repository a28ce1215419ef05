// @pkginfo describes the program for P4Runtime: it takes key=value pairs, never nothing.
@pkginfo
const bit<8> VERSION = 1;
