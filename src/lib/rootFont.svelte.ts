/**
 * The page's root font size as reactive state, for drawings sized from it (rows, axes:
 * the font grows with the screen, so they stay legible on a projector). Call it while a
 * component initialises: `const font = rootFont(); const rowH = $derived(font.px * 1.5);`
 * — it reads the size once the component is mounted (`fallback` until then).
 */
import { onMount } from 'svelte';
import { rootFontPx } from './canvas';

export function rootFont(fallback = 14): { readonly px: number } {
  let px = $state(fallback);
  onMount(() => {
    px = rootFontPx(fallback);
  });
  return {
    get px() {
      return px;
    },
  };
}
