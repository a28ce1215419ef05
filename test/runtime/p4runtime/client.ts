/** A promise-based P4Runtime client over our service definition, for the tests. */
import type * as grpc from '@grpc/grpc-js';
import { createP4RuntimeClient, writeErrorDetails } from '../../../runtime/p4runtime/server/service.ts';

export interface TestClient {
  readonly raw: ReturnType<typeof createP4RuntimeClient>;
  unary(method: string, request: object): Promise<Record<string, unknown>>;
  read(request: object): Promise<Record<string, unknown>[]>;
  /** A stream: `send`, the messages received so far, `next()` for the next one. */
  stream(): TestStream;
  close(): void;
}

export interface TestStream {
  send(message: object): void;
  readonly received: Record<string, unknown>[];
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The status the stream ended with (code 0 when ended normally), once it has. */
  ended(): Promise<{ code: number; details: string }>;
  end(): void;
}

export function connect(port: number): TestClient {
  const raw = createP4RuntimeClient(`127.0.0.1:${port}`);
  const call = raw as unknown as Record<string, (...args: unknown[]) => grpc.ClientReadableStream<unknown> & grpc.ClientDuplexStream<unknown, unknown>>;
  return {
    raw,
    unary: (method, request) =>
      new Promise((resolve, reject) => {
        call[method]!(request, (error: grpc.ServiceError | null, response: Record<string, unknown>) => (error ? reject(error) : resolve(response)));
      }),
    read: (request) =>
      new Promise((resolve, reject) => {
        const out: Record<string, unknown>[] = [];
        const s = call['Read']!(request);
        s.on('data', (r: { entities?: Record<string, unknown>[] }) => out.push(...(r.entities ?? [])));
        s.on('error', reject);
        s.on('end', () => resolve(out));
      }),
    stream: () => {
      const s = call['StreamChannel']!();
      const received: Record<string, unknown>[] = [];
      const waiters: ((m: Record<string, unknown>) => void)[] = [];
      let status: { code: number; details: string } | undefined;
      const statusWaiters: ((s: { code: number; details: string }) => void)[] = [];
      s.on('data', (m: Record<string, unknown>) => {
        const w = waiters.shift();
        if (w) w(m);
        else received.push(m);
      });
      const finish = (st: { code: number; details: string }) => {
        if (status) return;
        status = st;
        for (const w of statusWaiters) w(st);
      };
      s.on('error', (e: grpc.ServiceError) => finish({ code: e.code, details: e.details }));
      s.on('status', (st: grpc.StatusObject) => finish({ code: st.code, details: st.details }));
      return {
        send: (m) => s.write(m),
        received,
        next: (timeoutMs = 5000) =>
          new Promise((resolve, reject) => {
            const m = received.shift();
            if (m) return resolve(m);
            const t = setTimeout(() => reject(new Error('no stream message in time')), timeoutMs);
            waiters.push((x) => {
              clearTimeout(t);
              resolve(x);
            });
          }),
        ended: () => new Promise((resolve) => (status ? resolve(status) : statusWaiters.push(resolve))),
        end: () => s.end(),
      };
    },
    close: () => raw.close(),
  };
}

export { writeErrorDetails };
