/** Externs shared by the architectures: hash algorithms and checksums. */
export * from './hash.ts';
