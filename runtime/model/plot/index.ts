/** Plotting: the SVG chart writer and the paper's figures. */
export type { ChartMarker, ChartSeries, ChartSpec, XY } from './svg.ts';
export { compact, escapeXml, lineChart, niceTicks } from './svg.ts';
export type { CyclesFigureSpec, Figure, MeasuredRun, ShareFigureSpec } from './figures.ts';
export { MODE_COLORS, cyclesFigure, paperFigures, shareFigure } from './figures.ts';
export { measuredFigures, type BenchRun } from './measured-figures.ts';
