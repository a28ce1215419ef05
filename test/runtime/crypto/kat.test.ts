/** Known-answer vectors from the standards: FIPS-197, SP 800-38A, GCM spec / SP 800-38D, RFC 1321, FIPS 180, RFC 2202, RFC 4231. */
import { describe, expect, it } from 'vitest';
import {
  AesKey,
  GcmKey,
  HmacKey,
  Md5,
  Sha1,
  Sha256,
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesGcmOpen,
  aesGcmSeal,
  bytesToHex,
  hexToBytes,
} from '../../../runtime/crypto/index.ts';
import type { BlockHash, HmacAlgorithm } from '../../../runtime/crypto/index.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('AES block cipher (FIPS-197 Appendix C)', () => {
  const pt = '00112233445566778899aabbccddeeff';
  const cases = [
    ['000102030405060708090a0b0c0d0e0f', '69c4e0d86a7b0430d8cdb78070b4c55a'],
    ['000102030405060708090a0b0c0d0e0f1011121314151617', 'dda97ca4864cdfe06eaf70a0ec0d7191'],
    ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '8ea2b7ca516745bfeafc49904b496089'],
  ] as const;
  for (const [key, ct] of cases) {
    it(`AES-${key.length * 4} encrypts and decrypts the example block`, () => {
      const k = new AesKey(hexToBytes(key));
      const b = hexToBytes(pt);
      k.encryptBlock(b, 0, b, 0);
      expect(bytesToHex(b)).toBe(ct);
      k.decryptBlock(b, 0, b, 0);
      expect(bytesToHex(b)).toBe(pt);
    });
  }

  it('FIPS-197 Appendix A.1 key expansion (last round key of AES-128)', () => {
    const k = new AesKey(hexToBytes('2b7e151628aed2a6abf7158809cf4f3c'));
    const last = Array.from(k.ek.subarray(40, 44), (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
    expect(last).toBe('d014f9a8c9ee2589e13f0cc8b6630ca6');
  });

  it('rejects bad key lengths', () => {
    expect(() => new AesKey(new Uint8Array(15))).toThrow(RangeError);
  });
});

describe('AES-CBC (SP 800-38A F.2)', () => {
  const iv = '000102030405060708090a0b0c0d0e0f';
  const pt =
    '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710';
  const cases = [
    [
      '2b7e151628aed2a6abf7158809cf4f3c',
      '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7',
    ],
    [
      '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b',
    ],
  ] as const;
  for (const [key, ct] of cases) {
    it(`AES-${key.length * 4}-CBC encrypts and decrypts in place inside a larger buffer`, () => {
      const k = new AesKey(hexToBytes(key));
      const buf = new Uint8Array(8 + 64 + 8).fill(0xee);
      buf.set(hexToBytes(pt), 8);
      aesCbcEncrypt(k, hexToBytes(iv), 0, buf, 8, 64);
      expect(bytesToHex(buf, 8, 64)).toBe(ct);
      expect(bytesToHex(buf, 0, 8)).toBe('ee'.repeat(8));
      expect(bytesToHex(buf, 72, 8)).toBe('ee'.repeat(8));
      aesCbcDecrypt(k, hexToBytes(iv), 0, buf, 8, 64);
      expect(bytesToHex(buf, 8, 64)).toBe(pt);
    });
  }

  it('refuses a length that is not a multiple of 16', () => {
    const k = new AesKey(new Uint8Array(16));
    expect(() => aesCbcEncrypt(k, new Uint8Array(16), 0, new Uint8Array(20), 0, 20)).toThrow(RangeError);
  });
});

describe('AES-GCM (GCM specification test cases 1–4, 13–16)', () => {
  const P4 =
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39';
  const A4 = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';
  const cases: { name: string; key: string; iv: string; pt: string; aad: string; ct: string; tag: string }[] = [
    { name: 'TC1', key: '00'.repeat(16), iv: '00'.repeat(12), pt: '', aad: '', ct: '', tag: '58e2fccefa7e3061367f1d57a4e7455a' },
    {
      name: 'TC2',
      key: '00'.repeat(16),
      iv: '00'.repeat(12),
      pt: '00'.repeat(16),
      aad: '',
      ct: '0388dace60b6a392f328c2b971b2fe78',
      tag: 'ab6e47d42cec13bdf53a67b21257bddf',
    },
    {
      name: 'TC4',
      key: 'feffe9928665731c6d6a8f9467308308',
      iv: 'cafebabefacedbaddecaf888',
      pt: P4,
      aad: A4,
      ct: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091',
      tag: '5bc94fbc3221a5db94fae95ae7121a47',
    },
    { name: 'TC13', key: '00'.repeat(32), iv: '00'.repeat(12), pt: '', aad: '', ct: '', tag: '530f8afbc74536b9a963b4f1c4cb738b' },
    {
      name: 'TC14',
      key: '00'.repeat(32),
      iv: '00'.repeat(12),
      pt: '00'.repeat(16),
      aad: '',
      ct: 'cea7403d4d606b6e074ec5d3baf39d18',
      tag: 'd0d1c8a799996bf0265b98b5d48ab919',
    },
    {
      name: 'TC16',
      key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
      iv: 'cafebabefacedbaddecaf888',
      pt: P4,
      aad: A4,
      ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
      tag: '76fc6ece0f4e1768cddf8853bb2d551b',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: seal and open`, () => {
      const g = new GcmKey(hexToBytes(c.key));
      const buf = hexToBytes(c.pt);
      const aad = hexToBytes(c.aad);
      const tag = new Uint8Array(16);
      aesGcmSeal(g, hexToBytes(c.iv), 0, aad, 0, aad.length, buf, 0, buf.length, tag, 0);
      expect(bytesToHex(buf)).toBe(c.ct);
      expect(bytesToHex(tag)).toBe(c.tag);
      expect(aesGcmOpen(g, hexToBytes(c.iv), 0, aad, 0, aad.length, buf, 0, buf.length, tag, 0)).toBe(true);
      expect(bytesToHex(buf)).toBe(c.pt);
    });
  }

  it('open refuses a wrong tag and leaves the ciphertext untouched', () => {
    const c = cases[2]!;
    const g = new GcmKey(hexToBytes(c.key));
    const buf = hexToBytes(c.ct);
    const aad = hexToBytes(c.aad);
    const tag = hexToBytes(c.tag);
    tag[15] ^= 1;
    expect(aesGcmOpen(g, hexToBytes(c.iv), 0, aad, 0, aad.length, buf, 0, buf.length, tag, 0)).toBe(false);
    expect(bytesToHex(buf)).toBe(c.ct);
  });
});

describe('hash functions', () => {
  const vectors: [string, () => BlockHash, string, string][] = [
    ['MD5', () => new Md5(), '', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['MD5', () => new Md5(), 'a', '0cc175b9c0f1b6a831c399e269772661'],
    ['MD5', () => new Md5(), 'abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['MD5', () => new Md5(), 'message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['MD5', () => new Md5(), 'abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      'MD5',
      () => new Md5(),
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
    ['SHA-1', () => new Sha1(), 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    [
      'SHA-1',
      () => new Sha1(),
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    ],
    ['SHA-256', () => new Sha256(), '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['SHA-256', () => new Sha256(), 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'SHA-256',
      () => new Sha256(),
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ];
  for (const [name, make, msg, digest] of vectors) {
    it(`${name}("${msg.length > 20 ? msg.slice(0, 20) + '…' : msg}")`, () => {
      const h = make();
      const m = ascii(msg);
      const out = new Uint8Array(h.digestLen);
      h.update(m, 0, m.length).finish(out, 0);
      expect(bytesToHex(out)).toBe(digest);
      // Same digest when fed byte by byte, and after reset.
      h.reset();
      for (let i = 0; i < m.length; i++) h.update(m, i, 1);
      h.finish(out, 0);
      expect(bytesToHex(out)).toBe(digest);
    });
  }

  it('SHA-256 of one million "a" (FIPS 180-2 B.3)', () => {
    const h = new Sha256();
    const chunk = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 1000; i++) h.update(chunk, 0, 1000);
    const out = new Uint8Array(32);
    h.finish(out, 0);
    expect(bytesToHex(out)).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });
});

describe('HMAC (RFC 2202, RFC 4231) and truncation (RFC 2403/2404/4868)', () => {
  const rep = (b: number, n: number): string => b.toString(16).padStart(2, '0').repeat(n);
  const hex = (s: string): string => bytesToHex(ascii(s));
  const cases: [HmacAlgorithm, string, string, string][] = [
    ['md5', rep(0x0b, 16), hex('Hi There'), '9294727a3638bb1c13f48ef8158bfc9d'],
    ['md5', hex('Jefe'), hex('what do ya want for nothing?'), '750c783e6ab0b503eaa86e310a5db738'],
    ['md5', rep(0xaa, 16), rep(0xdd, 50), '56be34521d144c88dbb8c733f0e8b3f6'],
    [
      'md5',
      rep(0xaa, 80),
      hex('Test Using Larger Than Block-Size Key - Hash Key First'),
      '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd',
    ],
    ['sha1', rep(0x0b, 20), hex('Hi There'), 'b617318655057264e28bc0b6fb378c8ef146be00'],
    ['sha1', hex('Jefe'), hex('what do ya want for nothing?'), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'],
    ['sha256', rep(0x0b, 20), hex('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [
      'sha256',
      hex('Jefe'),
      hex('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      'sha256',
      rep(0xaa, 131),
      hex('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
  ];
  for (const [alg, key, data, mac] of cases) {
    it(`HMAC-${alg} key ${key.slice(0, 8)}… (${key.length / 2} bytes)`, () => {
      const k = new HmacKey(alg, hexToBytes(key));
      const d = hexToBytes(data);
      const out = new Uint8Array(k.macLen);
      k.mac(d, 0, d.length, out, 0);
      expect(bytesToHex(out)).toBe(mac);
      expect(k.verify(d, 0, d.length, out, 0)).toBe(true);
      // Repeated use of one key gives the same answer (precomputed pads are not consumed).
      k.mac(d, 0, d.length, out, 0);
      expect(bytesToHex(out)).toBe(mac);
    });
  }

  it('truncated MACs are the digest prefix and verify only with the right bytes', () => {
    const md5 = new HmacKey('md5', hexToBytes(rep(0x0b, 16)), 0, 16, 12);
    const sha = new HmacKey('sha256', hexToBytes(rep(0x0b, 20)), 0, 20, 16);
    const msg = ascii('Hi There');
    const out = new Uint8Array(16);
    md5.mac(msg, 0, msg.length, out, 0);
    expect(bytesToHex(out, 0, 12)).toBe('9294727a3638bb1c13f48ef8');
    sha.mac(msg, 0, msg.length, out, 0);
    expect(bytesToHex(out)).toBe('b0344c61d8db38535ca8afceaf0bf12b');
    out[15] ^= 0x80;
    expect(sha.verify(msg, 0, msg.length, out, 0)).toBe(false);
  });
});
