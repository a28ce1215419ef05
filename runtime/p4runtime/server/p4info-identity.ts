/**
 * When a SetForwardingPipelineConfig RECONCILE_AND_COMMIT may keep the forwarding state: the
 * same program (byte-identical device config) with a P4Info that names the same objects under the
 * same ids. What does not count: documentation, aliases, annotations, `pkg_info`, `type_info`, and
 * the order of the lists of objects with a preamble (tables, actions, counters, ... compared in
 * id order). Every other list keeps its order, because order can carry meaning there (the
 * `metadata` of `packet_in`/`packet_out` is the header's layout): a different order of a table's
 * `match_fields`, `action_refs` or `direct_resource_ids`, or of an action's `params`, is a
 * different P4Info.
 */
import type { P4Info } from '../p4info.ts';
import { decode, encode, messageType } from '../schema.ts';

/** A program as installed: its P4Info and its device config. */
export interface ProgramIdentity {
  readonly p4info: P4Info;
  readonly deviceConfig: Uint8Array;
}

/** The same program (device config) with P4Infos naming the same objects under the same ids. */
export function sameProgram(a: ProgramIdentity, b: ProgramIdentity): boolean {
  if (a.deviceConfig.length !== b.deviceConfig.length) return false;
  for (let i = 0; i < a.deviceConfig.length; i++) if (a.deviceConfig[i] !== b.deviceConfig[i]) return false;
  return p4infoIdentity(a.p4info) === p4infoIdentity(b.p4info);
}

/**
 * What of a P4Info the server's state depends on, as a string: through the wire form (so a P4Info
 * as compiled and one as a client sent it compare alike), without the descriptive fields, the
 * lists of objects with a preamble in id order, object keys sorted.
 */
export function p4infoIdentity(p: P4Info): string {
  const type = messageType('p4.config.v1.P4Info');
  return JSON.stringify(structure(decode(type, encode(type, p))));
}

const DESCRIPTIVE = new Set(['pkg_info', 'alias', 'annotations', 'structured_annotations', 'annotation_locations', 'doc', 'source_location', 'type_info']);

function structure(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) {
    const items = v.map(structure);
    const id = (x: unknown): number | undefined => (x as { preamble?: { id?: number } } | null)?.preamble?.id;
    return items.every((x) => id(x) !== undefined) ? items.sort((x, y) => id(x)! - id(y)!) : items;
  }
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) if (!DESCRIPTIVE.has(k) && x !== undefined) out[k] = structure(x);
    return out;
  }
  return v;
}
