import { describe, expect, it } from 'vitest';
import { espSizes, ipsecWork, loadProfile, profiles } from '../../../runtime/model/index.ts';
import { hmacBlocks } from '../../../runtime/model/programs.ts';

describe('paper programs (stand-in PacketWork)', () => {
  it('ESP tunnel sizes of a 64-byte frame with AES-128-CBC + HMAC-MD5-96', () => {
    const esp = espSizes(60);
    expect(esp.innerPacket).toBe(46);
    expect(esp.ciphertext).toBe(48); // 46 + 2-byte trailer, already a multiple of 16
    expect(esp.aesBlocks).toBe(3);
    expect(esp.authenticated).toBe(8 + 16 + 48);
    expect(esp.hmacBlocks).toBe(3); // inner 2 (72 + 9 bytes of padding/length), outer 1
    expect(esp.frameOut).toBe(14 + 20 + 8 + 16 + 48 + 12);
  });
  it('HMAC block counts', () => {
    expect(hmacBlocks(55)).toBe(2);
    expect(hmacBlocks(56)).toBe(3);
  });
  it('IPsec extern path carries one chained cipher + auth task', () => {
    const w = ipsecWork();
    expect(w.plain.externCalls).toHaveLength(0);
    expect(w.extern.externCalls[0]!.ops.map((o) => o.kind)).toEqual(['aes-cbc', 'hmac']);
  });
  it('profiles load by name and reject unknown names', () => {
    expect(loadProfile('apu4d4')).toBe(profiles.apu4d4);
    expect(() => loadProfile('pdp-11')).toThrow(/unknown target/);
  });
});
