import { describe, expect, it } from 'vitest';
import { PORT_COUNT, Stage, StraightStatus } from '../../../runtime/v1model/constants.ts';
import { CLOCK_REFRESH } from '../../../runtime/v1model/switch.ts';

// The receive path (`receive`, `receiveBuffer`, `runNow`) and `DescriptorPool.beginPacket` write
// these constants as literals (a module constant costs a cell load per packet); each literal's
// comment names its constant. If a constant changes, these fail: change the literals with it.
describe('the constants the receive path writes as literals', () => {
  it('PORT_COUNT is 512, so `(port & 511) === port` is the check 0 <= port < PORT_COUNT', () => {
    expect(PORT_COUNT).toBe(512);
    for (const port of [0, 1, 510, 511]) expect((port & (PORT_COUNT - 1)) === port).toBe(true);
    for (const port of [512, 513, 1024, -1, 0.5]) expect((port & (PORT_COUNT - 1)) === port).toBe(false);
  });

  it('CLOCK_REFRESH is 256, a power of two, so `(packetId & 255) === 1` holds once every CLOCK_REFRESH ids', () => {
    expect(CLOCK_REFRESH).toBe(256);
    let reads = 0;
    for (let id = 1; id <= 4 * CLOCK_REFRESH; id++) if ((id & 255) === 1) reads++;
    expect(reads).toBe(4);
  });

  it('a new packet starts at stage 0, the parser', () => {
    expect(Stage.PARSER).toBe(0);
  });

  it('the straight path is done at status 0 or 1 and every other status is greater than 1 (`status > 1`)', () => {
    expect(StraightStatus.DONE).toBe(0);
    expect(StraightStatus.DONE_FUSED).toBe(1);
    const others = Object.entries(StraightStatus).filter(([name]) => name !== 'DONE' && name !== 'DONE_FUSED');
    expect(others.length).toBeGreaterThan(0);
    for (const [, status] of others) expect(status).toBeGreaterThan(1);
  });
});
