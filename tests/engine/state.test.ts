// The byte-level state comparison the determinism tests rely on finds a one-byte change.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../worker/engine/engine';
import { defaultScenario } from '../../worker/scenario/schema';
import { sameBytes, stateDiff } from './state';

const small = () => new Engine({ ...defaultScenario(), params: { 'cluster.nodes': 400 } });

describe('stateDiff', () => {
  it('two engines of one scenario agree; a changed byte, scalar or log entry is named', () => {
    const a = small(),
      b = small();
    a.runUntil(5_000);
    b.runUntil(5_000);
    expect(stateDiff(a, b)).toEqual([]);
    b.servers.truth[3] ^= 1;
    expect(stateDiff(a, b)).toEqual(['servers.truth']);
    b.servers.truth[3] ^= 1;
    b.sim.note({ code: 'test.mark' });
    expect(stateDiff(a, b)).toContain('log'); // (and the audit log's arrays, which copy it)
  });

  it('sameBytes compares bytes, not element values', () => {
    expect(sameBytes(new Float64Array([0]), new Float64Array([-0]))).toBe(false);
    expect(sameBytes(new Uint8Array([1, 2, 3, 4]), new Uint32Array([0x04030201]))).toBe(true);
    expect(sameBytes(new Uint8Array([1, 2, 3]).subarray(1), new Uint8Array([2, 3]))).toBe(true);
  });
});
