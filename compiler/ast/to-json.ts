import type { Program } from './nodes.ts';

/**
 * The AST as JSON (`p4ts parse --ast`): nodes as they are, bigint literal values as decimal
 * strings, spans as `[start, end]` offsets into the preprocessed unit.
 */
export function astToJson(program: Program, indent = 2): string {
  return JSON.stringify(
    program,
    (key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (key === 'span' && value && typeof value === 'object' && 'start' in value && 'end' in value) {
        const s = value as { start: number; end: number };
        return [s.start, s.end];
      }
      return value;
    },
    indent,
  );
}
