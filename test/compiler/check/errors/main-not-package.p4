#include <core.p4>
// `main` is the name of the top-level package instance; an extern cannot take it.
extern main {
    main();
}
