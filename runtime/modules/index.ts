/**
 * How p4ts addresses its own modules at run time. From the sources (tsx, vitest) every module is
 * a `.ts` file; from the build (`dist/`, written by `npm run build`) it is the `.js` file of the
 * same name in the same folder. A worker entry or a module loaded by URL is named by its source
 * name and found with `ownModuleUrl`, which works in both.
 */

/** True when `base` (an `import.meta.url`) is a module of the build. */
export function isBuiltModule(base: string): boolean {
  return base.endsWith('.js');
}

/** The URL of the module `relative` (a `.ts` path) beside `base`, as this copy of p4ts has it. */
export function ownModuleUrl(relative: string, base: string): URL {
  return new URL(isBuiltModule(base) ? relative.replace(/\.ts$/, '.js') : relative, base);
}

/**
 * The URL of a file that only the source tree has (`bench/`, say), `relative` to the source of
 * `base`: the build lives one folder deeper (`dist/`), so from there the path climbs one more.
 */
export function sourceTreeUrl(relative: string, base: string): URL {
  return new URL(isBuiltModule(base) ? `../${relative}` : relative, base);
}
