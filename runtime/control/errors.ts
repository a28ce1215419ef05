/** A control-plane request the program cannot accept (bad key, unknown action, const table ...). */
export class ControlError extends Error {
  constructor(
    message: string,
    /** The key field or action parameter at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** A control-plane file's diagnostic, printed like p4c: `FILE(LINE): error: MESSAGE`. */
export interface ControlDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatControlDiagnostic(d: ControlDiagnostic): string {
  return `${d.file}(${d.line}): error: ${d.message}`;
}
