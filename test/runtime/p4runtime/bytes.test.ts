/** P4Runtime byte strings against the specification's tables of valid and invalid encodings. */
import { describe, expect, it } from 'vitest';
import { bigToBytes, bigToSignedBytes, bytesToBig, signedBytesToBig } from '../../../runtime/p4runtime/server/bytes.ts';
import { P4RuntimeError } from '../../../runtime/p4runtime/server/status.ts';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const codeOf = (f: () => unknown): number => {
  try {
    f();
    return 0;
  } catch (e) {
    return (e as P4RuntimeError).code;
  }
};

describe('byte strings', () => {
  it('bit<W>: any length while the value fits, canonical answers in the fewest bytes', () => {
    for (const [width, value, text] of [[8, 0x63n, '63'], [16, 0x63n, '0063'], [16, 0x63n, '63'], [16, 0x3064n, '003064'], [12, 0x63n, '000063']] as const) expect(bytesToBig(hex(text), width, 'v')).toBe(value);
    for (const [width, text] of [[8, '0163'], [16, '010063'], [12, '1063'], [12, '010063'], [12, '004063']] as const) expect(codeOf(() => bytesToBig(hex(text), width, 'v'))).toBe(11);
    expect(codeOf(() => bytesToBig(new Uint8Array(), 8, 'v'))).toBe(3);
    expect(Buffer.from(bigToBytes(0x3064n)).toString('hex')).toBe('3064');
    expect(Buffer.from(bigToBytes(0n)).toString('hex')).toBe('00');
  });

  it('int<W>: sign extension undone before the width is checked; answers in the fewest two\'s complement bytes', () => {
    for (const [width, value, text] of [[8, 99n, '63'], [8, -99n, '9d'], [8, -99n, 'ff9d'], [12, -739n, 'fd1d'], [16, 0n, '0000'], [16, 0n, '00']] as const) expect(signedBytesToBig(hex(text), width, 'v')).toBe(value);
    for (const [width, text] of [[8, '009d'], [12, '8d1d']] as const) expect(codeOf(() => signedBytesToBig(hex(text), width, 'v'))).toBe(11);
    expect(codeOf(() => signedBytesToBig(new Uint8Array(), 16, 'v'))).toBe(3);
    for (const [value, text] of [[99n, '63'], [-99n, '9d'], [-739n, 'fd1d'], [0n, '00'], [200n, '00c8'], [-128n, '80'], [-129n, 'ff7f']] as const) expect(Buffer.from(bigToSignedBytes(value)).toString('hex')).toBe(text);
  });
});
