/**
 * Contract: what the compiler and the runtime agree on about a target architecture — the P4
 * package `main` instantiates, and its programmable stages in pipeline order. The order is the
 * order of the package's parameters, of the IR's stages, of the stage functions of a generated
 * program, and of the switch's pipeline.
 *
 * Each architecture has one module here (`v1model.ts`; another architecture adds its own file
 * beside it with its stage list and the constants its metadata needs) and is listed in
 * `ARCHITECTURES` (`index.ts`).
 */
export interface Architecture<StageName extends string = string> {
  /** The architecture's name (`v1model`), as in its include file `<name>.p4`. */
  readonly name: string;
  /** The package type of `main` (`V1Switch`). */
  readonly packageType: string;
  /** The programmable stages, in pipeline order; the names are the generated program's stage properties. */
  readonly stages: readonly StageName[];
}
