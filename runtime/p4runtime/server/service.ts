/**
 * The gRPC side of the P4Runtime server: the `p4.v1.P4Runtime` service definition (our .proto
 * messages through protobufjs), its handlers calling a `P4RuntimeDevice`, and a client for the
 * same definition (tests, `p4ts test --via-p4runtime`). Every error is a gRPC status with the
 * specification's code; a failed Write carries a `google.rpc.Status` with one `p4.v1.Error` per
 * update in the `grpc-status-details-bin` trailer. Nothing a client sends can throw out of here.
 */
import * as grpc from '@grpc/grpc-js';
import { decode, encode, messageType } from '../schema.ts';
import type { P4RuntimeDevice, Session } from './device.ts';
import type * as M from './messages.ts';
import { asP4RuntimeError, Code, P4RuntimeError, writeStatusDetails } from './status.ts';

interface MethodShape {
  readonly name: string;
  readonly request: string;
  readonly response: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

const METHODS: readonly MethodShape[] = [
  { name: 'Write', request: 'WriteRequest', response: 'WriteResponse', requestStream: false, responseStream: false },
  { name: 'Read', request: 'ReadRequest', response: 'ReadResponse', requestStream: false, responseStream: true },
  { name: 'SetForwardingPipelineConfig', request: 'SetForwardingPipelineConfigRequest', response: 'SetForwardingPipelineConfigResponse', requestStream: false, responseStream: false },
  { name: 'GetForwardingPipelineConfig', request: 'GetForwardingPipelineConfigRequest', response: 'GetForwardingPipelineConfigResponse', requestStream: false, responseStream: false },
  { name: 'StreamChannel', request: 'StreamMessageRequest', response: 'StreamMessageResponse', requestStream: true, responseStream: true },
  { name: 'Capabilities', request: 'CapabilitiesRequest', response: 'CapabilitiesResponse', requestStream: false, responseStream: false },
];

/**
 * A request message the server could not decode (bytes that are not the message): its handler
 * answers INVALID_ARGUMENT. (A deserializer that throws would make grpc-js answer INTERNAL.)
 */
class UndecodableRequest {
  constructor(readonly reason: string) {}
}

function decodeRequest(type: ReturnType<typeof messageType>, b: Buffer): object {
  try {
    return decode<object>(type, b);
  } catch (e) {
    return new UndecodableRequest(`undecodable ${type.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Throws INVALID_ARGUMENT for a request that could not be decoded. */
function requireDecoded(request: object): void {
  if (request instanceof UndecodableRequest) throw new P4RuntimeError(Code.INVALID_ARGUMENT, request.reason);
}

/** The service definition, for a server (`addService`) or a client (`makeGenericClientConstructor`). */
export function p4runtimeServiceDefinition(): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const m of METHODS) {
    const request = messageType(`p4.v1.${m.request}`);
    const response = messageType(`p4.v1.${m.response}`);
    definition[m.name] = {
      path: `/p4.v1.P4Runtime/${m.name}`,
      requestStream: m.requestStream,
      responseStream: m.responseStream,
      requestSerialize: (o: object) => Buffer.from(encode(request, o)),
      requestDeserialize: (b: Buffer) => decodeRequest(request, b),
      responseSerialize: (o: object) => Buffer.from(encode(response, o)),
      responseDeserialize: (b: Buffer) => decode<object>(response, b),
    };
  }
  return definition as grpc.ServiceDefinition;
}

function status(e: P4RuntimeError): Partial<grpc.StatusObject> {
  return { code: e.code as number as grpc.status, details: e.message };
}

/** The handlers of the service for one device. */
export function p4runtimeHandlers(device: P4RuntimeDevice, log: (message: string) => void = () => {}): grpc.UntypedServiceImplementation {
  const guard = (what: string, e: unknown): P4RuntimeError => {
    const error = asP4RuntimeError(e);
    if (error.code === Code.INTERNAL) log(`p4runtime: internal error in ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return error;
  };
  return {
    Write(call: grpc.ServerUnaryCall<M.WriteRequest, object>, callback: grpc.sendUnaryData<object>) {
      try {
        requireDecoded(call.request);
        const outcomes = device.write(call.request);
        const failed = outcomes.filter((o) => o !== undefined).length;
        if (failed === 0) {
          callback(null, {});
          return;
        }
        const message = `${failed} of ${outcomes.length} update(s) failed: ${outcomes.find((o) => o !== undefined && o.code !== Code.ABORTED)?.message ?? ''}`;
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', Buffer.from(writeStatusDetails(outcomes, message)));
        callback({ code: grpc.status.UNKNOWN, details: message, metadata });
      } catch (e) {
        callback(status(guard('Write', e)));
      }
    },
    Read(call: grpc.ServerWritableStream<M.ReadRequest, object>) {
      try {
        requireDecoded(call.request);
        const { entities, outcomes } = device.read(call.request);
        // Large reads go in several responses.
        for (let i = 0; i < entities.length || i === 0; i += 1000) call.write({ entities: entities.slice(i, i + 1000) });
        const failed = outcomes.filter((o) => o !== undefined);
        if (failed.length === 0) {
          call.end();
          return;
        }
        // The entities of the other requests were sent; the status is UNKNOWN with one p4.v1.Error per request.
        for (const o of failed) if (o!.code === Code.INTERNAL) log(`p4runtime: internal error in Read: ${o!.message}`);
        const message = `${failed.length} of ${outcomes.length} read request(s) failed: ${failed[0]!.message}`;
        const metadata = new grpc.Metadata();
        metadata.set('grpc-status-details-bin', Buffer.from(writeStatusDetails(outcomes, message)));
        call.emit('error', { code: grpc.status.UNKNOWN, details: message, metadata });
      } catch (e) {
        // grpc-js sends an 'error' emitted on a server stream as the call's status.
        call.emit('error', status(guard('Read', e)));
      }
    },
    SetForwardingPipelineConfig(call: grpc.ServerUnaryCall<M.SetForwardingPipelineConfigRequest, object>, callback: grpc.sendUnaryData<object>) {
      Promise.resolve().then(() => {
        requireDecoded(call.request);
        return device.setPipeline(call.request);
      }).then(
        () => callback(null, {}),
        (e: unknown) => callback(status(guard('SetForwardingPipelineConfig', e))),
      );
    },
    GetForwardingPipelineConfig(call: grpc.ServerUnaryCall<M.GetForwardingPipelineConfigRequest, object>, callback: grpc.sendUnaryData<object>) {
      try {
        requireDecoded(call.request);
        callback(null, device.getPipeline(call.request));
      } catch (e) {
        callback(status(guard('GetForwardingPipelineConfig', e)));
      }
    },
    Capabilities(call: grpc.ServerUnaryCall<{ device_id?: M.Int64 }, object>, callback: grpc.sendUnaryData<object>) {
      try {
        requireDecoded(call.request);
        callback(null, device.capabilities(call.request));
      } catch (e) {
        callback(status(guard('Capabilities', e)));
      }
    },
    StreamChannel(call: grpc.ServerDuplexStream<M.StreamMessageRequest, object>) {
      let open = true;
      const session: Session = {
        send: (message) => {
          if (open) call.write(message);
        },
      };
      const close = () => {
        if (!open) return;
        open = false;
        device.closeSession(session);
      };
      call.on('data', (message: M.StreamMessageRequest) => {
        if (!open) return;
        try {
          requireDecoded(message);
          device.streamMessage(session, message);
        } catch (e) {
          const error = guard('StreamChannel', e);
          if (message.update === 'arbitration' || session.deviceId === undefined) {
            // Arbitration errors end the stream with their code.
            close();
            call.emit('error', status(error));
            return;
          }
          // which kind of message the error is about (the specification requires the details be set)
          const details = message.update === 'packet' ? { packet_out: { packet_out: message.packet } } : message.update === 'digest_ack' ? { digest_list_ack: { digest_list_ack: message.digest_ack } } : { other: message.other ? { other: message.other } : {} };
          session.send({ error: { canonical_code: error.code, message: error.message, space: 'p4ts', ...details } });
        }
      });
      call.on('end', () => {
        close();
        call.end();
      });
      call.on('error', close);
      call.on('cancelled', close);
      call.on('close', close);
    },
  };
}

export interface P4RuntimeServer {
  readonly server: grpc.Server;
  /** The port bound (useful with port 0). */
  readonly port: number;
  /** Stops accepting calls, ends open streams, resolves when done. */
  close(): Promise<void>;
}

/** Serves `device` on `address` (`HOST:PORT`; port 0 picks a free one). */
export async function startP4RuntimeServer(device: P4RuntimeDevice, address: string, log?: (message: string) => void): Promise<P4RuntimeServer> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024, 'grpc.max_send_message_length': 256 * 1024 * 1024 });
  server.addService(p4runtimeServiceDefinition(), p4runtimeHandlers(device, log));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        device.close();
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}

/** A client of the service (untyped methods: `client.Write(request, callback)` ...). */
export function createP4RuntimeClient(address: string): grpc.Client & Record<string, (...args: unknown[]) => unknown> {
  const Client = grpc.makeGenericClientConstructor(p4runtimeServiceDefinition(), 'P4Runtime');
  return new Client(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, (...args: unknown[]) => unknown>;
}

/** The per-update errors of a failed Write, read from its `grpc-status-details-bin` trailer. */
export function writeErrorDetails(error: grpc.ServiceError): { canonical_code?: number; message?: string }[] {
  const raw = error.metadata?.get('grpc-status-details-bin')[0];
  if (raw === undefined || typeof raw === 'string') return [];
  const s = decode<{ details?: { type_url: string; value: Uint8Array }[] }>(messageType('google.rpc.Status'), raw);
  const ErrorType = messageType('p4.v1.Error');
  return (s.details ?? []).map((d) => decode(ErrorType, d.value));
}
