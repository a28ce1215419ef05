/**
 * Header stacks as generated code lays them out: a fixed array of header objects and the
 * `nextIndex` of the P4 specification.
 */
export interface HeaderLike {
  $valid: boolean;
}

export interface HeaderStack<H extends HeaderLike> {
  readonly items: H[];
  nextIndex: number;
}

/**
 * `push_front(count)`: elements move up by `count` (those pushed past the end are lost), the
 * first `count` become invalid, `nextIndex` grows (up to the size).
 */
export function stackPushFront<H extends HeaderLike>(stack: HeaderStack<H>, count: number, copy: (dst: H, src: H) => void): void {
  const items = stack.items;
  const size = items.length;
  for (let i = size - 1; i >= count; i--) copy(items[i]!, items[i - count]!);
  for (let i = 0; i < count && i < size; i++) items[i]!.$valid = false;
  stack.nextIndex = Math.min(size, stack.nextIndex + count);
}

/** `pop_front(count)`: elements move down by `count`, the last `count` become invalid. */
export function stackPopFront<H extends HeaderLike>(stack: HeaderStack<H>, count: number, copy: (dst: H, src: H) => void): void {
  const items = stack.items;
  const size = items.length;
  for (let i = 0; i + count < size; i++) copy(items[i]!, items[i + count]!);
  for (let i = Math.max(0, size - count); i < size; i++) items[i]!.$valid = false;
  stack.nextIndex = Math.max(0, stack.nextIndex - count);
}
