/**
 * What the control plane knows about a table and its actions: plain, JSON-serialisable data
 * (every number that may exceed 2^53 is a decimal string). The compiler writes these into the
 * P4Info next to the generated module; the generated module passes them to `RuntimeTable`.
 */
import type { MatchKind } from '../tables/entry.ts';

/** A value wider than a double holds exactly: decimal text (`"18446744073709551615"`). */
export type WireValue = string;

export interface KeyDescription {
  /** Control-plane name of the key field (`hdr.ipv4.dstAddr`). */
  readonly name: string;
  readonly matchKind: MatchKind;
  /** Bits; a `bool` key has width 1. */
  readonly width: number;
}

export interface ActionParamDescription {
  readonly name: string;
  readonly width: number;
}

export interface ActionDescription {
  readonly id: number;
  /** Control-plane name (`MyIngress.ipv4_forward`, `NoAction`). */
  readonly name: string;
  readonly params: readonly ActionParamDescription[];
}

/** An action as one table may use it. */
export interface TableActionDescription extends ActionDescription {
  /** `@defaultonly`: only as the default action. */
  readonly defaultOnly?: boolean;
  /** `@tableonly`: never as the default action. */
  readonly tableOnly?: boolean;
}

/** How one key field of a described entry matches. */
export type MatchDescription =
  | { readonly kind: 'exact'; readonly value: WireValue }
  | { readonly kind: 'lpm'; readonly value: WireValue; readonly prefixLength: number }
  | { readonly kind: 'ternary'; readonly value: WireValue; readonly mask: WireValue }
  | { readonly kind: 'range'; readonly low: WireValue; readonly high: WireValue }
  | { readonly kind: 'optional'; readonly value: WireValue }
  | { readonly kind: 'any' };

export interface EntryDescription {
  readonly matches: readonly MatchDescription[];
  readonly actionId: number;
  readonly args: readonly WireValue[];
  readonly priority?: number;
  /** An entry marked `const` in a non-const `entries` list: the control plane may not modify or remove it. */
  readonly isConst?: true;
}

export interface DefaultActionDescription {
  readonly actionId: number;
  readonly args: readonly WireValue[];
  readonly isConst: boolean;
}

export interface TableDescription {
  /** Control-plane name (`MyIngress.ipv4_lpm`). */
  readonly name: string;
  readonly id: number;
  readonly keys: readonly KeyDescription[];
  readonly actions: readonly TableActionDescription[];
  readonly defaultAction: DefaultActionDescription;
  /** `const entries`: present means the table rejects every control-plane change of its entries. */
  readonly constEntries?: readonly EntryDescription[];
  /** Non-const `entries`: installed at start, changeable afterwards. */
  readonly initialEntries?: readonly EntryDescription[];
  readonly size?: number;
  readonly directCounter?: string;
  readonly directMeter?: string;
  /**
   * v1model's `support_timeout = true` or PSA's `psa_idle_timeout = NOTIFY_CONTROL`: generated
   * code sets the entries' hit flags, so the entries can age (P4Runtime idle timeouts). Absent: no.
   */
  readonly supportTimeout?: true;
}
