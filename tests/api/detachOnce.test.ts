import { describe, expect, it } from 'vitest';
import { detachEveryTypedArrayKind } from '../../worker/detachOnce';

describe('detachEveryTypedArrayKind (worker start, worker/index.ts)', () => {
  it('detaches a buffer under every typed-array kind (it throws when a view still has bytes)', () => {
    expect(() => detachEveryTypedArrayKind()).not.toThrow();
  });
});
