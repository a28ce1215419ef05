/**
 * Static facts about IR statement lists that the path walk asks at every choice: does a branch
 * contain an extern site, must every way through it call one, may it drop the packet. Memoised
 * per list (the walk asks about the same branches again and again).
 */
import type { IrStatement } from '../ir/nodes.ts';
import { childLists } from '../ir/walk.ts';

function anyStatement(list: readonly IrStatement[], memo: WeakMap<object, boolean>, test: (s: IrStatement) => boolean): boolean {
  const cached = memo.get(list);
  if (cached !== undefined) return cached;
  const found = list.some((s) => test(s) || childLists(s).some((c) => anyStatement(c.list, memo, test)));
  memo.set(list, found);
  return found;
}

const siteMemo = new WeakMap<object, boolean>();
const dropMemo = new WeakMap<object, boolean>();
const mustMemo = new WeakMap<object, boolean>();

/** Whether some way through `list` calls an extern site. */
export function hasSite(list: readonly IrStatement[]): boolean {
  return anyStatement(list, siteMemo, (s) => s.kind === 'callExtern' && s.call.site !== undefined);
}

/** Whether some way through `list` marks the packet to be dropped (v1model `mark_to_drop`). */
export function hasDrop(list: readonly IrStatement[]): boolean {
  return anyStatement(list, dropMemo, (s) => s.kind === 'callExtern' && s.call.name === 'mark_to_drop');
}

/** Whether every way through `list` calls an extern site (`break`s ignored: an approximation). */
export function mustSite(list: readonly IrStatement[]): boolean {
  const cached = mustMemo.get(list);
  if (cached !== undefined) return cached;
  const must = list.some((s) => {
    switch (s.kind) {
      case 'callExtern': return s.call.site !== undefined;
      case 'if': return mustSite(s.then) && mustSite(s.otherwise);
      case 'switch': return s.cases.some((c) => c.isDefault) && s.cases.every((c) => mustSite(c.body));
      case 'labeled': return mustSite(s.body);
      case 'applyTable': return s.actions.length > 0 && s.actions.every((a) => mustSite(a.body));
      default: return false;
    }
  });
  mustMemo.set(list, must);
  return must;
}
