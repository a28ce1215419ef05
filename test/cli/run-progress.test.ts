/** Progress of `p4ts run` (a clock of the test's own): shown at most every 250 ms, erased at the end; the rate line. */
import { describe, expect, it } from 'vitest';
import { formatRate, RunProgress } from '../../cli/run-progress.ts';

describe('RunProgress', () => {
  it('shows packets, rate, share of the input and time left, at most every 250 ms, and erases itself', () => {
    let now = 1000;
    let text = '';
    const p = new RunProgress({ write: (s: string) => (text += s) }, () => now);
    now += 100;
    p.update(1000, 10, 100);
    expect(text).toBe('');
    now += 900; // 1 s in: a quarter of the input read
    p.update(2_000_000, 25, 100);
    expect(text).toBe('\r\x1b[Kp4ts run: 2000000 packets, 2.00 Mpps, 25% of the input, ETA 3 s');
    now += 100;
    p.update(2_100_000, 26, 100);
    expect(text.split('\r\x1b[K')).toHaveLength(2); // not yet again
    now += 1000;
    const rate = p.finish(4_000_000);
    expect(text.endsWith('\r\x1b[K')).toBe(true);
    expect(rate).toMatch(/^rate: 4000000 packets in 2\.100 s, 1\.90 Mpps \(start-up not counted; CPU [\d.]+ s, all threads\)$/);
  });

  it('shows nothing without a terminal', () => {
    let now = 0;
    const p = new RunProgress(null, () => now);
    now = 5000;
    p.update(10, 1, 2);
    expect(p.finish(10)).toMatch(/^rate: 10 packets in 5\.000 s, 2 pps/);
  });

  it('formats rates', () => {
    expect([formatRate(2_345_678), formatRate(81_234), formatRate(35), formatRate(Infinity)]).toEqual(['2.35 Mpps', '81.2 kpps', '35 pps', '- pps']);
  });
});
