// `@name` and `@deprecated` take one string.
@name(7)
const bit<8> LIMIT = 10;
@deprecated("use" | "other")
const bit<8> OTHER = 1;
