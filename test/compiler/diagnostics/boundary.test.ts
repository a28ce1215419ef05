import { describe, expect, it } from 'vitest';
import { runStage } from '../../../compiler/diagnostics/boundary.ts';
import { DiagnosticBag, InternalDiagnostics, SyntaxDiagnostics } from '../../../compiler/diagnostics/index.ts';

describe('runStage (the error boundary)', () => {
  it('returns the stage result and reports nothing when the stage does not throw', () => {
    const bag = new DiagnosticBag();
    expect(runStage(bag, 'parse', () => 42)).toBe(42);
    expect(bag.all).toEqual([]);
  });

  it('turns an exception into a compiler-bug diagnostic naming the stage and carrying the stack', () => {
    const bag = new DiagnosticBag();
    const result = runStage(bag, 'lowering', () => {
      throw new Error('boom');
    });
    expect(result).toBeUndefined();
    expect(bag.all).toHaveLength(1);
    const d = bag.all[0]!;
    expect(d.code).toBe(InternalDiagnostics.CompilerBug.code);
    expect(d.severity).toBe('internal');
    expect(d.message).toMatch(/^compiler bug: lowering: Error: boom\n\s+at /);
  });

  it('lets the stage claim an exception it expects (reported its own way, not as a bug)', () => {
    const bag = new DiagnosticBag();
    class Known extends Error {}
    const result = runStage(
      bag,
      'code generation',
      () => {
        throw new Known('unsupported');
      },
      (error, b) => {
        if (!(error instanceof Known)) return false;
        b.report(SyntaxDiagnostics.SyntaxError, undefined, [error.message]);
        return true;
      },
    );
    expect(result).toBeUndefined();
    expect(bag.all.map((d) => d.code)).toEqual([SyntaxDiagnostics.SyntaxError.code]);
  });

  it('reports an exception the handler does not claim as a compiler bug, and a thrown non-Error as text', () => {
    const bag = new DiagnosticBag();
    runStage(bag, 'check', () => {
      throw 'a string';
    }, () => false);
    expect(bag.all.map((d) => d.message)).toEqual(['compiler bug: check: a string']);
  });
});
