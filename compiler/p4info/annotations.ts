/**
 * Annotations as the P4Info carries them: `@brief`/`@description` become a `Documentation`,
 * `@name` and `@id` are consumed (they shape names and ids), every other annotation is kept as
 * its P4 text (`@noWarn("unused")`), rebuilt from its arguments.
 */
import type { Documentation } from '../../runtime/p4runtime/p4info.ts';

export type AnnotationMap = ReadonlyMap<string, readonly unknown[]>;

/** Annotations that never appear as text in a P4Info. */
const CONSUMED = new Set(['name', 'id', 'brief', 'description']);

function argumentText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The P4 text of every annotation but those consumed and those `skip` names. */
export function annotationTexts(annotations: AnnotationMap, skip: readonly string[] = []): string[] | undefined {
  const out: string[] = [];
  for (const [name, args] of annotations) {
    if (CONSUMED.has(name) || skip.includes(name)) continue;
    out.push(args.length === 0 ? `@${name}` : `@${name}(${args.map(argumentText).join(', ')})`);
  }
  return out.length > 0 ? out : undefined;
}

/** `@brief("...")` and `@description("...")`, if any. */
export function documentationOf(annotations: AnnotationMap): Documentation | undefined {
  const brief = annotations.get('brief')?.[0];
  const description = annotations.get('description')?.[0];
  if (typeof brief !== 'string' && typeof description !== 'string') return undefined;
  return { ...(typeof brief === 'string' ? { brief } : {}), ...(typeof description === 'string' ? { description } : {}) };
}

/** The value of `@id(N)`, if any. */
export function idAnnotation(annotations: AnnotationMap): bigint | undefined {
  const v = annotations.get('id')?.[0];
  return typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : undefined;
}

/** The string of `@name("...")`, if any. */
export function nameAnnotation(annotations: AnnotationMap): string | undefined {
  const v = annotations.get('name')?.[0];
  return typeof v === 'string' ? (v.startsWith('.') ? v.slice(1) : v) : undefined;
}
