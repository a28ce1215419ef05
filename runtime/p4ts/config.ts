/**
 * The control-plane forms of p4ts's security settings, shared by the STF commands
 * (`p4ts_sa INDEX key=value ...`, `p4ts_key INDEX key=value ...`) and the entries JSON
 * (`"p4ts_security_associations": [{ "index": 0, "spi": ..., ... }]`, `"p4ts_keys": [...]`):
 *
 * | SA field | meaning |
 * | --- | --- |
 * | `spi` | Security Parameters Index (decimal or 0x hex) |
 * | `suite` | `aes128-cbc-hmac-md5-96`, `aes256-cbc-hmac-sha256-128` or `aes128-gcm` |
 * | `enc_key`, `auth_key`, `salt` | hex |
 * | `src`, `dst` | tunnel endpoints, dotted IPv4 |
 * | `iv` | `random`, or a hex base IV: packet i uses base + i (deterministic, for tests) |
 * | `first_seq` | first sequence number (default 1) |
 * | `anti_replay` | `true`/`false` (default true) |
 *
 * Key fields: `aes` (16 bytes hex), `iv` (16 bytes hex), `hmac` (hex).
 */
import { ESP_SUITES, type EspSuite, type SaConfig } from '../ipsec/sa.ts';
import type { PayloadKeyConfig } from './security-store.ts';

export type FieldValues = Readonly<Record<string, string | number | boolean>>;

function text(fields: FieldValues, name: string, required: boolean): string | undefined {
  const v = fields[name];
  if (v === undefined) {
    if (required) throw new RangeError(`missing ${name}`);
    return undefined;
  }
  return String(v);
}

function integer(value: string, name: string): number {
  const n = /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value.slice(2), 16) : /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name}: '${value}' is not a number`);
  return n;
}

const KNOWN_SA_FIELDS = new Set(['index', 'spi', 'suite', 'enc_key', 'auth_key', 'salt', 'src', 'dst', 'iv', 'first_seq', 'anti_replay']);
const KNOWN_KEY_FIELDS = new Set(['index', 'aes', 'iv', 'hmac']);

function checkFields(fields: FieldValues, known: ReadonlySet<string>): void {
  for (const k of Object.keys(fields)) if (!known.has(k)) throw new RangeError(`unknown field ${k}`);
}

/** An ESP security association from its control-plane fields; throws RangeError naming the field. */
export function saConfigFromFields(fields: FieldValues): SaConfig {
  checkFields(fields, KNOWN_SA_FIELDS);
  const suite = text(fields, 'suite', true)! as EspSuite;
  if (!ESP_SUITES.includes(suite)) throw new RangeError(`suite: '${suite}' is not one of ${ESP_SUITES.join(', ')}`);
  const iv = text(fields, 'iv', false) ?? 'random';
  const authKey = text(fields, 'auth_key', false);
  const salt = text(fields, 'salt', false);
  const firstSeq = text(fields, 'first_seq', false);
  const antiReplay = text(fields, 'anti_replay', false);
  return {
    spi: integer(text(fields, 'spi', true)!, 'spi'),
    suite,
    encKey: text(fields, 'enc_key', true)!,
    ...(authKey !== undefined ? { authKey } : {}),
    ...(salt !== undefined ? { salt } : {}),
    tunnelSrc: text(fields, 'src', true)!,
    tunnelDst: text(fields, 'dst', true)!,
    ivMode: iv === 'random' ? { kind: 'random' } : { kind: 'deterministic', baseIv: iv },
    ...(firstSeq !== undefined ? { firstSeq: integer(firstSeq, 'first_seq') } : {}),
    ...(antiReplay !== undefined ? { antiReplay: antiReplay === 'true' } : {}),
  };
}

export function keyConfigFromFields(fields: FieldValues): PayloadKeyConfig {
  checkFields(fields, KNOWN_KEY_FIELDS);
  const aesKey = text(fields, 'aes', false);
  const iv = text(fields, 'iv', false);
  const hmacKey = text(fields, 'hmac', false);
  if (aesKey === undefined && hmacKey === undefined) throw new RangeError('a key needs aes or hmac');
  return { ...(aesKey !== undefined ? { aesKey } : {}), ...(iv !== undefined ? { iv } : {}), ...(hmacKey !== undefined ? { hmacKey } : {}) };
}
