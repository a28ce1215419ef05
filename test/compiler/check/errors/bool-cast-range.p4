const bool ENABLED = (bool)2;
