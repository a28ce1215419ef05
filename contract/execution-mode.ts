/**
 * Contract: the execution modes. The code generator emits a program in one of them; the switch
 * runs the stage functions of each differently (see `runtime/v1model/program.ts` for the stage
 * shapes).
 *
 * - `sync`: an extern runs at its call (`d.services.runSync(task)`).
 * - `context`: a stage with extern sites is a generator; each site yields its task and is
 *   resumed with it completed (suspended continuations).
 * - `longjump`: a stage is a plain function; a site saves its live locals, parks the packet with
 *   its task and returns `PARKED`; the switch re-enters the stage at that site later.
 */
export const EXECUTION_MODES = ['sync', 'context', 'longjump'] as const;

export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export function isExecutionMode(text: string): text is ExecutionMode {
  return (EXECUTION_MODES as readonly string[]).includes(text);
}
