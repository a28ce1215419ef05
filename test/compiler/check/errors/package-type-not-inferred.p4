// The package's H is fixed by nothing: the only parameter is omitted, and its default is itself
// generic in H.
control Stage<H>(inout H h);
control pass<H>(inout H h) { apply { } }
package Top<H>(Stage<H> s = pass<H>());
Top() main;
