/** Turning P4 names into JavaScript identifiers that cannot clash with ours. */

const JS_RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments',
  'eval', 'undefined', 'NaN', 'Infinity', 'constructor', 'prototype', '__proto__',
]);

/** A P4 identifier usable as a JS identifier or property name. */
export function jsName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, '_');
  const safe = /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
  return JS_RESERVED.has(safe) ? `${safe}_` : safe;
}

/** A property access (`.name`), safe for any P4 field name. */
export function property(name: string): string {
  return `.${jsName(name)}`;
}
