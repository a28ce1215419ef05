/**
 * A P4Runtime client over gRPC (`@grpc/grpc-js`, our .proto messages): the unary RPCs and Read
 * as promises, and the StreamChannel as a queue of received messages. What `p4ts test
 * --via-p4runtime` drives a served switch with; any P4Runtime server will do.
 *
 * Every call takes a deadline (ms since the epoch, default none): a server that does not answer
 * in time fails the call with DEADLINE_EXCEEDED instead of hanging the caller.
 */
import * as grpc from '@grpc/grpc-js';
import type * as M from './server/messages.ts';
import { createP4RuntimeClient, writeErrorDetails } from './server/service.ts';

type Untyped = Record<string, (...args: unknown[]) => unknown>;

/** A failed call: its gRPC status, and for a failed Write or Read the `p4.v1.Error` of each update (request). */
export class P4RuntimeCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    readonly updates: readonly { readonly canonical_code?: number; readonly message?: string }[],
  ) {
    super(details);
    this.name = 'P4RuntimeCallError';
  }

  /** The first update that failed on its own (not ABORTED because another one failed). */
  firstUpdateError(): { readonly code: number; readonly message: string } | undefined {
    const e = this.updates.find((u) => (u.canonical_code ?? 0) !== 0 && u.canonical_code !== 10) ?? this.updates.find((u) => (u.canonical_code ?? 0) !== 0);
    return e === undefined ? undefined : { code: e.canonical_code ?? 0, message: e.message ?? '' };
  }
}

function callError(e: grpc.ServiceError): P4RuntimeCallError {
  return new P4RuntimeCallError(e.code, e.details, writeErrorDetails(e));
}

/** An open StreamChannel. */
export class P4RuntimeStream {
  private readonly queue: M.StreamMessageResponse[] = [];
  private readonly waiters: { resolve: (m: M.StreamMessageResponse) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> | undefined }[] = [];
  private ended: { code: number; details: string } | undefined;
  /** Called with each message as it arrives, before it is queued (return true: consumed, not queued). */
  onMessage: ((m: M.StreamMessageResponse) => boolean) | undefined;

  constructor(private readonly call: grpc.ClientDuplexStream<object, M.StreamMessageResponse>) {
    call.on('data', (m: M.StreamMessageResponse) => {
      if (this.onMessage?.(m) === true) return;
      const w = this.waiters.shift();
      if (w !== undefined) {
        if (w.timer !== undefined) clearTimeout(w.timer);
        w.resolve(m);
      } else this.queue.push(m);
    });
    const finish = (status: { code: number; details: string }) => {
      if (this.ended !== undefined) return;
      this.ended = status;
      for (const w of this.waiters.splice(0)) {
        if (w.timer !== undefined) clearTimeout(w.timer);
        w.reject(new P4RuntimeCallError(status.code, `the stream ended: ${status.details}`, []));
      }
    };
    call.on('error', (e: grpc.ServiceError) => finish({ code: e.code, details: e.details }));
    call.on('status', (s: grpc.StatusObject) => finish({ code: s.code, details: s.details }));
    call.on('end', () => finish({ code: 0, details: 'ended by the server' }));
  }

  send(message: M.StreamMessageRequest | object): void {
    this.call.write(message);
  }

  /** The next message (queued or to come); rejects after `timeoutMs` or when the stream ends. */
  next(timeoutMs = 5000): Promise<M.StreamMessageResponse> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended !== undefined) return Promise.reject(new P4RuntimeCallError(this.ended.code, `the stream ended: ${this.ended.details}`, []));
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject, timer: undefined as ReturnType<typeof setTimeout> | undefined };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new P4RuntimeCallError(grpc.status.DEADLINE_EXCEEDED, `no stream message within ${timeoutMs} ms`, []));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The messages received and not yet taken. */
  pending(): readonly M.StreamMessageResponse[] {
    return this.queue;
  }

  end(): void {
    this.call.end();
  }
}

export class P4RuntimeClient {
  private readonly raw: grpc.Client & Untyped;

  constructor(address: string) {
    this.raw = createP4RuntimeClient(address) as grpc.Client & Untyped;
  }

  private unary<T>(method: string, request: object, deadline: number | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const options: grpc.CallOptions = deadline !== undefined ? { deadline } : {};
      this.raw[method]!(request, new grpc.Metadata(), options, (error: grpc.ServiceError | null, response: T) => (error ? reject(callError(error)) : resolve(response)));
    });
  }

  write(request: M.WriteRequest, deadline?: number): Promise<void> {
    return this.unary<object>('Write', request, deadline).then(() => undefined);
  }

  read(request: M.ReadRequest, deadline?: number): Promise<M.Entity[]> {
    return new Promise((resolve, reject) => {
      const out: M.Entity[] = [];
      const options: grpc.CallOptions = deadline !== undefined ? { deadline } : {};
      const s = this.raw['Read']!(request, new grpc.Metadata(), options) as grpc.ClientReadableStream<{ entities?: M.Entity[] }>;
      s.on('data', (r: { entities?: M.Entity[] }) => out.push(...(r.entities ?? [])));
      s.on('error', (e: grpc.ServiceError) => reject(callError(e)));
      s.on('end', () => resolve(out));
    });
  }

  setPipeline(request: M.SetForwardingPipelineConfigRequest, deadline?: number): Promise<void> {
    return this.unary<object>('SetForwardingPipelineConfig', request, deadline).then(() => undefined);
  }

  getPipeline(request: M.GetForwardingPipelineConfigRequest, deadline?: number): Promise<{ config?: M.ForwardingPipelineConfig }> {
    return this.unary('GetForwardingPipelineConfig', request, deadline);
  }

  capabilities(deadline?: number): Promise<{ p4runtime_api_version?: string }> {
    return this.unary('Capabilities', {}, deadline);
  }

  stream(): P4RuntimeStream {
    return new P4RuntimeStream(this.raw['StreamChannel']!() as grpc.ClientDuplexStream<object, M.StreamMessageResponse>);
  }

  close(): void {
    this.raw.close();
  }
}
