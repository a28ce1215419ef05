/** The SAs of test/fixtures/esp/README.md, and fixture loading. */
import { fileURLToPath } from 'node:url';
import { readPcapFile } from '../../../runtime/io/pcap.ts';
import type { SaConfig } from '../../../runtime/ipsec/index.ts';

export const fixtureDir = fileURLToPath(new URL('../../fixtures/esp/', import.meta.url));

export const FIXTURE_SAS: { file: string; config: SaConfig }[] = [
  {
    file: 'esp-aes128cbc-hmacmd5.pcap',
    config: {
      spi: 0x1001,
      suite: 'aes128-cbc-hmac-md5-96',
      encKey: '2b7e151628aed2a6abf7158809cf4f3c',
      authKey: '000102030405060708090a0b0c0d0e0f',
      tunnelSrc: '10.0.0.1',
      tunnelDst: '10.0.0.2',
      ivMode: { kind: 'deterministic', baseIv: '000102030405060708090a0b0c0d0e0f' },
    },
  },
  {
    file: 'esp-aes256cbc-hmacsha256.pcap',
    config: {
      spi: 0x1002,
      suite: 'aes256-cbc-hmac-sha256-128',
      encKey: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      authKey: '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f',
      tunnelSrc: '10.0.0.1',
      tunnelDst: '10.0.0.2',
      ivMode: { kind: 'deterministic', baseIv: 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff' },
    },
  },
  {
    file: 'esp-aes128gcm.pcap',
    config: {
      spi: 0x1003,
      suite: 'aes128-gcm',
      encKey: 'feffe9928665731c6d6a8f9467308308',
      salt: 'cafebabe',
      tunnelSrc: '10.0.0.1',
      tunnelDst: '10.0.0.2',
      ivMode: { kind: 'deterministic', baseIv: 'cafebabefacedbad' },
    },
  },
];

export function fixtureFrames(file: string): Uint8Array[] {
  return readPcapFile(fixtureDir + file).records.map((r) => r.data);
}
