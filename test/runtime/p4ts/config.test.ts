/**
 * The control-plane forms of the p4ts security settings: field parsing (shared by STF and entries
 * JSON), the entries JSON sections with their line-numbered errors, the store's plain-JSON
 * configuration and its publication to a worker (SharedSecurityConfig).
 */
import { describe, expect, it } from 'vitest';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import { p4tsEntrySections } from '../../../runtime/p4ts/entries-sections.ts';
import { formatControlDiagnostic } from '../../../runtime/control/errors.ts';
import { keyConfigFromFields, saConfigFromFields } from '../../../runtime/p4ts/config.ts';
import { SecurityStore } from '../../../runtime/p4ts/security-store.ts';
import { SharedSecurityConfig } from '../../../runtime/p4ts/shared-config.ts';

const SA_FIELDS = {
  index: 0,
  spi: '0x1001',
  suite: 'aes128-cbc-hmac-md5-96',
  enc_key: '2b7e151628aed2a6abf7158809cf4f3c',
  auth_key: '000102030405060708090a0b0c0d0e0f',
  src: '10.0.0.1',
  dst: '10.0.0.2',
} as const;

describe('saConfigFromFields / keyConfigFromFields', () => {
  it('reads SPIs in hex or decimal, random or deterministic IVs, first_seq and anti_replay', () => {
    expect(saConfigFromFields(SA_FIELDS)).toEqual({
      spi: 0x1001,
      suite: 'aes128-cbc-hmac-md5-96',
      encKey: SA_FIELDS.enc_key,
      authKey: SA_FIELDS.auth_key,
      tunnelSrc: '10.0.0.1',
      tunnelDst: '10.0.0.2',
      ivMode: { kind: 'random' },
    });
    const c = saConfigFromFields({ ...SA_FIELDS, spi: 4098, iv: '000102030405060708090a0b0c0d0e0f', first_seq: '0x10', anti_replay: false });
    expect(c.spi).toBe(4098);
    expect(c.ivMode).toEqual({ kind: 'deterministic', baseIv: '000102030405060708090a0b0c0d0e0f' });
    expect(c.firstSeq).toBe(16);
    expect(c.antiReplay).toBe(false);
    const gcm = saConfigFromFields({ index: 1, spi: 7, suite: 'aes128-gcm', enc_key: 'feffe9928665731c6d6a8f9467308308', salt: 'cafebabe', src: '1.1.1.1', dst: '2.2.2.2' });
    expect(gcm.salt).toBe('cafebabe');
    expect(gcm.authKey).toBeUndefined();
  });

  it('names the field at fault', () => {
    const { spi: _spi, ...noSpi } = SA_FIELDS;
    expect(() => saConfigFromFields(noSpi)).toThrow('missing spi');
    expect(() => saConfigFromFields({ ...SA_FIELDS, spi: 'x12' })).toThrow("spi: 'x12' is not a number");
    expect(() => saConfigFromFields({ ...SA_FIELDS, suite: 'des' })).toThrow(/^suite: 'des' is not one of/);
    expect(() => saConfigFromFields({ ...SA_FIELDS, cipher: 'aes' })).toThrow('unknown field cipher');
    expect(() => saConfigFromFields({ ...SA_FIELDS, first_seq: '-1' })).toThrow("first_seq: '-1' is not a number");
    expect(() => keyConfigFromFields({ index: 0, iv: '00' })).toThrow('a key needs aes or hmac');
    expect(() => keyConfigFromFields({ index: 0, aes: '00', des: '11' })).toThrow('unknown field des');
    expect(keyConfigFromFields({ index: 0, aes: 'aa', iv: 'bb', hmac: 'cc' })).toEqual({ aesKey: 'aa', iv: 'bb', hmacKey: 'cc' });
  });

  it('the store checks what the fields cannot: key lengths, addresses, index range', () => {
    const s = new SecurityStore();
    expect(() => s.setSa(0, saConfigFromFields({ ...SA_FIELDS, enc_key: '00' }))).toThrow(/cipher key must be 16 bytes/);
    expect(() => s.setSa(0, saConfigFromFields({ ...SA_FIELDS, src: '10.0.0.300' }))).toThrow(/invalid IPv4 address/);
    expect(() => s.setSa(70000, saConfigFromFields(SA_FIELDS))).toThrow(/out of range/);
    expect(() => s.setKey(0, keyConfigFromFields({ aes: '2b7e151628aed2a6abf7158809cf4f3c', iv: '00' }))).toThrow(/IV must be 16 bytes/);
  });
});

const JSON_TEXT = `{
  "p4ts_security_associations": [
    { "index": 0, "spi": "0x1001", "suite": "aes128-cbc-hmac-md5-96",
      "enc_key": "2b7e151628aed2a6abf7158809cf4f3c", "auth_key": "000102030405060708090a0b0c0d0e0f",
      "src": "10.0.0.1", "dst": "10.0.0.2", "iv": "random" },
    { "index": 1, "spi": 4098, "suite": "aes256-cbc-hmac-sha256-128",
      "enc_key": "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
      "auth_key": "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
      "src": "10.0.0.1", "dst": "10.0.0.2", "iv": "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", "anti_replay": false }
  ],
  "p4ts_keys": [
    { "index": 0, "aes": "2b7e151628aed2a6abf7158809cf4f3c", "iv": "000102030405060708090a0b0c0d0e0f", "hmac": "0f0e" },
    { "index": 3, "hmac": "00112233" }
  ]
}`;

describe('entries JSON: p4ts_security_associations and p4ts_keys', () => {
  it('installs the SAs and keys in the security store', () => {
    const s = new SecurityStore();
    const r = loadEntriesJson(JSON_TEXT, 'sec.json', { tables: [], sections: p4tsEntrySections(s) });
    expect(r.diagnostics).toEqual([]);
    expect(r.applied).toBe(4);
    expect(s.sa(0)?.spi).toBe(0x1001);
    expect(s.get(4098)).toBe(s.sa(1));
    expect(s.sa(1)?.config.ivMode).toEqual({ kind: 'deterministic', baseIv: 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff' });
    expect(s.sa(1)?.config.antiReplay).toBe(false);
    expect(s.key(0)?.aes).not.toBeNull();
    expect(s.key(3)?.aes).toBeNull();
    expect(s.key(3)?.hmac).not.toBeNull();
  });

  it('reports each bad entry with its line, and still applies the good ones', () => {
    const text = `{
  "p4ts_security_associations": [
    { "index": 0, "spi": "0x1001", "suite": "aes128-cbc-hmac-md5-96",
      "enc_key": "2b7e151628aed2a6abf7158809cf4f3c", "auth_key": "00",
      "src": "10.0.0.1", "dst": "10.0.0.2" },
    { "index": 1, "suite": "aes128-gcm", "enc_key": "feffe9928665731c6d6a8f9467308308",
      "salt": "cafebabe", "src": "10.0.0.1", "dst": "10.0.0.2",
      "spi": "nope" },
    { "index": 2, "spi": 5, "suite": "aes128-gcm", "enc_key": "feffe9928665731c6d6a8f9467308308",
      "salt": "cafebabe", "src": "10.0.0.1", "dst": "10.0.0.2" },
    { "spi": 6 },
    { "index": 4, "spi": 7, "suite": "aes128-gcm", "enc_key": "feffe9928665731c6d6a8f9467308308",
      "salt": "cafebabe", "src": "10.0.0.1", "dst": "10.0.0.2",
      "colour": "blue" }
  ],
  "p4ts_keys": [
    { "index": 0,
      "aes": "zz" },
    { "index": 1, "iv": "00" },
    { "index": 2, "aes": ["00"] }
  ]
}`;
    const s = new SecurityStore();
    const r = loadEntriesJson(text, 'bad.json', { tables: [], sections: p4tsEntrySections(s) });
    expect(r.diagnostics.map(formatControlDiagnostic)).toEqual([
      'bad.json(3): error: p4ts_security_associations[0]: security association 0: aes128-cbc-hmac-md5-96: integrity key must be 16 bytes, got 1',
      "bad.json(8): error: p4ts_security_associations[1]: security association 1: spi: 'nope' is not a number",
      'bad.json(11): error: p4ts_security_associations[3]: "index" must be an integer',
      'bad.json(14): error: p4ts_security_associations[4]: security association 4: unknown field colour',
      "bad.json(18): error: p4ts_keys[0]: key 0: invalid hex string 'zz'",
      'bad.json(19): error: p4ts_keys[1]: key 1: a key needs aes or hmac',
      'bad.json(20): error: p4ts_keys[2]: "aes" must be a string, number or boolean',
    ]);
    expect(r.applied).toBe(1);
    expect(s.sa(2)?.spi).toBe(5);
  });

  it('a program without p4ts externs has nothing to configure', () => {
    const r = loadEntriesJson(JSON_TEXT, 'sec.json', { tables: [], sections: p4tsEntrySections(undefined) });
    expect(r.diagnostics[0] && formatControlDiagnostic(r.diagnostics[0])).toBe(
      'sec.json(3): error: p4ts_security_associations[0]: the program uses no p4ts extern: it has no security association to configure',
    );
    expect(r.diagnostics).toHaveLength(4);
    const notArray = loadEntriesJson('{\n  "p4ts_keys": {}\n}', 'k.json', { tables: [], sections: p4tsEntrySections(new SecurityStore()) });
    expect(notArray.diagnostics.map(formatControlDiagnostic)).toEqual(['k.json(2): error: p4ts_keys: expected an array']);
  });
});

describe('SecurityStore configuration and SharedSecurityConfig', () => {
  function filled(): SecurityStore {
    const s = new SecurityStore();
    loadEntriesJson(JSON_TEXT, 'sec.json', { tables: [], sections: p4tsEntrySections(s) });
    return s;
  }

  it('a store rebuilt from its plain-JSON configuration is the same', () => {
    const s = filled();
    const copy = SecurityStore.fromConfig(JSON.parse(JSON.stringify(s.config())) as ReturnType<SecurityStore['config']>);
    expect(copy.config()).toEqual(s.config());
    expect(copy.config().keys[1]).toBeNull();
    expect(copy.get(4098)?.spi).toBe(4098);
  });

  it('publishes configurations a reader sees whole, with an even version that grows', () => {
    const writer = new SharedSecurityConfig(1 << 16);
    const reader = new SharedSecurityConfig(writer.sab);
    expect(reader.read()).toEqual({ version: 0, config: { sas: [], keys: [] } });
    const s = filled();
    writer.publish(s.config());
    const first = reader.read();
    expect(first?.version).toBe(2);
    expect(first?.config).toEqual(s.config());
    s.setKey(5, { hmacKey: 'abcd' });
    writer.publish(s.config());
    expect(reader.version).toBe(4);
    expect(reader.read()?.config.keys[5]).toEqual({ hmacKey: 'abcd' });
  });

  it('a reader gets nothing while a write is in progress (odd version) or when it changes under it', () => {
    const writer = new SharedSecurityConfig(1 << 12);
    writer.publish({ sas: [], keys: [{ hmacKey: '00' }] });
    const words = new Int32Array(writer.sab, 0, 2);
    Atomics.add(words, 0, 1);
    expect(new SharedSecurityConfig(writer.sab).read()).toBeUndefined();
    Atomics.add(words, 0, 1);
    expect(new SharedSecurityConfig(writer.sab).read()?.config.keys).toEqual([{ hmacKey: '00' }]);
  });

  it('refuses a configuration larger than its buffer', () => {
    const small = new SharedSecurityConfig(64);
    expect(() => small.publish(filled().config())).toThrow(/too large/);
    expect(small.version).toBe(0);
  });
});
