import { describe, expect, it } from 'vitest';
import { RetryLaterError, TerminalError } from './engine-driver.js';
import { FailureGate } from './failure-gate.js';

describe(FailureGate, () => {
  it('lets a workload through until it fails', () => {
    expect(new FailureGate().allows('a', 'r1', 0)).toBe(true);
  });

  it('holds a retryable failure back for base · 2^(attempts-1), capped', () => {
    const gate = new FailureGate({ baseMs: 1000, capMs: 5000 });
    const waits = [1, 2, 3, 4, 5].map((_, i) => {
      const at = i * 100_000;
      return gate.record('a', 'r1', new RetryLaterError('busy'), at).retryAt - at;
    });
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(gate.allows('a', 'r1', 400_000 + 4999)).toBe(false);
    expect(gate.allows('a', 'r1', 400_000 + 5000)).toBe(true);
  });

  it("honours a RetryLaterError's own delay", () => {
    const gate = new FailureGate();
    expect(gate.record('a', 'r1', new RetryLaterError('pull', { afterMs: 42 }), 0).retryAt).toBe(
      42,
    );
  });

  it('treats an unknown error as retryable', () => {
    const gate = new FailureGate({ baseMs: 10 });
    expect(gate.record('a', 'r1', new Error('bug'), 0)).toMatchObject({
      terminal: false,
      retryAt: 10,
    });
  });

  it('holds a terminal failure until the revision changes', () => {
    const gate = new FailureGate();
    gate.record('a', 'r1', new TerminalError('bad spec'), 0);
    expect(gate.allows('a', 'r1', Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(gate.allows('a', 'r2', 0)).toBe(true);
  });

  it('says when a failure repeats the previous one, so it is reported once', () => {
    const gate = new FailureGate();
    expect(gate.record('a', 'r1', new Error('x'), 0).repeated).toBe(false);
    expect(gate.record('a', 'r1', new Error('x'), 0).repeated).toBe(true);
    expect(gate.record('a', 'r1', new Error('y'), 0).repeated).toBe(false);
  });

  it('forgets workloads that are no longer desired, and clears on success', () => {
    const gate = new FailureGate();
    gate.record('a', 'r1', new Error('x'), 0);
    gate.record('b', 'r1', new Error('x'), 0);
    gate.retain(new Set(['b']));
    gate.clear('b');
    expect([gate.get('a'), gate.get('b'), gate.nextRetryAt()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
