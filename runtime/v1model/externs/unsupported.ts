/**
 * v1model externs this runtime does not implement yet. Constructing one throws, so a program
 * that needs them fails loudly at load time instead of forwarding packets wrongly.
 * - `action_profile`, `action_selector` (indirect tables with members/groups and selector hashing)
 * - `Checksum16` (deprecated v1model extern)
 * `hash`, `verify_checksum`, `update_checksum` (and `_with_payload`) are provided by
 * `runtime/externs/hash.ts`, not here.
 */
export class NotSupportedError extends Error {
  constructor(what: string) {
    super(`v1model extern '${what}' is not supported by the p4ts runtime yet`);
    this.name = 'NotSupportedError';
  }
}

export class ActionProfile {
  constructor(readonly name: string, _size: number) {
    throw new NotSupportedError('action_profile');
  }
}

export class ActionSelector {
  constructor(readonly name: string, _algorithm: number, _size: number, _outputWidth: number) {
    throw new NotSupportedError('action_selector');
  }
}
