// An extern with abstract methods needs an instantiation with an initializer block.
extern Hook {
    Hook();
    abstract bit<8> pick(in bit<8> x);
}
package Top(Hook h);
Top(Hook()) main;
