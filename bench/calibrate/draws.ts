/**
 * The calibration's draws and the machine's cross-core state around each (`runtime/model/cross-core.ts`):
 * one cache line's round trip read before and after every draw, a draw the state changed in
 * measured again (once), and what runs between the draws. Every reading goes through the one
 * `readLine` the caller gives — in `p4ts model --calibrate` one long-lived `LineProbe` for the
 * whole calibration, as `npm run bench` reads its state with one probe for the whole run (until
 * session 9 the calibration started and stopped a probe worker for each reading).
 */
import { crossCoreChanged, type LineSample } from '../../runtime/model/cross-core.ts';

export interface DrawPlan {
  readonly draws: number;
  /** One reading of the line round trip, ns (NaN, or not a positive number, when it failed). */
  readonly readLine: () => Promise<number>;
  /** Measures draw `draw`; returns what marks the runs it just measured as superseded (not solved from). */
  readonly measureDraw: (draw: number) => Promise<() => void>;
  /** What runs after draw `draw` (and after it was measured again, if it was). */
  readonly afterDraw: (draw: number) => Promise<void>;
  /** Progress: what is about to run. */
  readonly step?: (what: string) => void;
}

/**
 * Runs the draws in order; returns every line sample in the order taken (`draw N start`, `draw N
 * end`, and for a draw measured again `draw N again start`, `draw N again end`). A failed reading
 * is recorded as null: its draw's state is unknown, and a pair with a null is not a change.
 */
export async function runDraws(plan: DrawPlan): Promise<LineSample[]> {
  const lineSamples: LineSample[] = [];
  const read = async (at: string): Promise<number | null> => {
    plan.step?.(`calibrate: cross-core line round trip (${at})`);
    const ns = await plan.readLine();
    const sample = Number.isFinite(ns) && ns > 0 ? ns : null;
    lineSamples.push({ at, ns: sample });
    return sample;
  };
  for (let draw = 1; draw <= plan.draws; draw++) {
    const start = await read(`draw ${draw} start`);
    const supersede = await plan.measureDraw(draw);
    const end = await read(`draw ${draw} end`);
    if (crossCoreChanged(start, end)) {
      // the state changed while the draw ran: its rounds are a mix of the two states, so its costs
      // are neither state's. Measured again, once (a second change is left to the median of the
      // draws); the first runs stay on record under a name the solver does not read
      supersede();
      await read(`draw ${draw} again start`);
      await plan.measureDraw(draw);
      await read(`draw ${draw} again end`);
    }
    await plan.afterDraw(draw);
  }
  return lineSamples;
}
