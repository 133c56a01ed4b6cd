/**
 * The popup menus' keyboard and outside-click rules in one place (Export, Scenarios,
 * Lessons): ↑/↓ move the focus round the items, Home/End jump to the ends, and a click
 * outside the menu and its button closes it. Escape and Tab stay with each menu (what
 * they close, where the focus returns).
 */

/** Moves the focus among `items` for ↑/↓ (wrapping) and Home/End; true when the key was one of those. */
export function moveMenuFocus(e: KeyboardEvent, items: HTMLElement[]): boolean {
  const n = items.length;
  if (!n) return false;
  const at = items.indexOf(document.activeElement as HTMLElement);
  let next: HTMLElement | undefined;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') next = items[(at + (e.key === 'ArrowDown' ? 1 : n - 1)) % n];
  else if (e.key === 'Home' || e.key === 'End') next = items[e.key === 'Home' ? 0 : n - 1];
  else return false;
  e.preventDefault();
  next?.focus();
  return true;
}

/** A click landed outside every one of `els` (the menu, its button). */
export function clickedOutside(e: MouseEvent, ...els: (Element | null | undefined)[]): boolean {
  const t = e.target as Node | null;
  return !els.some((el) => el && t && el.contains(t));
}
