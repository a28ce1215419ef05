enum Color { Red, Green }
const Color favourite = Color.Blue;
