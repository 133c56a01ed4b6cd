/**
 * Whether this browser has dismissed the first-visit bar (src/lessons/FirstVisit.svelte).
 * Kept in localStorage under one key; every access is guarded, since storage may be
 * missing (Node, an old browser) or throw (private mode, blocked cookies, a full
 * quota): then the bar is simply offered again.
 */
export const WELCOME_KEY = 'feitian.welcomed';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function store(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // reading the property itself may throw (storage blocked)
  }
}

/** True once the bar was dismissed in this browser. */
export function welcomed(s: Store | null = store()): boolean {
  try {
    return s?.getItem(WELCOME_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers the dismissal; false when it could not be kept. */
export function dismissWelcome(s: Store | null = store()): boolean {
  try {
    if (!s) return false;
    s.setItem(WELCOME_KEY, '1');
    return true;
  } catch {
    return false;
  }
}
