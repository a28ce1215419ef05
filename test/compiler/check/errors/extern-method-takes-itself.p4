// An extern's methods may not mention the extern type itself.
extern Chain {
    Chain();
    void link(Chain next);
}
