/** Value representation of P4 `bit<W>` / `int<W>`: numbers up to 32 bits, bigint beyond. */
export * from './narrow.ts';
export * from './wide.ts';
export * from './convert.ts';
