import { describe, expect, it } from 'vitest';
import { addOps, opCycles, opsOf, pathCost, profiles, type Profile } from '../../../runtime/model/index.ts';
import { exampleWork } from './example-work.ts';

const apu = profiles.apu4d4;
const ipsec = exampleWork('ipsec-esp').extern;
const burn = exampleWork('custom-extern').extern;

/** The APU profile with one runtime or mode setting changed. */
function withRuntime(runtime: Partial<Profile['runtime']>, modes: Partial<Profile['modes']> = {}): Profile {
  return { ...apu, runtime: { ...apu.runtime, ...runtime }, modes: { ...apu.modes, ...modes } };
}

describe('pathCost: a runtime that offloads each transform as a task of its own (T4P4S)', () => {
  const one = pathCost(ipsec, 'sync', withRuntime({ taskPerTransform: false }));
  const two = pathCost(ipsec, 'sync', withRuntime({ taskPerTransform: true }));

  it('makes the ESP call (AES-CBC + HMAC-MD5) two tasks, the cipher first', () => {
    expect(ipsec.externCalls).toHaveLength(1);
    expect(ipsec.externCalls[0]!.ops.map((o) => o.kind)).toEqual(['aes-cbc', 'hmac']);
    expect(one.calls).toHaveLength(1);
    expect(two.calls).toHaveLength(2);
  });

  it('the co-processor does the same transforms, with its per-task handling twice', () => {
    const service = two.calls.reduce((s, c) => s + c.serviceCycles, 0);
    expect(service - one.calls[0]!.serviceCycles).toBeCloseTo(apu.coproc.taskCycles, 6);
    expect(two.calls[1]!.serviceCycles).toBeGreaterThan(two.calls[0]!.serviceCycles); // 3 MD5 blocks cost more than 3 AES blocks
  });

  it('the main core frames the operation once (before the first task, after the last) and pays the extern-call work per task', () => {
    const main = (p: typeof one): number => p.calls.reduce((s, c) => s + c.beforeCycles + c.afterCycles, 0);
    expect(main(two) - main(one)).toBeCloseTo(apu.cpu.externCallCycles + apu.cpu.copyCallCycles + apu.runtime.taskHandleBytes * apu.cpu.copyPerByte, 6);
    expect(two.calls[0]!.afterCycles).toBe(0);
    expect(two.calls[1]!.afterCycles).toBeCloseTo(one.calls[0]!.afterCycles, 6);
    expect(two.calls[0]!.beforeCycles).toBeGreaterThan(two.calls[1]!.beforeCycles);
  });

  it('leaves a call with one transform alone', () => {
    expect(pathCost(burn, 'longjump', withRuntime({ taskPerTransform: true }))).toEqual(pathCost(burn, 'longjump', withRuntime({ taskPerTransform: false })));
  });
});

describe('pathCost: what a packet pays once in context mode', () => {
  it('context creation and the switches into and out of the packet\u2019s context go with its first task only', () => {
    const p = withRuntime({ taskPerTransform: true }, { contextSwitchesPerPacket: 2, contextCreateCycles: 800 });
    const [first, second] = pathCost(ipsec, 'context', p).calls;
    expect(first!.suspendCycles - second!.suspendCycles).toBeCloseTo(800 + 2 * p.modes.contextSwitchCycles, 6);
    expect(first!.resumeCycles).toBe(second!.resumeCycles);
  });

  it('a packet\u2019s switches are the two of each call when the profile counts none per packet (p4ts)', () => {
    const none = withRuntime({}, { contextSwitchesPerPacket: 0, contextCreateCycles: 0, contextFrameBytes: 0, contextCopiesDescriptor: false });
    const [c] = pathCost(burn, 'context', none).calls;
    expect(c!.suspendCycles).toBeCloseTo(none.modes.contextSwitchCycles + none.modes.asyncTaskCycles, 6);
    expect(c!.resumeCycles).toBeCloseTo(none.modes.contextSwitchCycles + none.modes.asyncResultCycles, 6);
  });

  it('copies the packet\u2019s descriptor (its state at the site) at a suspend and a resume when the runtime does (T4P4S)', () => {
    const copies = pathCost(burn, 'context', withRuntime({}, { contextCopiesDescriptor: true, contextFrameBytes: 0 })).calls[0]!;
    const not = pathCost(burn, 'context', withRuntime({}, { contextCopiesDescriptor: false, contextFrameBytes: 0 })).calls[0]!;
    const copy = apu.cpu.copyCallCycles + burn.liveStateBytes * apu.cpu.copyPerByte;
    expect(burn.liveStateBytes).toBeGreaterThan(0);
    expect(copies.suspendCycles - not.suspendCycles).toBeCloseTo(copy, 6);
    expect(copies.resumeCycles - not.resumeCycles).toBeCloseTo(copy, 6);
  });
});

describe('the paper profiles price an extern as T4P4S runs it', () => {
  const encrypt = exampleWork('encrypt').extern;
  /** Context switches a packet of `path` pays in context mode (what its suspends and resumes cost beyond creation, copies and queueing). */
  const switches = (path: typeof ipsec): number => {
    const m = apu.modes;
    const calls = pathCost(path, 'context', apu).calls;
    const copy = apu.cpu.copyCallCycles + path.liveStateBytes * apu.cpu.copyPerByte;
    const rest = m.contextCreateCycles + calls.length * (2 * copy + m.asyncTaskCycles + m.asyncResultCycles);
    return (calls.reduce((s, c) => s + c.suspendCycles + c.resumeCycles, 0) - rest) / m.contextSwitchCycles;
  };

  it('an ESP encapsulation is two tasks, the AES encryption and then the HMAC, in every mode', () => {
    for (const mode of ['sync', 'context', 'longjump'] as const) {
      const calls = pathCost(ipsec, mode, apu).calls;
      expect(calls, mode).toHaveLength(2);
      expect(calls[1]!.serviceCycles - calls[0]!.serviceCycles, mode).toBeCloseTo(3 * apu.coproc.md5BlockCycles - 3 * apu.coproc.aesBlockCycles, 6);
    }
  });

  it('no task data is copied: a task costs the main core its extern-call work and the 8-byte handle', () => {
    const [aes, mac] = pathCost(ipsec, 'sync', apu).calls;
    expect(mac!.beforeCycles).toBeCloseTo(apu.cpu.externCallCycles + apu.cpu.copyCallCycles + 8 * apu.cpu.copyPerByte, 6);
    expect(aes!.afterCycles).toBe(0);
  });

  it('context mode: seven switches per IPsec packet, five per encryption packet (two per task; per packet, in and out, and getcontext, which makes the same system call)', () => {
    expect(switches(ipsec)).toBeCloseTo(7, 6);
    expect(switches(encrypt)).toBeCloseTo(5, 6);
  });

  it('longjump re-enters an IPsec packet twice, each time rerunning the per-packet work and the pipeline from the parser to the site', () => {
    const calls = pathCost(ipsec, 'longjump', apu).calls;
    const toSite = opCycles(addOps(opsOf(ipsec), ipsec.afterLastCall, -1), apu);
    const state = apu.cpu.copyCallCycles + ipsec.liveStateBytes * apu.cpu.copyPerByte;
    expect(calls).toHaveLength(2);
    for (const c of calls) expect(c.resumeCycles).toBeCloseTo(apu.modes.reentryCycles + state + apu.cpu.pipelinePacketCycles + toSite + apu.modes.asyncResultCycles, 6);
    // the table before the site is run again: more than the parser alone
    expect(toSite).toBeGreaterThan(ipsec.reparseHeaders * apu.cpu.parseHeaderCycles + ipsec.reparseBytes * apu.cpu.parseByteCycles + apu.cpu.lookupCycles.range - 1e-6);
  });

  it('a rerun that is not from the start repeats the per-packet work and the parser only', () => {
    const calls = pathCost(ipsec, 'longjump', withRuntime({}, { rerunFromStart: false })).calls;
    const state = apu.cpu.copyCallCycles + ipsec.liveStateBytes * apu.cpu.copyPerByte;
    const reparse = ipsec.reparseHeaders * apu.cpu.parseHeaderCycles + ipsec.reparseBytes * apu.cpu.parseByteCycles;
    for (const c of calls) expect(c.resumeCycles).toBeCloseTo(apu.modes.reentryCycles + state + apu.cpu.pipelinePacketCycles + reparse + apu.modes.asyncResultCycles, 6);
  });
});
