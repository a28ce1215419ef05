/** The PSA externs the generated code uses beyond the runtime's shared counters, meters and registers. */
export { InternetChecksum, Checksum } from './checksum.ts';
export { Random, RandomWide, type RandomSource } from './random.ts';
export { Digest, type DigestMessage, type DigestSource } from './digest.ts';
export { meterExecute, directMeterExecute } from './meter.ts';
export { getHash, getHashModulo, getHashWide } from './hash.ts';
