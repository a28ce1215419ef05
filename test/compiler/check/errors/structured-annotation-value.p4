// Structured annotation values are int, string or bool; keys are unique.
@limits[low = { 1, 2 }, high = 9, high = 10]
const bit<8> LIMIT = 10;
