/**
 * The two opaque values a P4Runtime client may keep with a table entry: `controller_metadata` (a
 * 64-bit cookie, deprecated) and `metadata` (bytes). The switch never looks at them; the server
 * keeps them per entry (the default entry too), returns them in Reads (and filters a Read on them
 * when the request sets them) and in idle timeout notifications, as the specification asks. Kept
 * by the entry's record in a WeakMap: an entry removed by any path takes its values with it, and a
 * new pipeline has new records.
 */
import type { TableResult } from '../../control/runtime-table.ts';
import type * as M from './messages.ts';

export interface EntryMetadata {
  readonly controllerMetadata: bigint;
  readonly metadata: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** The two fields of a TableEntry message. */
type MetadataFields = Pick<M.TableEntry, 'controller_metadata' | 'metadata'>;

/** What a TableEntry message says (undefined: both default, 0 and empty). */
function metadataOf(e: MetadataFields): EntryMetadata | undefined {
  const controllerMetadata = BigInt(e.controller_metadata ?? 0);
  const metadata = e.metadata ?? EMPTY;
  return controllerMetadata === 0n && metadata.length === 0 ? undefined : { controllerMetadata, metadata: Uint8Array.from(metadata) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class EntryMetadataStore {
  private readonly byRecord = new WeakMap<TableResult, EntryMetadata>();

  /** Keeps what a written TableEntry says for the record (unset: the defaults), replacing what was kept. Returns the undo. */
  write(record: TableResult, e: MetadataFields): () => void {
    const before = this.byRecord.get(record);
    this.put(record, metadataOf(e));
    return () => this.put(record, before);
  }

  /** What is kept for the record (undefined: the defaults). */
  get(record: TableResult): EntryMetadata | undefined {
    return this.byRecord.get(record);
  }

  /** Keeps `m` for the record (a rolled-back DELETE's new record; undefined: the defaults). */
  put(record: TableResult, m: EntryMetadata | undefined): void {
    if (m === undefined) this.byRecord.delete(record);
    else this.byRecord.set(record, m);
  }

  /**
   * The record's values as TableEntry fields: those that are not default (what a Read returns;
   * on the wire a default value is the same as an unset one), or both (`always`, a notification).
   */
  fields(record: TableResult, always = false): { controller_metadata?: string; metadata?: Uint8Array } {
    const m = this.byRecord.get(record);
    if (always) return { controller_metadata: (m?.controllerMetadata ?? 0n).toString(), metadata: m?.metadata ?? EMPTY };
    if (m === undefined) return {};
    return { ...(m.controllerMetadata !== 0n ? { controller_metadata: m.controllerMetadata.toString() } : {}), ...(m.metadata.length > 0 ? { metadata: m.metadata } : {}) };
  }

  /** Whether a Read's TableEntry filters on these values (a value other than the default). */
  static filters(want: MetadataFields): boolean {
    return BigInt(want.controller_metadata ?? 0) !== 0n || (want.metadata ?? EMPTY).length > 0;
  }

  /** Whether the record passes a Read's filter: each value the request sets (not default) must be equal. */
  matches(record: TableResult, want: MetadataFields): boolean {
    const m = this.byRecord.get(record);
    const cookie = BigInt(want.controller_metadata ?? 0);
    const bytes = want.metadata ?? EMPTY;
    if (cookie !== 0n && cookie !== (m?.controllerMetadata ?? 0n)) return false;
    return bytes.length === 0 || sameBytes(bytes, m?.metadata ?? EMPTY);
  }
}
