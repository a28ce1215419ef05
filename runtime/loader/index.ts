/** Loading a generated program module (the TypeScript text the compiler emits) into this process. */
export { loadProgramModule, type GeneratedProgramModule, type LoadProgramOptions } from './load-program.ts';
