/**
 * The p4ts sections of an entries JSON file (`runtime/control/entries-json.ts`):
 *
 * ```json
 * { "p4ts_security_associations": [ { "index": 0, "spi": "0x1001", "suite": "aes128-cbc-hmac-md5-96",
 *                                      "enc_key": "2b7e…", "auth_key": "0001…", "src": "10.0.0.1",
 *                                      "dst": "10.0.0.2", "iv": "random" } ],
 *   "p4ts_keys": [ { "index": 0, "aes": "2b7e…", "iv": "0001…", "hmac": "0f0e…" } ] }
 * ```
 *
 * They configure the program's `SecurityStore` (the ESP security associations and payload keys
 * of compiler/p4include/p4ts.p4); their fields are those of the STF commands `p4ts_sa` /
 * `p4ts_key` (`config.ts`), as JSON strings, numbers or booleans.
 */
import { EntryProblem, intField, isJsonObject, type EntrySection, type JsonValue } from '../control/entries-json.ts';
import { describe as describeValue } from '../control/values.ts';
import type { SaConfig } from '../ipsec/sa.ts';
import { keyConfigFromFields, saConfigFromFields, type FieldValues } from './config.ts';
import type { PayloadKeyConfig } from './security-store.ts';

/** What the sections configure: the program's `SecurityStore` (control-plane object `p4ts.security`). */
export interface SecurityTarget {
  setSa(index: number, config: SaConfig): void;
  setKey(index: number, config: PayloadKeyConfig): void;
}

/**
 * The sections `p4ts_security_associations` and `p4ts_keys`; `security` is undefined when the
 * program uses no p4ts extern (every element is then an error saying so).
 */
export function p4tsEntrySections(security: SecurityTarget | undefined): EntrySection[] {
  const section = (key: string, what: string, apply: (security: SecurityTarget, index: number, fields: FieldValues) => void): EntrySection => ({
    key,
    defaultNear: 'index',
    apply: (item: JsonValue) => {
      if (!security) throw new EntryProblem(`the program uses no p4ts extern: it has no ${what} to configure`);
      if (!isJsonObject(item)) throw new EntryProblem(`expected an object, got ${describeValue(item)}`);
      const index = intField(item, 'index');
      const fields: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(item)) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new EntryProblem(`"${k}" must be a string, number or boolean`, k);
        fields[k] = v;
      }
      try {
        apply(security, index, fields);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new EntryProblem(`${what} ${index}: ${message}`, fieldNamed(message, fields));
      }
    },
  });
  return [
    section('p4ts_security_associations', 'security association', (s, index, fields) => s.setSa(index, saConfigFromFields(fields))),
    section('p4ts_keys', 'key', (s, index, fields) => s.setKey(index, keyConfigFromFields(fields))),
  ];
}

/** The field a config error names (`spi: ...`, `unknown field x`), to point at its line. */
function fieldNamed(message: string, fields: FieldValues): string | undefined {
  const m = /^(?:unknown field (\w+)|(\w+):)/.exec(message);
  const name = m?.[1] ?? m?.[2];
  if (name !== undefined && name in fields) return name;
  // `invalid hex string 'zz'`: the field holding the quoted value.
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' && v !== '' && message.includes(`'${v}'`)) return k;
  return undefined;
}
