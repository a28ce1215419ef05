import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, messageType } from '../../../runtime/p4runtime/schema.ts';
import { parseText, printText, TextFormatError } from '../../../runtime/p4runtime/text-format.ts';

const P4Info = messageType('p4.config.v1.P4Info');
const WriteRequest = messageType('p4.v1.WriteRequest');

describe('text format', () => {
  it('prints fields in field-number order, nested messages, enums, bytes with C escapes, maps sorted by key', () => {
    const text = printText(P4Info, {
      type_info: { structs: { z: { members: [] }, a: { members: [{ name: 'f', type_spec: { bool: {} } }] } } },
      tables: [{ size: 3, preamble: { name: 't"x', id: 7 }, initial_default_action: { action_id: 1, arguments: [{ param_id: 1, value: new Uint8Array([0, 10, 65, 200]) }] } }],
      pkg_info: { arch: 'v1model' },
    });
    expect(text).toBe(
      [
        'pkg_info {',
        '  arch: "v1model"',
        '}',
        'tables {',
        '  preamble {',
        '    id: 7',
        '    name: "t\\"x"',
        '  }',
        '  initial_default_action {',
        '    action_id: 1',
        '    arguments {',
        '      param_id: 1',
        '      value: "\\000\\nA\\310"',
        '    }',
        '  }',
        '  size: 3',
        '}',
        'type_info {',
        '  structs {',
        '    key: "a"',
        '    value {',
        '      members {',
        '        name: "f"',
        '        type_spec {',
        '          bool {',
        '          }',
        '        }',
        '      }',
        '    }',
        '  }',
        '  structs {',
        '    key: "z"',
        '    value {',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('parses what it prints (write requests with random bytes, ids and enums)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.integer({ min: 1, max: 2 ** 32 - 1 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), type: fc.constantFrom('INSERT', 'MODIFY', 'DELETE') }), { maxLength: 5 }),
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
        (updates, low) => {
          const object = {
            device_id: '3',
            election_id: { low: low.toString() },
            updates: updates.map((u) => ({ type: u.type, entity: { table_entry: { table_id: u.id, match: [{ field_id: 1, exact: { value: u.bytes } }] } } })),
          };
          const canonical = decode(WriteRequest, encode(WriteRequest, object));
          const again = decode(WriteRequest, encode(WriteRequest, parseText(WriteRequest, printText(WriteRequest, canonical as object))));
          expect(again).toEqual(canonical);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads comments, `<>` braces, lists, adjacent strings and numbers in other bases', () => {
    const parsed = parseText(P4Info, '# a comment\npkg_info < arch: "v1" "model" >\ntables { preamble { id: 0x10 name: \'t\' } direct_resource_ids: [1, 2] }');
    expect(parsed).toEqual({ pkg_info: { arch: 'v1model' }, tables: [{ preamble: { id: 16, name: 't' }, direct_resource_ids: [1, 2] }] });
  });

  it('reports errors with their line', () => {
    const error = (text: string) => {
      try {
        parseText(P4Info, text);
      } catch (e) {
        return e instanceof TextFormatError ? e.message : `not a TextFormatError: ${String(e)}`;
      }
      return 'no error';
    };
    expect(error('tables {\n  preamble {\n    idd: 3\n  }\n}')).toBe("line 3: Preamble has no field 'idd'");
    expect(error('tables {\n  size: "x"\n}')).toBe('line 2: expected a number for size');
    expect(error('tables {\n  size: 3')).toBe("line 2: missing '}'");
    expect(error('pkg_info { arch: "abc }')).toBe('line 1: unterminated string');
  });
});
