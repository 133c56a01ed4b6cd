/** The first-visit bar's memory (src/lessons/welcome.ts): one key, every access guarded. */
import { describe, expect, it } from 'vitest';
import { dismissWelcome, welcomed, WELCOME_KEY } from '../../src/lessons/welcome';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}
const throwing: Pick<Storage, 'getItem' | 'setItem'> = {
  getItem: () => {
    throw new Error('SecurityError: storage is blocked');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('first visit', () => {
  it('is offered until dismissed, then remembered under one key', () => {
    const s = memory();
    expect(welcomed(s)).toBe(false);
    expect(dismissWelcome(s)).toBe(true);
    expect(s.data.get(WELCOME_KEY)).toBe('1');
    expect(welcomed(s)).toBe(true);
  });

  it('storage that throws or is missing: offered again, never an error', () => {
    expect(welcomed(throwing)).toBe(false);
    expect(dismissWelcome(throwing)).toBe(false);
    expect(welcomed(null)).toBe(false);
    expect(dismissWelcome(null)).toBe(false);
    // in Node there is no localStorage at all
    expect(() => welcomed()).not.toThrow();
  });
});
