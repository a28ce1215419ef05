export { SourceFile } from './source-file.ts';
export { SourceMap, type Location, type SourceSegment } from './source-map.ts';
export { span, joinSpans, NO_SPAN, type Span } from './span.ts';
export { readSourceText, SourceReadError } from './read-source.ts';
