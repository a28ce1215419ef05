import { afterEach, describe, expect, it } from 'vitest';
import { arg } from '../../../bench/harness/args.ts';

describe('arg', () => {
  const saved = process.argv;
  afterEach(() => {
    process.argv = saved;
  });

  it('gives the value after the option, or the default when the option or its value is missing', () => {
    process.argv = ['node', 'bench/x.ts', '--rounds', '9', '--root'];
    expect(arg('--rounds', '15')).toBe('9');
    expect(arg('--seconds', '0.3')).toBe('0.3');
    expect(arg('--root', 'here')).toBe('here');
  });

  it('without a default: the value, or undefined when the option or its value is missing', () => {
    process.argv = ['node', 'bench/x.ts', '--valid', 'list.txt', '--outputs'];
    expect(arg('--valid')).toBe('list.txt');
    expect(arg('--errors')).toBeUndefined();
    expect(arg('--outputs')).toBeUndefined();
  });
});
