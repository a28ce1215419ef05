/** Packet bytes and field access. */
export * from './fields.ts';
export * from './buffer.ts';
export * from './copy.ts';
