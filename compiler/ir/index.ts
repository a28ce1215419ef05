/** The IR stage: lowering of checked v1model programs, and the IR the backends share. */
export { lowerProgram } from './lower-program.ts';
export type { ExternSitePolicy } from './lowering-context.ts';
export { continuationOf, siteContinuation, type ContinuationLevel } from './extern-sites.ts';
export * from './nodes.ts';
export { bitsRepresentation, widthOf, isComposite } from './types.ts';
export { printProgram, printExpression, printType, type PrintOptions } from './print.ts';
