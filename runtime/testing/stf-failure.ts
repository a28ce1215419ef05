/** What an STF run reports when something does not hold, and how it is printed. */

export type StfFailureKind =
  /** A received packet differs from its `expect`. */
  | 'mismatch'
  /** An `expect` with no packet received for it. */
  | 'missing'
  /** A packet on a checked port that no `expect` accounts for. */
  | 'extra'
  /** `check_counter` (or `no_packet`) does not hold. */
  | 'check'
  /** The STF text does not parse. */
  | 'syntax'
  /** A control-plane command the program rejects (unknown table, bad key ...). */
  | 'control'
  /** A command this runner or the program's runtime objects cannot carry out. */
  | 'unsupported'
  /** The program threw, or the switch failed. */
  | 'error'
  /** The run took longer than its time limit. */
  | 'timeout';

export interface StfFailure {
  readonly kind: StfFailureKind;
  /** STF line the failure is about (the `expect`, the `packet`, the command), when there is one. */
  readonly line: number | undefined;
  readonly port?: number;
  readonly message: string;
  /**
   * STF lines of the `packet`s this failure is about: the one whose output differs or is extra,
   * or, for an expected packet that never came, the last `packet` before its `expect`. Their
   * traces explain it.
   */
  readonly packetLines?: readonly number[];
}

/** `file.stf(LINE): port P: message`, like the p4c-style diagnostics of the other tools. */
export function formatStfFailure(failure: StfFailure, file: string): string {
  const where = failure.line === undefined ? file : `${file}(${failure.line})`;
  const port = failure.port === undefined ? '' : `port ${failure.port}: `;
  return `${where}: ${port}${failure.message}`;
}

/** Failures that mean the test could not run as written (reported as errors rather than failures). */
export function isErrorKind(kind: StfFailureKind): boolean {
  return kind === 'error' || kind === 'timeout' || kind === 'syntax';
}
