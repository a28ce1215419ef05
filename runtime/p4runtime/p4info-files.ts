/**
 * P4Info files: `.txtpb` (and the older `.txt`) in the protobuf text format, `.binpb` (and
 * `.bin`) in the binary wire format — the suffixes p4c's `--p4runtime-files` understands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { P4Info } from './p4info.ts';
import { CONVERSION, encode, messageType } from './schema.ts';
import { parseText, printText } from './text-format.ts';

export const P4INFO_PROTO_FILE = 'p4/config/v1/p4info.proto';

export type P4InfoFormat = 'text' | 'binary';

export function p4infoFormatOf(path: string): P4InfoFormat | undefined {
  if (/\.(txtpb|txt)$/.test(path)) return 'text';
  if (/\.(binpb|bin)$/.test(path)) return 'binary';
  return undefined;
}

export function serializeP4Info(p4info: P4Info, format: P4InfoFormat): string | Uint8Array {
  const type = messageType('p4.config.v1.P4Info');
  // Through the wire form, so that what we print is exactly what a client would decode.
  const bytes = encode(type, p4info);
  if (format === 'binary') return bytes;
  return printText(type, type.toObject(type.decode(bytes), CONVERSION), P4INFO_PROTO_FILE);
}

export function writeP4InfoFile(p4info: P4Info, path: string): void {
  const format = p4infoFormatOf(path);
  if (format === undefined) throw new Error(`${path}: unknown P4Info file kind; known suffixes are .txtpb, .txt, .binpb and .bin`);
  writeFileSync(path, serializeP4Info(p4info, format));
}

/** Reads a P4Info file of either format. Throws with the file and line of a problem. */
export function readP4InfoFile(path: string): P4Info {
  const type = messageType('p4.config.v1.P4Info');
  const format = p4infoFormatOf(path);
  if (format === undefined) throw new Error(`${path}: unknown P4Info file kind; known suffixes are .txtpb, .txt, .binpb and .bin`);
  const data = readFileSync(path);
  try {
    if (format === 'binary') return type.toObject(type.decode(data), CONVERSION) as P4Info;
    const parsed = parseText(type, data.toString('utf8'));
    return type.toObject(type.fromObject(parsed), CONVERSION) as P4Info;
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
