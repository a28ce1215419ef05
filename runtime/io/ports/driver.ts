/**
 * Connects ports to a running switch: frames received on a port are injected on its port number,
 * frames the switch transmits go to the port of that number. The switch runs once per event-loop
 * turn in which frames arrived, over all of them (a batch), and again on later turns while
 * packets wait on a co-processor.
 *
 * Use:
 *   const driver = new PortDriver(ports, { onError });
 *   const sw = new V1Switch(program, { ...options, ...driver.switchOptions });
 *   driver.attach(sw);
 *   await driver.open();       // binds sockets, opens files, starts receiving
 *   …                          // await driver.inputsDone(), a signal, a duration
 *   await driver.close();
 */
import { PORT_COUNT } from '../../v1model/constants.ts';
import { OutputOrder, type OrderedOutput, type OrderKey } from '../order/index.ts';
import type { V1Switch } from '../../v1model/switch.ts';

/**
 * What the driver uses of a switch: the v1model switch's, which the PSA switch has as well (a
 * switch of either architecture can be attached).
 */
export type DrivenSwitch = Pick<V1Switch<unknown>, 'inject' | 'inFlight' | 'runUntilIdle' | 'pump' | 'executor'>;
import { CapturingPort } from './capture.ts';
import { DatagramPort } from './datagram-port.ts';
import { pcapCodec, type FrameFileCodec } from './frame-files.ts';
import { PcapPort } from './pcap-port.ts';
import type { Port, PortReceiver } from './port.ts';
import type { PortSpec } from './spec.ts';

/** Creates the port a spec describes (nothing is opened yet), with `--pcap DIR` captures when `captureDir` is given. */
export function createPort(spec: PortSpec, options: { readonly codec?: FrameFileCodec; readonly captureDir?: string } = {}): Port {
  const codec = options.codec ?? pcapCodec;
  const port = spec.kind === 'pcap' ? new PcapPort(spec, codec) : new DatagramPort(spec);
  return options.captureDir === undefined ? port : new CapturingPort(port, options.captureDir, codec);
}

export interface PortDriverOptions {
  /**
   * The switch's extern executor completes tasks on another thread (the worker co-processor):
   * the driver lets the event loop turn while packets wait, instead of `runUntilIdle`.
   */
  readonly externsOnWorker?: boolean;
  /** Packets in the switch at most; frames arriving beyond are dropped as overrun (default 512). */
  readonly maxInFlight?: number;
  /** Work items per turn when `externsOnWorker` (default 1024). */
  readonly turnBudget?: number;
  /** A port failed or the switch threw; the driver keeps running the other ports. */
  readonly onError?: (message: string) => void;
  /**
   * Keep the packets of one flow (5-tuple) or of one ingress port leaving in arrival order
   * (`runtime/io/order/`); for the asynchronous modes, where a packet waiting on an extern is
   * otherwise overtaken.
   */
  readonly order?: OrderKey;
}

export class PortDriver implements PortReceiver {
  /** Ports by switch port number. */
  readonly ports: ReadonlyMap<number, Port>;
  /** Frames the switch transmitted on a port number that no port is connected to (discarded). */
  unconnected = 0;
  /** The order stage (`order` option), or null. */
  readonly order: OutputOrder | null;
  /** Hands a transmitted frame to its port. */
  readonly transmit = (port: number, buffer: Uint8Array, offset: number, length: number): void => {
    const p = this.byNumber[port];
    if (p === undefined) this.unconnected++;
    else p.send(buffer, offset, length);
  };
  /**
   * What the `V1Switch` must be created with: its outputs (and, with an order stage, its drops)
   * come to the driver. Bound functions, so they can be given before `attach`.
   */
  readonly switchOptions: { readonly onOutputRaw: OrderedOutput; readonly onDrop?: OutputOrder['drop'] };

  private readonly byNumber: (Port | undefined)[] = new Array<Port | undefined>(PORT_COUNT).fill(undefined);
  private readonly externsOnWorker: boolean;
  private readonly maxInFlight: number;
  private readonly turnBudget: number;
  private readonly onError: (message: string) => void;
  private sw: DrivenSwitch | null = null;
  private scheduled = false;
  private opened = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly onTurn = (): void => this.turn();

  constructor(ports: readonly Port[], options: PortDriverOptions = {}) {
    const map = new Map<number, Port>();
    for (const p of ports) {
      if (map.has(p.number)) throw new Error(`port ${p.number} given twice`);
      map.set(p.number, p);
      this.byNumber[p.number] = p;
    }
    this.ports = map;
    this.externsOnWorker = options.externsOnWorker ?? false;
    this.maxInFlight = options.maxInFlight ?? 512;
    this.turnBudget = options.turnBudget ?? 1024;
    this.onError = options.onError ?? ((m) => process.stderr.write(`p4ts: error: ${m}\n`));
    this.order = options.order !== undefined ? new OutputOrder({ key: options.order, emit: this.transmit }) : null;
    this.switchOptions = this.order !== null ? { onOutputRaw: this.order.output, onDrop: this.order.drop } : { onOutputRaw: this.transmit };
  }

  /** The switch to run (created with `driver.switchOptions`). */
  attach(sw: DrivenSwitch): void {
    this.sw = sw;
  }

  /** Opens every port; if one cannot be opened, closes those opened and rejects with its reason. */
  async open(): Promise<void> {
    if (this.sw === null) throw new Error('PortDriver.open: attach a switch first');
    const opened: Port[] = [];
    try {
      for (const p of this.ports.values()) {
        await p.open(this);
        opened.push(p);
      }
    } catch (e) {
      for (const p of opened) await p.close().catch(() => undefined);
      throw e;
    }
    this.opened = true;
  }

  /** Resolves when every port with a finite input (replayed file) is done and the switch is idle. */
  async inputsDone(): Promise<void> {
    const inputs: Promise<void>[] = [];
    for (const p of this.ports.values()) if (p.inputDone !== undefined) inputs.push(p.inputDone);
    await Promise.all(inputs);
    await this.idle();
  }

  /** Resolves once the switch has no packet in flight. */
  idle(): Promise<void> {
    if (this.sw === null || (this.sw.inFlight === 0 && !this.scheduled)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops receiving, lets the switch finish what is in flight, and closes every port. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.opened) await this.idle();
    const errors: string[] = [];
    for (const p of this.ports.values()) {
      try {
        await p.close();
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    if (errors.length > 0) throw new Error(errors.join('\n'));
  }

  // PortReceiver ----------------------------------------------------------------------------

  receive(port: number, frame: Uint8Array): boolean {
    const sw = this.sw!;
    if (this.closed || sw.inFlight >= this.maxInFlight) return false;
    const order = this.order;
    let taken: boolean;
    if (order === null) taken = sw.inject(port, frame);
    else {
      const ticket = order.admit(port, frame, 0, frame.length);
      if (ticket < 0) return false;
      taken = sw.inject(port, frame, frame.length, ticket);
      if (!taken) order.cancel(ticket);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.onTurn);
    }
    return taken;
  }

  room(): number {
    const sw = this.sw;
    if (sw === null || this.closed || this.order?.full === true) return 0;
    return Math.max(0, this.maxInFlight - sw.inFlight);
  }

  fail(_port: number, message: string): void {
    this.onError(message);
  }

  // Running the switch ---------------------------------------------------------------------

  private turn(): void {
    this.scheduled = false;
    const sw = this.sw!;
    try {
      if (!this.externsOnWorker) sw.runUntilIdle();
      else {
        let budget = this.turnBudget;
        while (budget > 0) {
          const worked = sw.pump();
          if (worked === 0) break;
          budget -= worked;
        }
        if (sw.inFlight > 0) {
          sw.executor.flush();
          this.scheduled = true;
          setImmediate(this.onTurn);
          return;
        }
      }
    } catch (e) {
      this.onError(`the switch stopped a run: ${e instanceof Error ? e.message : String(e)}`);
      if (sw.inFlight > 0) {
        this.scheduled = true;
        setImmediate(this.onTurn);
        return;
      }
    }
    const waiters = this.idleWaiters;
    if (waiters.length > 0) {
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
