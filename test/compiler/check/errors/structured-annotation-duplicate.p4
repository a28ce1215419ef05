// A structured annotation's name may not repeat on one element, in either form.
@owner("team-a")
@owner["team-b"]
const bit<8> LIMIT = 10;
