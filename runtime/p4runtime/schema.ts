/**
 * The P4Runtime wire contract, loaded from our `.proto` files (`proto/`) with protobufjs: the
 * message types by full name, and the two conversions everything uses — `decode` (bytes → plain
 * object: snake_case fields, enums as names, 64-bit integers as decimal strings, bytes as
 * `Uint8Array`, `oneofs` naming the member that is set) and `encode` (plain object → bytes).
 */
import protobuf from 'protobufjs';

export const PROTO_DIR = new URL('./proto/', import.meta.url).pathname;

const FILES = ['p4/v1/p4runtime.proto', 'google/rpc/code.proto'];

function load(): protobuf.Root {
  const root = new protobuf.Root();
  // google/protobuf/*.proto come with protobufjs; everything else is ours.
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : PROTO_DIR + target);
  root.loadSync(FILES, { keepCase: true });
  root.resolveAll();
  return root;
}

export const protoRoot = load();

/** A message type by its full name (`p4.v1.WriteRequest`). */
export function messageType(name: string): protobuf.Type {
  return protoRoot.lookupType(name);
}

export const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, oneofs: true, defaults: false };

/** Bytes → the plain-object form of a message. Throws on malformed input. */
export function decode<T>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), CONVERSION) as T;
}

/** The plain-object form of a message → bytes. Throws when a field does not fit its type. */
export function encode(type: protobuf.Type, object: object): Uint8Array {
  const message = type.fromObject(object);
  return type.encode(message).finish();
}

/** A message (plain object) packed into a `google.protobuf.Any`. */
export function packAny(type: protobuf.Type, object: object): { type_url: string; value: Uint8Array } {
  return { type_url: `type.googleapis.com/${type.fullName.replace(/^\./, '')}`, value: encode(type, object) };
}
